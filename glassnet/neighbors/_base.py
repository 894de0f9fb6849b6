"""What both k-nearest-neighbour estimators share: remember the data, find the k nearest."""
from __future__ import annotations

import numbers
import os

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.neighbors._distance import BruteForceIndex, resolve_metric
from glassnet.utils.validation import check_is_fitted, validate_data


# scikit-learn's trees find the same neighbours as the brute-force search, faster in few
# dimensions; glassnet always compares the query with every training point (one matrix product
# per block), so 'ball_tree' and 'kd_tree' give the same answer, and leaf_size (a tree setting)
# changes nothing.
ALGORITHMS = ("auto", "ball_tree", "kd_tree", "brute")


class KNeighborsMixin(BaseEstimator):
    """Fitting a k-NN model is remembering the training set; the work happens at query time."""

    def __init__(self, n_neighbors: int = 5, *, weights="uniform", algorithm: str = "auto", leaf_size: int = 30,
                 p: float = 2, metric: str = "minkowski", metric_params=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        k = self.n_neighbors
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k <= 0:
            raise ValueError(f"n_neighbors must be a positive integer, got n_neighbors={k!r}.")
        if self.weights not in ("uniform", "distance") and not callable(self.weights):
            raise ValueError(f"weights must be 'uniform', 'distance' or a callable, got weights={self.weights!r}.")
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {list(ALGORITHMS)!r}, got algorithm={self.algorithm!r}.")
        if not isinstance(self.leaf_size, numbers.Integral) or isinstance(self.leaf_size, bool) or self.leaf_size < 1:
            raise ValueError(f"leaf_size must be a positive integer, got leaf_size={self.leaf_size!r}.")
        self._p = resolve_metric(self.metric, self.p, self.metric_params)

    def _fit_data(self, X: np.ndarray) -> None:
        self._check_params()
        self._fit_X = np.ascontiguousarray(X, dtype=np.float64)
        self._index = BruteForceIndex(self._fit_X, self._p)
        self.n_samples_fit_ = X.shape[0]
        self.effective_metric_ = "euclidean" if self._p == 2.0 else (
            "manhattan" if self._p == 1.0 else "minkowski")

    def kneighbors(self, X=None, n_neighbors: int | None = None, return_distance: bool = True):
        """Distances and indices of the nearest training samples, nearest first.

        With ``X=None`` the neighbours of each training sample are returned, not counting itself.
        """
        check_is_fitted(self, "_fit_X")
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k <= 0:
            raise ValueError(f"n_neighbors must be a positive integer, got n_neighbors={k!r}.")
        query_is_train = X is None
        if query_is_train:
            Xq, k_search = self._fit_X, k + 1
        else:
            Xq, k_search = validate_data(self, X, reset=False), k
            Xq = np.asarray(Xq, dtype=np.float64)
        n_fit = self.n_samples_fit_
        if k_search > n_fit:
            raise ValueError(f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k_search}, "
                             f"n_samples_fit = {n_fit}, n_samples = {Xq.shape[0]}")
        dist, ind = self._index.query(Xq, k_search, n_threads=self._query_threads())
        if query_is_train:
            dist, ind = _drop_self(dist, ind)
        return (dist, ind) if return_distance else ind

    def _query_threads(self) -> int:
        """Threads for the search: n_jobs, with None or -1 meaning every core (as scikit-learn's search)."""
        cores = os.cpu_count() or 1
        if self.n_jobs is None or self.n_jobs == -1:
            return cores
        if not isinstance(self.n_jobs, numbers.Integral) or self.n_jobs == 0:
            raise ValueError(f"n_jobs must be None, -1 or a positive integer, got n_jobs={self.n_jobs!r}.")
        return int(self.n_jobs) if self.n_jobs > 0 else max(1, cores + 1 + int(self.n_jobs))

    def _neighbour_weights(self, dist: np.ndarray) -> np.ndarray | None:
        """None for 'uniform'; 1/d for 'distance' (a query on a training point takes only it)."""
        if self.weights == "uniform":
            return None
        if callable(self.weights):
            return np.asarray(self.weights(dist), dtype=np.float64)
        with np.errstate(divide="ignore"):
            w = 1.0 / dist
        exact = np.isinf(w)
        rows = exact.any(axis=1)
        w[rows] = exact[rows]
        return w


def _drop_self(dist: np.ndarray, ind: np.ndarray):
    """Remove each training sample from its own neighbour list (or the farthest, if not found)."""
    n, k1 = ind.shape
    own = ind == np.arange(n)[:, None]
    missing = ~own.any(axis=1)
    own[missing, -1] = True
    keep = ~own
    return dist[keep].reshape(n, k1 - 1), ind[keep].reshape(n, k1 - 1)
