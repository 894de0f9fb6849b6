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

_BLOCK_ROWS = 128     # moons 5000 x 2: 256 rows 11.5 ms, 128 rows 9.7 ms (CPU, one thread)


def radius_neighbors(X: np.ndarray, eps: float, p: float = 2.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every sample's neighbours within distance ``eps`` (itself included), on the samples sorted
    along one coordinate: returns (order, indptr, indices), where sample ``order[i]`` has the
    neighbours ``order[indices[indptr[i]:indptr[i + 1]]]``.

    The sort is along the coordinate with the widest range: two samples whose coordinates there
    differ by more than eps cannot be neighbours, so a block of consecutive sorted samples is
    compared only with the slice of samples within eps of the block along that coordinate (on
    low-dimensional data a small fraction of all pairs). Kept in sorted positions, the pairs
    come out of the blocks already grouped by row.
    """
    n = X.shape[0]
    axis = int(np.argmax(np.ptp(X, axis=0))) if X.shape[1] else 0
    order = np.argsort(X[:, axis], kind="stable")
    Xs = X[order]
    key = Xs[:, axis]
    sq = np.einsum("ij,ij->i", Xs, Xs)
    counts, cols = [], []
    for start in range(0, n, _BLOCK_ROWS):
        stop = min(n, start + _BLOCK_ROWS)
        lo = int(np.searchsorted(key, key[start] - eps, side="left"))
        hi = int(np.searchsorted(key, key[stop - 1] + eps, side="right"))
        block, candidates = Xs[start:stop], Xs[lo:hi]
        if p == 2.0:
            # ‖a − b‖² ≤ eps²  ⟺  −2a·b + ‖b‖² ≤ eps² − ‖a‖²: one pass after the product, not three
            d = block @ (-2.0 * candidates.T)
            d += sq[None, lo:hi]
            within = d <= (eps * eps - sq[start:stop])[:, None]
        else:
            d = (np.abs(block[:, None, :] - candidates[None, :, :]) ** p).sum(axis=2)
            within = d <= eps ** p
        # the pairs row by row: flat positions in the (block × candidates) grid, whose remainder
        # is the column (one index array, cheaper than np.nonzero's two)
        counts.append(np.count_nonzero(within, axis=1))
        cols.append(np.flatnonzero(within) % (hi - lo) + lo)
    indptr = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(np.concatenate(counts), out=indptr[1:])
    return order, indptr, np.concatenate(cols)


def _gather(indptr: np.ndarray, indices: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The neighbours of all ``points`` at once (concatenated)."""
    starts, counts = indptr[points], indptr[points + 1] - indptr[points]
    total = int(counts.sum())
    # position k of the output reads indices[starts[g] + (k − first output position of group g)]
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return indices[offsets + np.arange(total)]


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
        # the neighbour graph on sorted positions (see radius_neighbors); mapped back at the end
        order, indptr, indices = radius_neighbors(X, float(self.eps), self._power())
        if sample_weight is None:
            density = np.diff(indptr).astype(np.float64)
        else:
            w = check_sample_weight(sample_weight, X)
            if not np.any(w > 0):
                raise ValueError("Sample weights must contain at least one non-zero number.")
            density = np.add.reduceat(w[order][indices], indptr[:-1])     # no row is empty: itself
        core = density >= self.min_samples
        position = np.empty_like(order)
        position[order] = np.arange(len(order))
        labels = np.full(X.shape[0], -1, dtype=np.intp)
        label = 0
        # grow one cluster at a time, from its first core sample (in the order of X)
        for seed in position[np.sort(order[core])]:
            if labels[seed] != -1:
                continue
            labels[seed] = label
            frontier = np.array([seed])
            while frontier.size:                   # breadth first: all neighbours of the frontier at once
                reached = _gather(indptr, indices, frontier)
                new = np.unique(reached[labels[reached] == -1])
                labels[new] = label
                frontier = new[core[new]]          # only core samples carry the cluster further
            label += 1
        core_samples = np.sort(order[core])
        self.core_sample_indices_ = core_samples
        self.components_ = X[core_samples].copy()
        self.labels_ = labels[position]
        return self

    def fit_predict(self, X, y=None, sample_weight=None) -> np.ndarray:
        return self.fit(X, sample_weight=sample_weight).labels_
