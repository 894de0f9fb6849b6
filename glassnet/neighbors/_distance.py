"""Distances between two sets of points, computed in blocks so memory stays bounded.

Euclidean distance by the expansion ‖a − b‖² = ‖a‖² − 2·a·b + ‖b‖²: one matrix product
(BLAS) per block instead of an (n, m, d) array of differences. Manhattan (p = 1) and the
general Minkowski distance d_p(a, b) = (Σ_j |a_j − b_j|^p)^(1/p) have no such shortcut and
are computed from the differences, in smaller blocks.
"""
from __future__ import annotations

import numpy as np

# Rows of the query block: the (block × n_train) distance matrix stays near 64 MB in float64.
_BLOCK_BYTES = 64 * 2**20


def resolve_metric(metric: str, p) -> float:
    """Turn (metric, p) into the Minkowski exponent p; raise a ValueError naming the bad one."""
    if metric == "euclidean":
        return 2.0
    if metric in ("manhattan", "cityblock", "l1"):
        return 1.0
    if metric == "minkowski":
        if p is None:
            return 2.0
        if not isinstance(p, (int, float, np.integer, np.floating)) or isinstance(p, bool) or p < 1:
            raise ValueError(f"p must be a number >= 1 for the Minkowski metric, got p={p!r}.")
        return float(p)
    raise ValueError(f"metric must be 'euclidean', 'manhattan' or 'minkowski', got metric={metric!r}.")


def _block_rows(n_train: int, n_features: int, p: float) -> int:
    per_row = n_train * 8 * (1 if p == 2.0 else max(n_features, 1))
    return int(max(1, min(4096, _BLOCK_BYTES // max(per_row, 1))))


def _block_distances(Xq: np.ndarray, Xt: np.ndarray, sq_norms_t: np.ndarray, p: float) -> np.ndarray:
    """Distances for one block of queries; for p = 2 the *squared* distances (cheaper to rank)."""
    if p == 2.0:
        d = Xq @ Xt.T
        d *= -2.0
        d += np.einsum("ij,ij->i", Xq, Xq)[:, None]
        d += sq_norms_t[None, :]
        np.maximum(d, 0.0, out=d)  # rounding can make ‖a‖² − 2a·b + ‖b‖² slightly negative
        return d
    diff = np.abs(Xq[:, None, :] - Xt[None, :, :])
    if p == 1.0:
        return diff.sum(axis=2)
    return (diff ** p).sum(axis=2) ** (1.0 / p)


def pairwise_distances(Xq: np.ndarray, Xt: np.ndarray, p: float = 2.0) -> np.ndarray:
    """The full (n_query × n_train) Minkowski distance matrix."""
    sq = np.einsum("ij,ij->i", Xt, Xt) if p == 2.0 else None
    step = _block_rows(Xt.shape[0], Xt.shape[1], p)
    out = np.empty((Xq.shape[0], Xt.shape[0]))
    for start in range(0, Xq.shape[0], step):
        out[start:start + step] = _block_distances(Xq[start:start + step], Xt, sq, p)
    return np.sqrt(out, out=out) if p == 2.0 else out


def k_nearest(Xq: np.ndarray, Xt: np.ndarray, k: int, p: float = 2.0,
              sq_norms_t: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distances and indices of the k nearest training points of each query, nearest first.

    ``np.argpartition`` finds the k smallest of each row in O(n) and only those k are sorted.
    """
    if p == 2.0 and sq_norms_t is None:
        sq_norms_t = np.einsum("ij,ij->i", Xt, Xt)
    n_query = Xq.shape[0]
    dist = np.empty((n_query, k))
    ind = np.empty((n_query, k), dtype=np.intp)
    step = _block_rows(Xt.shape[0], Xt.shape[1], p)
    for start in range(0, n_query, step):
        d = _block_distances(Xq[start:start + step], Xt, sq_norms_t, p)
        rows = np.arange(d.shape[0])[:, None]
        if k < d.shape[1]:
            part = np.argpartition(d, k - 1, axis=1)[:, :k]
        else:
            part = np.broadcast_to(np.arange(d.shape[1]), d.shape)
        part_d = d[rows, part]
        order = np.argsort(part_d, axis=1, kind="stable")
        ind[start:start + step] = part[rows, order]
        dist[start:start + step] = part_d[rows, order]
    if p == 2.0:
        np.sqrt(dist, out=dist)
    return dist, ind
