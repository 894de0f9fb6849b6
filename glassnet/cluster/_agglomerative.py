"""Agglomerative (hierarchical) clustering: start with every sample alone, merge the two closest
clusters, repeat until one is left; cut the merge tree into ``n_clusters``.

How far apart two clusters A and B are is the *linkage*:

    single    min_{a∈A, b∈B} d(a, b)              (chains along thin paths)
    complete  max_{a∈A, b∈B} d(a, b)              (compact clusters)
    average   mean_{a∈A, b∈B} d(a, b)
    ward      √(2 |A||B| / (|A|+|B|)) ‖c_A − c_B‖  (the merge that raises the within-cluster
              variance least; Euclidean only)

After merging i and j, the distance of every other cluster k to the union follows from the old
ones (Lance–Williams), so the n × n matrix is updated in O(n) per merge:

    single    min(d_ki, d_kj)          complete  max(d_ki, d_kj)
    average   (n_i d_ki + n_j d_kj) / (n_i + n_j)
    ward      √(((n_k+n_i) d_ki² + (n_k+n_j) d_kj² − n_k d_ij²) / (n_k+n_i+n_j))

Each row keeps its nearest cluster, so finding the closest pair costs O(n), not O(n²); when
half the slots are dead the matrix is compacted to the live ones.
The merge tree is stored as scikit-learn does: ``children_[m] = (a, b)`` merged at step m into
the new node n + m (nodes below n are samples), at distance ``distances_[m]``.
"""
from __future__ import annotations

import heapq
import numbers

import numpy as np

from glassnet.base import BaseEstimator, ClusterMixin
from glassnet.utils.validation import validate_data

LINKAGES = ("ward", "complete", "average", "single")


def pairwise_distance_matrix(X: np.ndarray, metric: str, squared: bool = False) -> np.ndarray:
    """Distances between all samples ('euclidean', 'manhattan', 'cosine'; 'precomputed': X itself);
    ``squared`` Euclidean distances with ``squared=True``."""
    if metric == "precomputed":
        if X.shape[0] != X.shape[1]:
            raise ValueError(f"a precomputed distance matrix must be square, got shape {X.shape}.")
        return X.astype(np.float64, copy=True)
    if metric in ("euclidean", "l2"):
        # ‖a − b‖² = ‖a‖² − 2a·b + ‖b‖² as one matrix product of [−2a, ‖a‖², 1] and [b, 1, ‖b‖²]: BLAS
        # writes the n × n result once, with no pass after it but the clip. Shifted first by the
        # mean rounded to integers: the norms are smaller, so is the rounding of the difference
        # of large terms, and integer data (pixel values) stay exact, their ties kept as ties.
        centred = X - np.round(X.mean(axis=0))
        sq = np.einsum("ij,ij->i", centred, centred)[:, None]
        ones = np.ones_like(sq)
        D = np.hstack([-2.0 * centred, sq, ones]) @ np.hstack([centred, ones, sq]).T
        np.maximum(D, 0.0, out=D)
        return D if squared else np.sqrt(D, out=D)
    if metric in ("manhattan", "l1", "cityblock"):
        return np.abs(X[:, None, :] - X[None, :, :]).sum(axis=2)
    if metric == "cosine":
        norms = np.linalg.norm(X, axis=1)
        norms[norms == 0] = 1.0
        U = X / norms[:, None]
        return np.clip(1.0 - U @ U.T, 0.0, 2.0)
    raise ValueError(f"metric must be 'euclidean', 'manhattan', 'cosine' or 'precomputed', got {metric!r}.")


