"""Pictures, for when looking beats reading: learning curves, decision boundaries, images,
filters and feature maps, loss landscapes with descent paths, learning rates, activations and
their derivatives, trees, networks, autodiff graphs, the bias-variance trade-off,
regularisation paths, learning and validation curves, and small matrices with their numbers.
The only part of glassnet that imports matplotlib; ``style("slides")`` sizes all of it for a projector.

Each function draws on ``ax`` (or a new figure when ``ax`` is None) and returns the figure,
so it works the same in a notebook, a script (``fig.savefig``) or a test.
"""
from glassnet.viz.boundary import plot_decision_boundary
from glassnet.viz.confusion import ConfusionMatrixDisplay
from glassnet.viz.curves import plot_history
from glassnet.viz.images import plot_feature_maps, plot_filters, show_images
from glassnet.viz.landscape import plot_loss_landscape
from glassnet.viz.learning_rates import plot_learning_rates
from glassnet.viz.style import style
from glassnet.viz.functions import plot_function
from glassnet.viz.matrix import show_matrix
from glassnet.viz.tree import plot_tree
from glassnet.viz.network import plot_network
from glassnet.viz.graph import plot_graph
from glassnet.viz.bias_variance import plot_bias_variance
from glassnet.viz.regularization import plot_regularization_path
from glassnet.viz.validation import plot_learning_curve, plot_validation_curve
from glassnet.viz.model_graph import draw_model_graph

__all__ = ["plot_history", "plot_decision_boundary", "show_images", "plot_filters", "plot_feature_maps",
           "plot_loss_landscape", "plot_learning_rates", "style", "plot_function", "show_matrix",
           "plot_tree", "plot_network", "plot_graph", "plot_bias_variance",
           "plot_regularization_path", "plot_learning_curve", "plot_validation_curve", "draw_model_graph",
           "ConfusionMatrixDisplay",
           "plot_recurrent_states", "plot_latent_space", "plot_latent_grid"]
from glassnet.viz.recurrent import plot_recurrent_states
from glassnet.viz.latent import plot_latent_grid, plot_latent_space
from glassnet.viz.score_curves import PrecisionRecallDisplay, RocCurveDisplay

__all__ += ["RocCurveDisplay", "PrecisionRecallDisplay"]
