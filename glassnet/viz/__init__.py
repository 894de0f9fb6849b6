"""Pictures, for when looking beats reading: learning curves, decision boundaries, images,
filters and feature maps. The only part of glassnet that imports matplotlib.

Each function draws on ``ax`` (or a new figure when ``ax`` is None) and returns the figure,
so it works the same in a notebook, a script (``fig.savefig``) or a test.
"""
from glassnet.viz.boundary import plot_decision_boundary
from glassnet.viz.curves import plot_history
from glassnet.viz.images import plot_feature_maps, plot_filters, show_images

__all__ = ["plot_history", "plot_decision_boundary", "show_images", "plot_filters", "plot_feature_maps"]
from glassnet.viz.recurrent import plot_recurrent_states
from glassnet.viz.latent import plot_latent_grid, plot_latent_space

__all__ += ["plot_recurrent_states", "plot_latent_space", "plot_latent_grid"]