def merge_tree(D: np.ndarray, linkage: str, squared: bool = False):
    """Merge all clusters by ``linkage`` from the distance matrix D: (children (n−1, 2), distances).

    D is overwritten. For 'ward' it may hold squared distances (``squared=True``): its update is a
    formula in d², which then needs no square and no root at every merge."""
    n = D.shape[0]
    if linkage == "ward" and not squared:
        D *= D
    np.fill_diagonal(D, np.inf)
    size = np.ones(n)
    node = np.arange(n)                     # the tree node each slot holds now
    dead = np.zeros(n)                      # 0 for live slots, ∞ for dead ones, whose rows and columns
                                            # are stale: added to what is read, it masks them
    nearest = D.argmin(axis=1)
    nearest_d = D[np.arange(n), nearest]
    children = np.empty((max(n - 1, 0), 2), dtype=np.intp)
    distances = np.empty(max(n - 1, 0))
    new, tmp = np.empty(n), np.empty(n)
    n_alive = n
    for m in range(n - 1):
        if n_alive <= len(D) // 2 and len(D) > 64:   # drop the dead slots: every pass below gets shorter
            D, size, node, nearest, nearest_d = _compact(dead == 0, D, size, node, nearest, nearest_d)
            dead = np.zeros(n_alive)
            new, tmp = np.empty(n_alive), np.empty(n_alive)
        n_alive -= 1
        i = int(nearest_d.argmin())
        j = int(nearest[i])
        d_ij = D[i, j]
        children[m] = sorted((node[i], node[j]))
        distances[m] = d_ij
        di, dj = D[i], D[j]
        if linkage == "single":
            np.minimum(di, dj, out=new)
        elif linkage == "complete":
            np.maximum(di, dj, out=new)
        elif linkage == "average":
            np.multiply(di, size[i] / (size[i] + size[j]), out=new)
            np.multiply(dj, size[j] / (size[i] + size[j]), out=tmp)
            new += tmp
        else:   # ward, on d²: ((n_k+n_i) d_ki² + (n_k+n_j) d_kj² − n_k d_ij²) / (n_k+n_i+n_j)
            np.add(size, size[i], out=new)
            new *= di
            np.add(size, size[j], out=tmp)
            tmp *= dj
            new += tmp
            np.multiply(size, d_ij, out=tmp)
            new -= tmp
            np.add(size, size[i] + size[j], out=tmp)
            new /= tmp
            np.maximum(new, 0.0, out=new)
        dead[j] = np.inf
        new += dead                             # the union is no distance from a dead slot
        new[i] = np.inf
        D[i], D[:, i] = new, new                # the union lives on in slot i; j's row and column are
                                                # left stale (never read unmasked: no strided writes)
        size[i] += size[j]
        node[i] = n + m
        nearest_d[j] = np.inf
        nearest[j] = -1                         # a dead slot is nobody's nearest and looks for none
        # rows whose nearest cluster was i or j must look again; the others may only get closer to i
        stale = np.flatnonzero((nearest == i) | (nearest == j))
        if stale.size:
            rows = D[stale]
            rows += dead
            nearest[stale] = rows.argmin(axis=1)
            nearest_d[stale] = rows[np.arange(stale.size), nearest[stale]]
        closer = new < nearest_d                # ∞ for dead slots and i itself: never closer
        np.copyto(nearest, i, where=closer)
        np.copyto(nearest_d, new, where=closer)
    if linkage == "ward":
        np.sqrt(distances, out=distances)
    return children, distances


def _compact(alive, D, size, node, nearest, nearest_d):
    """The merge state restricted to the live slots (the nearest of a live slot is live)."""
    keep = np.nonzero(alive)[0]
    renumber = np.zeros(len(alive), dtype=np.intp)
    renumber[keep] = np.arange(len(keep))
    return (D[np.ix_(keep, keep)], size[keep], node[keep], renumber[nearest[keep]], nearest_d[keep])


