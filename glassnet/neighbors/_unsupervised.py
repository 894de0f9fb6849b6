"""Nearest neighbours without a target: who is close to whom (k-distance plots, DBSCAN's eps, ...)."""
from __future__ import annotations

from glassnet.neighbors._base import KNeighborsMixin
from glassnet.neighbors._radius import RadiusNeighborsMixin
from glassnet.utils.validation import validate_data


class NearestNeighbors(KNeighborsMixin):
    """Remember X; ``kneighbors`` gives the k nearest training points of each query (distances
    and indices, nearest first), ``radius_neighbors`` those within ``radius``.

    The distance is Minkowski's, d(a, b) = (Σⱼ |aⱼ − bⱼ|ᵖ)^(1/p) (p = 2: Euclidean), found by
    brute force (``algorithm`` is accepted for scikit-learn's sake and changes nothing).
    """

    weights = "uniform"   # no weighting without a target (read by the shared parameter check)

    def __init__(self, *, n_neighbors: int = 5, radius: float = 1.0, algorithm: str = "auto", leaf_size: int = 30,
                 metric: str = "minkowski", p: float = 2, metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X, y=None) -> "NearestNeighbors":
        X = validate_data(self, X)
        self._fit_data(X)
        return self

    radius_neighbors = RadiusNeighborsMixin.radius_neighbors
