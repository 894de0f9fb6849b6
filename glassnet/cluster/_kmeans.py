"""k-means clustering by Lloyd's algorithm."""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator, ClusterMixin, TransformerMixin
from glassnet.cluster._kmeans_init import kmeans_plusplus, random_samples
from glassnet.cluster._nearest import cluster_sums, nearest_center, one_blas_thread
from glassnet.exceptions import ConvergenceWarning
from glassnet.preprocessing._names import input_feature_names
from glassnet.utils.validation import (check_array, check_is_fitted, check_random_state,
                                       check_sample_weight, validate_data)
from glassnet.utils.overflow import check_fitted_finite, finite_outputs
from glassnet.utils.threads import blas_threads


@finite_outputs
class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    """Partition the samples into k clusters that minimise the inertia Σ_i w_i·‖x_i − μ_{c(i)}‖².

    Lloyd's algorithm alternates two steps that each lower the inertia:
    assign every sample to its nearest centre, c(i) = argmin_j ‖x_i − μ_j‖², then move every centre
    to the (weighted) mean of its samples, μ_j = Σ_{c(i)=j} w_i·x_i / Σ_{c(i)=j} w_i. It stops when
    no assignment changes or the centres move less than ``tol`` (scaled by the mean feature
    variance) in total squared distance. The result depends on the start, so ``n_init`` starts are
    run and the one with the lowest inertia is kept.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {'k-means++', 'random'} or array of shape (n_clusters, n_features), default='k-means++'
    n_init : int or 'auto', default='auto' (1 start for k-means++ or an array, 10 for 'random')
    max_iter : int, default=300
    tol : float, default=1e-4
    verbose : int, default=0 (print the inertia at every iteration)
    random_state : int, RandomState or None
    copy_x : bool, default=True (kept for scikit-learn compatibility; X is never changed in place)
    algorithm : {'lloyd'}, default='lloyd'
    """

    def __init__(self, n_clusters: int = 8, *, init="k-means++", n_init="auto", max_iter: int = 300,
                 tol: float = 1e-4, verbose: int = 0, random_state=None, copy_x: bool = True,
                 algorithm: str = "lloyd"):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    def _check_params(self, X: np.ndarray):
        k = self.n_clusters
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise ValueError(f"n_clusters must be a positive integer, got n_clusters={k!r}.")
        if X.shape[0] < k:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={k}.")
        if not isinstance(self.max_iter, numbers.Integral) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, got max_iter={self.max_iter!r}.")
        if not isinstance(self.tol, numbers.Real) or self.tol < 0:
            raise ValueError(f"tol must be a number >= 0, got tol={self.tol!r}.")
        if self.algorithm not in ("lloyd", "auto", "full"):
            raise ValueError(f"algorithm must be 'lloyd' (the only one glassnet implements), "
                             f"got algorithm={self.algorithm!r}.")
        init = self.init
        if isinstance(init, str):
            if init not in ("k-means++", "random"):
                raise ValueError(f"init must be 'k-means++', 'random' or an array of shape "
                                 f"(n_clusters, n_features), got init={init!r}.")
            default_n_init = 1 if init == "k-means++" else 10
        else:
            init = check_array(init, input_name="init", copy=True)
            if init.shape != (k, X.shape[1]):
                raise ValueError(f"The shape of the initial centers {init.shape} does not match the "
                                 f"number of clusters {k} and features {X.shape[1]}; expected "
                                 f"({k}, {X.shape[1]}).")
            default_n_init = 1
        n_init = default_n_init if self.n_init == "auto" else self.n_init
        if not isinstance(n_init, numbers.Integral) or isinstance(n_init, bool) or n_init < 1:
            raise ValueError(f"n_init must be a positive integer or 'auto', got n_init={self.n_init!r}.")
        if not isinstance(init, str) and n_init != 1:
            warnings.warn(f"Explicit initial center position passed: performing only one init in "
                          f"KMeans instead of n_init={n_init}.", RuntimeWarning, stacklevel=3)
            n_init = 1
        return init, int(n_init)

    def fit(self, X, y=None, sample_weight=None) -> "KMeans":
        X = np.asarray(validate_data(self, X), dtype=np.float64)
        init, n_init = self._check_params(X)
        sample_weight = check_sample_weight(sample_weight, X)
        if not np.any(sample_weight > 0):
            raise ValueError("Sample weights must contain at least one non-zero number.")
        random_state = check_random_state(self.random_state)
        # centre the data: distances are the same, rounding in ‖a‖² − 2a·b + ‖b‖² is smaller.
        # Stored transposed, (d, n) in C order, what BLAS and the per-feature sums read fastest;
        # Xc is a view of it (one copy of X per fit, not two)
        mean = X.mean(axis=0)
        Xc_T = np.subtract(X.T, mean[:, None], order="C")
        Xc = Xc_T.T
        if not isinstance(init, str):
            init = init - mean
        sq_norms = np.einsum("ij,ij->j", Xc_T, Xc_T)
        # tol is relative to the mean feature variance, mean_f var(X[:, f]) = Σ_i ‖x_i − x̄‖² / (n·d):
        # the squared norms of the centred samples already hold it (np.var would be two more passes)
        tol = float(np.sum(sq_norms) / sq_norms.size / X.shape[1] * self.tol)
        weights = None if np.all(sample_weight == 1.0) else sample_weight

        threads = blas_threads()          # the chunks' threads: as many as BLAS may use (read before it is held)
        with one_blas_thread(X.shape[0]):
            best = self._best_of_starts(Xc, Xc_T, init, n_init, sample_weight, weights, random_state,
                                        sq_norms, tol, threads)
        labels, inertia, centers, n_iter = best
        distinct = len(np.unique(labels))
        if distinct < self.n_clusters:
            warnings.warn(f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                          f"({self.n_clusters}). Possibly due to duplicate points in X.",
                          ConvergenceWarning, stacklevel=2)
        self.cluster_centers_ = centers + mean
        self.labels_ = labels
        self.inertia_ = float(inertia)
        self.n_iter_ = n_iter
        self._n_features_out = self.n_clusters
        return check_fitted_finite(self, "cluster_centers_", "inertia_")

    def _best_of_starts(self, Xc, Xc_T, init, n_init, sample_weight, weights, random_state, sq_norms, tol, threads):
        """Run Lloyd from ``n_init`` starts; keep the run of lowest inertia."""
        best = None
        for _ in range(n_init):
            if isinstance(init, str) and init == "k-means++":
                start = kmeans_plusplus(Xc, self.n_clusters, sample_weight, random_state, sq_norms, X_T=Xc_T)
            elif isinstance(init, str):
                start = random_samples(Xc, self.n_clusters, sample_weight, random_state)
            else:
                start = init.copy()
            run = _lloyd(Xc, Xc_T, sample_weight, weights, start, sq_norms, self.max_iter, tol,
                         verbose=bool(self.verbose), n_threads=threads)
            if best is None or (run[1] < best[1] and not _same_partition(run[0], best[0], self.n_clusters)):
                best = run
        return best

    def _checked(self, X) -> np.ndarray:
        check_is_fitted(self)
        return np.asarray(validate_data(self, X, reset=False), dtype=np.float64)

    def predict(self, X) -> np.ndarray:
        """The index of the nearest centre for each sample: argmin_j ‖x − μ_j‖²."""
        check_is_fitted(self)
        # NaN and ∞ are caught by the scores they produce (no pass of its own over X), then
        # reported by the usual check
        X = np.asarray(validate_data(self, X, reset=False, ensure_all_finite=False), dtype=np.float64)
        labels, _, all_finite = nearest_center(X, self.cluster_centers_, return_all_finite=True)
        if not all_finite:
            check_array(X)
        return labels

    def transform(self, X) -> np.ndarray:
        """Euclidean distance from each sample to each centre, shape (n_samples, n_clusters)."""
        X = self._checked(X)
        return np.sqrt(_squared_distances(X, self.cluster_centers_))

    def fit_transform(self, X, y=None, sample_weight=None) -> np.ndarray:
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the columns of ``transform``: 'kmeans0', 'kmeans1', … (the distance to each centre)."""
        check_is_fitted(self)
        if input_features is not None:
            input_feature_names(self, input_features)   # they must be the columns fitted on
        return np.asarray([f"kmeans{j}" for j in range(self._n_features_out)], dtype=object)

    def fit_predict(self, X, y=None, sample_weight=None) -> np.ndarray:
        return self.fit(X, sample_weight=sample_weight).labels_

    def score(self, X, y=None, sample_weight=None) -> float:
        """Minus the inertia of X with respect to the learned centres (higher is better)."""
        X = self._checked(X)
        sample_weight = check_sample_weight(sample_weight, X)
        distances = nearest_center(X, self.cluster_centers_, np.einsum("ij,ij->i", X, X))[1]
        return -float(distances @ sample_weight)


def _squared_distances(X, centers):
    """‖x_i − μ_j‖² = ‖x_i‖² − 2x_i·μ_j + ‖μ_j‖² for every pair, clipped at 0 against rounding."""
    d = X @ (-2.0 * centers.T)
    d += np.einsum("ij,ij->i", X, X)[:, None]
    d += np.einsum("ij,ij->i", centers, centers)
    return np.maximum(d, 0.0, out=d)


def _weighted_means(X, X_T, weights, labels, old_centers, distances):
    """μ_j = Σ_{c(i)=j} w_i x_i / Σ_{c(i)=j} w_i.

    An empty cluster takes the sample farthest from its centre (which leaves its old cluster),
    as scikit-learn relocates them.
    """
    k = old_centers.shape[0]
    sums, weight_per_cluster = cluster_sums(X_T, labels, weights, k)
    empty = np.flatnonzero(weight_per_cluster == 0)
    if empty.size:
        w = np.ones(X.shape[0]) if weights is None else weights
        farthest = np.argsort(-distances, kind="stable")[:empty.size]
        for cluster, i in zip(empty, farthest):
            sums[labels[i]] -= X[i] * w[i]
            weight_per_cluster[labels[i]] -= w[i]
            sums[cluster] = X[i] * w[i]
            weight_per_cluster[cluster] = w[i]
    # a cluster left without weight (its only sample moved to an empty one) keeps its sums, as
    # scikit-learn does, instead of becoming 0/0 = NaN
    weight = weight_per_cluster[:, None]
    return np.divide(sums, weight, out=sums.copy(), where=weight > 0)


def _lloyd(X, X_T, sample_weight, weights, centers, sq_norms, max_iter: int, tol: float, verbose: bool,
           n_threads: int | None = None):
    """One k-means run from ``centers``: (labels, inertia, centers, n_iter).

    ``weights`` is None when every sample weighs 1 (the sums then skip the products).
    """
    labels_old = None
    converged_strictly = False
    for it in range(max_iter):
        labels, distances = nearest_center(X, centers, sq_norms, X_T=X_T, limit_blas=False, n_threads=n_threads)
        if verbose:  # the inertia can only go down: watch it happen
            print(f"Iteration {it}, inertia {float(distances @ sample_weight):.6g}.")
        new_centers = _weighted_means(X, X_T, weights, labels, centers, distances)
        if labels_old is not None and np.array_equal(labels, labels_old):
            converged_strictly = True
            centers = new_centers
            break
        shift = float(np.sum((new_centers - centers) ** 2))
        centers = new_centers
        labels_old = labels
        if shift <= tol:
            break
    if not converged_strictly:
        labels, distances = nearest_center(X, centers, sq_norms, X_T=X_T, limit_blas=False,
                                           n_threads=n_threads)                # final labels
        inertia = float(distances @ sample_weight)
    else:
        inertia = _inertia(X, centers, labels, sample_weight)
    return labels, inertia, centers, it + 1


def _inertia(X: np.ndarray, centers: np.ndarray, labels: np.ndarray, sample_weight: np.ndarray,
             chunk: int = 4096) -> float:
    """Σ_i w_i ‖x_i − μ_{c(i)}‖² from the differences themselves (no cancellation), a chunk of
    samples at a time so that the differences stay in the CPU cache."""
    total = 0.0
    buffer = np.empty((min(chunk, X.shape[0]), X.shape[1]))
    for start in range(0, X.shape[0], chunk):
        stop = min(start + chunk, X.shape[0])
        diff = buffer[:stop - start]
        np.take(centers, labels[start:stop], axis=0, out=diff)
        np.subtract(X[start:stop], diff, out=diff)
        total += float(np.einsum("ij,ij->i", diff, diff) @ sample_weight[start:stop])
    return total


def _same_partition(labels1: np.ndarray, labels2: np.ndarray, n_clusters: int) -> bool:
    """True when two labellings are the same partition up to renaming the clusters."""
    # each cluster of the first labelling must map to a single cluster of the second
    pairs = np.unique(labels1.astype(np.int64) * n_clusters + labels2)
    return pairs.size == np.unique(labels1).size
