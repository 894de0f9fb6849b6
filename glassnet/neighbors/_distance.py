"""Distances between two sets of points, computed in blocks so memory stays bounded.

Euclidean distance by the expansion ‖a − b‖² = ‖a‖² − 2·a·b + ‖b‖²: one matrix product
(BLAS) per block instead of an (n, m, d) array of differences. Manhattan (p = 1) and the
general Minkowski distance d_p(a, b) = (Σ_j |a_j − b_j|^p)^(1/p) have no such shortcut and
are summed one feature at a time, over blocks small enough to stay in the CPU cache.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

# Size of one block of the (queries × training points) distance matrix, in bytes.
_BLOCK_BYTES = 16 * 2**20
_CACHE_BYTES = 2**20


def resolve_metric(metric: str, p, metric_params=None) -> float:
    """Turn (metric, p) into the Minkowski exponent p; raise a ValueError naming the bad one.

    ``metric_params`` may only repeat the Minkowski exponent ({'p': 3}), as scikit-learn allows;
    glassnet's distances take no other parameters (weights, covariance matrices).
    """
    if metric_params:
        extra = sorted(set(metric_params) - {"p"})
        if extra or metric != "minkowski":
            raise ValueError(f"metric_params={metric_params!r} is not supported: glassnet's "
                             f"{metric!r} distance takes no parameters other than the Minkowski 'p'.")
        p = metric_params["p"]
    if metric in ("euclidean", "l2"):
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


def _block_rows(n_train: int, p: float) -> int:
    """Query rows per block: large blocks for one big matrix product (p = 2), small ones that keep the
    running sum of |a_j − b_j|^p in the CPU cache otherwise."""
    budget = _BLOCK_BYTES if p == 2.0 else _CACHE_BYTES
    return int(max(1, min(4096, budget // (8 * max(n_train, 1)))))


def _powered_distances(Xq: np.ndarray, Xt_T: np.ndarray, p: float) -> np.ndarray:
    """Σ_j |a_j − b_j|^p for a block of queries, one feature at a time (no (n, m, d) temporary)."""
    acc = np.zeros((Xq.shape[0], Xt_T.shape[1]))
    tmp = np.empty_like(acc)
    for j in range(Xt_T.shape[0]):
        np.subtract(Xq[:, j:j + 1], Xt_T[j], out=tmp)
        np.abs(tmp, out=tmp)
        if p != 1.0:
            np.power(tmp, p, out=tmp)
        acc += tmp
    return acc


def _block_distances(Xq: np.ndarray, Xt: np.ndarray, sq_norms_t, p: float, Xt_T=None) -> np.ndarray:
    """Distances for one block of queries; for p = 2 the *squared* distances (cheaper to rank)."""
    if p == 2.0:
        d = Xq @ Xt.T
        d *= -2.0
        d += np.einsum("ij,ij->i", Xq, Xq)[:, None]
        d += sq_norms_t[None, :]
        np.maximum(d, 0.0, out=d)  # rounding can make ‖a‖² − 2a·b + ‖b‖² slightly negative
        return d
    d = _powered_distances(Xq, np.ascontiguousarray(Xt.T) if Xt_T is None else Xt_T, p)
    return d if p == 1.0 else d ** (1.0 / p)


def pairwise_distances(Xq: np.ndarray, Xt: np.ndarray, p: float = 2.0) -> np.ndarray:
    """The full (n_query × n_train) Minkowski distance matrix."""
    sq = np.einsum("ij,ij->i", Xt, Xt) if p == 2.0 else None
    Xt_T = None if p == 2.0 else np.ascontiguousarray(Xt.T)
    step = _block_rows(Xt.shape[0], p)
    out = np.empty((Xq.shape[0], Xt.shape[0]))
    for start in range(0, Xq.shape[0], step):
        out[start:start + step] = _block_distances(Xq[start:start + step], Xt, sq, p, Xt_T)
    return np.sqrt(out, out=out) if p == 2.0 else out


class BruteForceIndex:
    """The training points, prepared for k-nearest queries by brute force.

    A query block costs one matrix product for the distances; the k smallest of each row are then
    found without a full partial sort: the row is cut into groups of g columns, the k groups with the
    smallest minima must hold k smallest entries (each of the k smallest lies in a group whose minimum
    is no larger than it), so only k·g candidates go through ``np.argpartition``. Ranking uses
    ‖b‖² − 2a·b; ‖a‖², the same for the whole row, is added to the k survivors only.
    """

    def __init__(self, X_train: np.ndarray, p: float = 2.0):
        self.p = p
        self.n_train, n_features = X_train.shape
        self.group = int(np.clip(np.sqrt(self.n_train / 8), 1, 256))
        n_padded = -(-self.n_train // self.group) * self.group
        self.X = np.zeros((n_padded, n_features))
        self.X[: self.n_train] = X_train
        # padded columns must never be chosen: an infinite norm makes their distance infinite
        self.sq_norms = np.full(n_padded, np.inf)
        self.sq_norms[: self.n_train] = np.einsum("ij,ij->i", X_train, X_train)
        # the transposed copy, C-ordered: BLAS multiplies it about 5× faster than the view X.T;
        # for p = 2 it carries the factor −2 of ‖b‖² − 2a·b
        self.X_T = np.ascontiguousarray(self.X.T * (-2.0 if p == 2.0 else 1.0))

    def _ranking_block(self, Xq: np.ndarray) -> np.ndarray:
        """A monotone stand-in for the distance: ‖b‖² − 2a·b (p = 2), else Σ_j |a_j − b_j|^p."""
        if self.p == 2.0:
            d = Xq @ self.X_T
            d += self.sq_norms
            return d
        d = _powered_distances(Xq, self.X_T, self.p)
        d[:, self.n_train:] = np.inf
        return d

    def _k_smallest(self, d: np.ndarray, k: int):
        """Column indices and values of k smallest entries of each row (in no particular order)."""
        n_rows, n_cols = d.shape
        g = self.group
        if g == 1 or n_cols // g <= k:
            idx = np.argpartition(d, k - 1, axis=1)[:, :k] if k < n_cols else \
                np.broadcast_to(np.arange(n_cols), d.shape).copy()
            return idx, np.take_along_axis(d, idx, axis=1)
        group_min = d.reshape(n_rows, n_cols // g, g).min(axis=2)
        best_groups = np.argpartition(group_min, k - 1, axis=1)[:, :k]
        candidates = (best_groups[:, :, None] * g + np.arange(g)).reshape(n_rows, k * g)
        cand_d = np.take_along_axis(d, candidates, axis=1)
        keep = np.argpartition(cand_d, k - 1, axis=1)[:, :k]
        return np.take_along_axis(candidates, keep, axis=1), np.take_along_axis(cand_d, keep, axis=1)

    def query(self, Xq: np.ndarray, k: int, n_threads: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Distances and indices of the k nearest training points, nearest first (ties: lower index).

        With ``n_threads`` > 1 the query blocks are shared among threads (NumPy releases the GIL in
        the matrix products, reductions and partitions, so the cores work at once).
        """
        n_query = Xq.shape[0]
        dist = np.empty((n_query, k))
        ind = np.empty((n_query, k), dtype=np.intp)
        step = _block_rows(self.X.shape[0], self.p)
        starts = range(0, n_query, step)

        def one_block(start: int) -> None:
            block = Xq[start:start + step]
            idx, vals = self._k_smallest(self._ranking_block(block), k)
            if self.p == 2.0:
                vals = vals + np.einsum("ij,ij->i", block, block)[:, None]
                np.maximum(vals, 0.0, out=vals)  # rounding can make ‖a‖² − 2a·b + ‖b‖² slightly negative
            order = np.lexsort((idx, vals), axis=1)
            ind[start:start + step] = np.take_along_axis(idx, order, axis=1)
            dist[start:start + step] = np.take_along_axis(vals, order, axis=1)

        if n_threads > 1 and len(starts) > 1:
            # the threads share the blocks; BLAS held to one thread each, or its own threads would
            # oversubscribe the cores and spin between products (measured 2-3x slower)
            with threadpool_limits(limits=1, user_api="blas"), \
                    ThreadPoolExecutor(max_workers=min(n_threads, len(starts))) as pool:
                list(pool.map(one_block, starts))
        else:
            for start in starts:
                one_block(start)
        if self.p == 2.0:
            np.sqrt(dist, out=dist)
        elif self.p != 1.0:
            dist **= 1.0 / self.p
        return dist, ind