def cut_tree(children: np.ndarray, n_leaves: int, n_clusters: int) -> np.ndarray:
    """Labels of the n_clusters clusters left after undoing the last merges (scikit-learn's numbering)."""
    if n_clusters == 1 or n_leaves == 1:
        return np.zeros(n_leaves, dtype=np.intp)
    nodes = [-(int(children[-1].max()) + 1)]
    for _ in range(n_clusters - 1):
        these = children[-nodes[0] - n_leaves]
        heapq.heappush(nodes, -int(these[0]))
        heapq.heappushpop(nodes, -int(these[1]))
    labels = np.empty(n_leaves, dtype=np.intp)
    for label, neg in enumerate(nodes):
        stack = [-neg]
        while stack:                            # the leaves below a node
            top = stack.pop()
            if top < n_leaves:
                labels[top] = label
            else:
                stack.extend(children[top - n_leaves])
    return labels


class AgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Hierarchical clustering by repeated merging; see the module docstring.

    Parameters
    ----------
    n_clusters : int or None, default=2 (None with ``distance_threshold``)
    metric : {'euclidean', 'manhattan', 'cosine', 'precomputed'}, default='euclidean'
    memory, connectivity : accepted; ``connectivity`` other than None is not supported
    compute_full_tree : 'auto' or bool (the whole tree is always built)
    linkage : {'ward', 'complete', 'average', 'single'}, default='ward'
    distance_threshold : float or None — merges at or above it are not made
    compute_distances : bool, default=False (``distances_`` is kept when True or with a threshold)

    Attributes
    ----------
    n_clusters_, labels_, n_leaves_, n_connected_components_ (1), children_, distances_
    """

    def __init__(self, n_clusters=2, *, metric="euclidean", memory=None, connectivity=None,
                 compute_full_tree="auto", linkage: str = "ward", distance_threshold=None,
                 compute_distances: bool = False):
        self.n_clusters = n_clusters
        self.metric = metric
        self.memory = memory
        self.connectivity = connectivity
        self.compute_full_tree = compute_full_tree
        self.linkage = linkage
        self.distance_threshold = distance_threshold
        self.compute_distances = compute_distances

    def fit(self, X, y=None) -> "AgglomerativeClustering":
        X = np.asarray(validate_data(self, X, ensure_min_samples=2), dtype=np.float64)
        if self.linkage not in LINKAGES:
            raise ValueError(f"linkage must be one of {LINKAGES}, got linkage={self.linkage!r}.")
        if (self.n_clusters is None) == (self.distance_threshold is None):
            raise ValueError("Exactly one of n_clusters and distance_threshold has to be set, and the other "
                             f"needs to be None; got n_clusters={self.n_clusters!r}, "
                             f"distance_threshold={self.distance_threshold!r}.")
        if self.n_clusters is not None and (not isinstance(self.n_clusters, numbers.Integral)
                                            or self.n_clusters < 1):
            raise ValueError(f"n_clusters should be an integer greater than 0. {self.n_clusters!r} was provided.")
        if self.linkage == "ward" and self.metric not in ("euclidean", "l2"):
            raise ValueError(f"{self.metric!r} was provided as metric. Ward can only work with euclidean distances.")
        if self.connectivity is not None:
            raise ValueError("connectivity constraints are not supported by glassnet's AgglomerativeClustering.")
        n = X.shape[0]
        if self.n_clusters is not None and self.n_clusters > n:
            raise ValueError(f"Cannot extract more clusters than samples: {self.n_clusters} clusters were given "
                             f"for a tree with {n} leaves.")
        squared = self.linkage == "ward"
        children, distances = merge_tree(pairwise_distance_matrix(X, self.metric, squared), self.linkage, squared)
        self.children_ = children
        self.n_leaves_ = n
        self.n_connected_components_ = 1
        if self.distance_threshold is not None or self.compute_distances:
            self.distances_ = distances
        if self.distance_threshold is not None:
            self.n_clusters_ = int(np.count_nonzero(distances >= self.distance_threshold)) + 1
        else:
            self.n_clusters_ = int(self.n_clusters)
        self.labels_ = cut_tree(children, n, self.n_clusters_)
        return self

    def fit_predict(self, X, y=None) -> np.ndarray:
        return self.fit(X).labels_
