"""DBSCAN: clusters are regions dense with samples, separated by sparse ones.

A sample is a *core* sample when at least ``min_samples`` samples (itself included; weights
summed with ``sample_weight``) lie within distance ``eps``. Core samples within ``eps`` of each
other are in the same cluster (clusters are the connected components of that graph); a
non-core sample within ``eps`` of a core sample is a *border* sample and joins the first
cluster that reaches it; every other sample is noise, label −1. Clusters are numbered in the
order of their first core sample, and grown one after the other, as scikit-learn's.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import BaseEstimator, ClusterMixin
from glassnet.utils.validation import check_sample_weight, validate_data

_BLOCK_BYTES = 32 * 2**20


def radius_neighbors(X: np.ndarray, eps: float, p: float = 2.0) -> list[np.ndarray]:
    """For every sample, the indices of the samples within distance ``eps`` (itself included)."""
    n = X.shape[0]
    sq = np.einsum("ij,ij->i", X, X)
    step = max(1, min(n, _BLOCK_BYTES // (8 * max(n, 1))))
    out = []
    for start in range(0, n, step):
        block = X[start:start + step]
        if p == 2.0:
            d = sq[start:start + step, None] - 2.0 * block @ X.T + sq[None, :]
            within = d <= eps * eps
        else:
            d = (np.abs(block[:, None, :] - X[None, :, :]) ** p).sum(axis=2)
            within = d <= eps ** p
        out.extend(np.flatnonzero(row) for row in within)
    return out


class DBSCAN(ClusterMixin, BaseEstimator):
    """Density-based clustering (Ester et al. 1996); see the module docstring.

    Parameters
    ----------
    eps : float, default=0.5
    min_samples : int, default=5
    metric : {'euclidean', 'manhattan', 'minkowski'}, default='euclidean'
    algorithm, leaf_size, n_jobs : accepted for scikit-learn compatibility (the search is brute force)
    p : float or None, default=None (the Minkowski power; None means 2)

    Attributes
    ----------
    core_sample_indices_, components_ (the core samples), labels_ (−1 for noise)
    """

    def __init__(self, eps: float = 0.5, *, min_samples: int = 5, metric: str = "euclidean", metric_params=None,
                 algorithm: str = "auto", leaf_size: int = 30, p=None, n_jobs=None):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def _power(self) -> float:
        if self.metric == "euclidean":
            return 2.0
        if self.metric in ("manhattan", "cityblock", "l1"):
            return 1.0
        if self.metric == "minkowski":
            return 2.0 if self.p is None else float(self.p)
        raise ValueError(f"metric must be 'euclidean', 'manhattan' or 'minkowski', got metric={self.metric!r}.")

    def fit(self, X, y=None, sample_weight=None) -> "DBSCAN":
        if not isinstance(self.eps, numbers.Real) or self.eps <= 0:
            raise ValueError(f"eps must be a number > 0, got eps={self.eps!r}.")
        if not isinstance(self.min_samples, numbers.Integral) or self.min_samples < 1:
            raise ValueError(f"min_samples must be an int >= 1, got min_samples={self.min_samples!r}.")
        X = np.asarray(validate_data(self, X), dtype=np.float64)
        neighbours = radius_neighbors(X, float(self.eps), self._power())
        if sample_weight is None:
            density = np.array([len(nb) for nb in neighbours], dtype=np.float64)
        else:
            w = check_sample_weight(sample_weight, X)
            if not np.any(w > 0):
                raise ValueError("Sample weights must contain at least one non-zero number.")
            density = np.array([w[nb].sum() for nb in neighbours])
        core = density >= self.min_samples
        labels = np.full(X.shape[0], -1, dtype=np.intp)
        label = 0
        for seed in np.flatnonzero(core):          # grow one cluster at a time, from its first core sample
            if labels[seed] != -1:
                continue
            labels[seed] = label
            stack = [seed]
            while stack:
                point = stack.pop()
                nb = neighbours[point]
                new = nb[labels[nb] == -1]
                labels[new] = label
                stack.extend(new[core[new]].tolist())   # only core samples carry the cluster further
            label += 1
        self.core_sample_indices_ = np.flatnonzero(core)
        self.components_ = X[core].copy()
        self.labels_ = labels
        return self

    def fit_predict(self, X, y=None, sample_weight=None) -> np.ndarray:
        return self.fit(X, sample_weight=sample_weight).labels_
