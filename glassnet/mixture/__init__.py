"""Mixture models: densities built from several Gaussians, fitted by EM."""
from glassnet.mixture._gaussian_mixture import GaussianMixture

__all__ = ["GaussianMixture"]
