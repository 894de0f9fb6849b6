"""Radius neighbours: predict from every training point within distance r of the query.

    classifier   ŷ(x) = argmax_c Σ_{i: d(x, x_i) ≤ r} w_i [y_i = c]
    regressor    ŷ(x) = Σ_{i: d(x, x_i) ≤ r} w_i y_i / Σ w_i

w_i = 1 ('uniform') or 1/d ('distance'; a training point at distance 0 takes the whole vote).
Unlike k-NN the number of neighbours varies: dense regions vote with many points, and a query
with none in reach is an outlier (``outlier_label`` for the classifier, NaN for the regressor).
The distances of a block of queries are one matrix product; the pairs in reach are then
counted per query (``np.bincount`` weighted by w and by the one-hot labels or the targets).
"""
from __future__ import annotations

import numbers
import os
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from glassnet.base import BaseEstimator, ClassifierMixin, RegressorMixin
from glassnet.neighbors._distance import _block_rows, pairwise_distances, resolve_metric
from glassnet.utils.threads import one_blas_thread
from glassnet.utils.validation import check_classification_targets, check_is_fitted, validate_data


def _threads(n_jobs) -> int:
    """Threads for the search: n_jobs, with None or -1 meaning every core."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be None, -1 or a positive integer, got n_jobs={n_jobs!r}.")
    return int(n_jobs) if n_jobs > 0 else max(1, cores + 1 + int(n_jobs))


class RadiusNeighborsMixin(BaseEstimator):
    """Remember the training set; find everything within ``radius`` at query time."""

    def __init__(self, radius: float = 1.0, *, weights="uniform", algorithm: str = "auto", leaf_size: int = 30,
                 p: float = 2, metric: str = "minkowski", metric_params=None, n_jobs=None):
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def _fit_data(self, X) -> None:
        if not isinstance(self.radius, numbers.Real) or self.radius < 0:
            raise ValueError(f"radius must be a number >= 0, got radius={self.radius!r}.")
        if self.weights not in ("uniform", "distance") and not callable(self.weights):
            raise ValueError(f"weights must be 'uniform', 'distance' or a callable, got weights={self.weights!r}.")
        self._p = resolve_metric(self.metric, self.p, self.metric_params)
        self._fit_X = np.ascontiguousarray(X, dtype=np.float64)
        self._fit_X_T = np.ascontiguousarray(self._fit_X.T * -2.0)       # −2bᵀ for ‖a‖² − 2a·b + ‖b‖²
        self._sq_norms = np.einsum("ij,ij->i", self._fit_X, self._fit_X)
        self.n_samples_fit_ = X.shape[0]
        self.effective_metric_ = "euclidean" if self._p == 2.0 else ("manhattan" if self._p == 1.0 else "minkowski")

    def _pairs_in_reach(self, block: np.ndarray):
        """(q, i, d): query q of the block and training point i at distance d ≤ radius, every such pair."""
        r = float(self.radius)
        if self._p != 2.0:
            D = pairwise_distances(block, self._fit_X, self._p)
            q, i = np.nonzero(D <= r)
            return q, i, D[q, i]
        # rank by ‖a‖² − 2a·b + ‖b‖², then, for the pairs in reach with a little slack, compute
        # Σ(a − b)² directly: the expansion rounds, and a point exactly on the radius, or a query on
        # a training point (d = 0 for the 1/d weights), must come out as a tree search finds it
        d = block @ self._fit_X_T
        d += self._sq_norms
        d += np.einsum("ij,ij->i", block, block)[:, None]
        q, i = np.nonzero(d <= (r * (1 + 1e-7) + 1e-12) ** 2)
        diff = block[q] - self._fit_X[i]
        sq = np.zeros(len(q))
        for column in diff.T:                          # summed feature by feature, in order, as a tree does
            sq += column * column
        keep = sq <= r * r
        return q[keep], i[keep], np.sqrt(sq[keep])

    def _pair_weights(self, q: np.ndarray, dist: np.ndarray, n_queries: int) -> np.ndarray:
        """w of each pair: 1, 1/d (a query on a training point takes only it), or the callable's."""
        if self.weights == "uniform":
            return np.ones(len(q))
        if callable(self.weights):
            return np.asarray(self.weights(dist), dtype=np.float64)
        exact = dist == 0
        on_point = np.zeros(n_queries, dtype=bool)
        on_point[q[exact]] = True
        with np.errstate(divide="ignore"):
            return np.where(on_point[q], exact.astype(np.float64), 1.0 / dist)

    def _weighted_sums(self, X, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Σ_i w_i·values[i] and Σ_i w_i over the training points in reach of each query.

        ``values`` is (n_train, m). The queries go in blocks of one matrix product each, shared
        among ``n_jobs`` threads (None or −1: every core, as scikit-learn's search)."""
        check_is_fitted(self, "_fit_X")
        X = np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        n, m = X.shape[0], values.shape[1]
        sums, totals = np.zeros((n, m)), np.zeros(n)
        step = _block_rows(self.n_samples_fit_, 2.0)

        def one_block(start: int) -> None:
            block = X[start:start + step]
            q, i, dist = self._pairs_in_reach(block)
            w = self._pair_weights(q, dist, len(block))
            totals[start:start + len(block)] = np.bincount(q, weights=w, minlength=len(block))
            for c in range(m):                         # one weighted count per column of values
                sums[start:start + len(block), c] = np.bincount(q, weights=w * values[i, c], minlength=len(block))

        starts = range(0, n, step)
        threads = min(_threads(self.n_jobs), len(starts))
        if threads > 1:
            # BLAS held to one thread per block: the threads share the cores instead
            with one_blas_thread(), ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(one_block, starts))
        else:
            for start in starts:
                one_block(start)
        return sums, totals

    def radius_neighbors(self, X=None, radius=None, return_distance: bool = True, sort_results: bool = False):
        """For every query, the indices (and distances) of the training points within ``radius``."""
        check_is_fitted(self, "_fit_X")
        r = self.radius if radius is None else radius
        Xq = self._fit_X if X is None else np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        D = pairwise_distances(Xq, self._fit_X, self._p)
        ind = np.empty(len(Xq), dtype=object)
        dist = np.empty(len(Xq), dtype=object)
        for q in range(len(Xq)):
            found = np.flatnonzero(D[q] <= r)
            if sort_results:
                found = found[np.argsort(D[q, found], kind="stable")]
            ind[q], dist[q] = found, D[q, found]
        return (dist, ind) if return_distance else ind


class RadiusNeighborsClassifier(ClassifierMixin, RadiusNeighborsMixin):
    """Vote of the training points within ``radius`` (see the module docstring).

    ``outlier_label``: None (an outlier query raises ValueError), a label, or 'most_frequent'
    (the most frequent training class).
    """

    def __init__(self, radius: float = 1.0, *, weights="uniform", algorithm: str = "auto", leaf_size: int = 30,
                 p: float = 2, metric: str = "minkowski", outlier_label=None, metric_params=None, n_jobs=None):
        super().__init__(radius, weights=weights, algorithm=algorithm, leaf_size=leaf_size, p=p, metric=metric,
                         metric_params=metric_params, n_jobs=n_jobs)
        self.outlier_label = outlier_label

    def fit(self, X, y) -> "RadiusNeighborsClassifier":
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self._fit_data(X)
        self.classes_, self._y = np.unique(y, return_inverse=True)
        self.outputs_2d_ = False
        if self.outlier_label == "most_frequent":
            self.outlier_label_ = self.classes_[np.argmax(np.bincount(self._y))]
        else:
            self.outlier_label_ = self.outlier_label
        return self

    def _votes(self, X) -> np.ndarray:
        check_is_fitted(self, "_fit_X")
        return self._weighted_sums(X, np.eye(len(self.classes_))[self._y])[0]

    def predict_proba(self, X) -> np.ndarray:
        """Share of the (weighted) vote of each class; outliers get the outlier label's column (or 0)."""
        votes = self._votes(X)
        total = votes.sum(axis=1, keepdims=True)
        outliers = total[:, 0] == 0
        if outliers.any() and self.outlier_label_ is None:
            raise ValueError(f"No neighbors found for test samples {np.flatnonzero(outliers).tolist()!r}, you "
                             "can try using larger radius, giving a label for outliers, or considering removing "
                             "them from your dataset.")
        proba = votes / np.where(total == 0, 1.0, total)
        if outliers.any():
            match = np.flatnonzero(self.classes_ == self.outlier_label_)
            if match.size:
                proba[outliers, match[0]] = 1.0
            else:
                warnings.warn(f"Outlier label {self.outlier_label_!r} is not in training classes. All class "
                              "probabilities of outliers will be assigned with 0.", UserWarning, stacklevel=2)
        return proba

    def predict(self, X) -> np.ndarray:
        """The class with the largest vote; outliers get ``outlier_label``."""
        votes = self._votes(X)
        outliers = votes.sum(axis=1) == 0
        if outliers.any() and self.outlier_label_ is None:
            self.predict_proba(X)                      # raises the explanatory error
        labels = self.classes_[np.argmax(votes, axis=1)]
        if outliers.any():
            labels = labels.astype(object) if not np.isin(self.outlier_label_, self.classes_) else labels
            labels[outliers] = self.outlier_label_
        return labels


class RadiusNeighborsRegressor(RegressorMixin, RadiusNeighborsMixin):
    """Mean target of the training points within ``radius``; NaN (with a warning) where there are none."""

    def _tag_overrides(self):
        return {"multi_output": True}

    def fit(self, X, y) -> "RadiusNeighborsRegressor":
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True)
        self._fit_data(X)
        self._y = np.asarray(y, dtype=np.float64)
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "_fit_X")
        sums, total = self._weighted_sums(X, self._y.reshape(len(self._y), -1))
        with np.errstate(invalid="ignore", divide="ignore"):
            pred = sums / total[:, None]
        pred = pred if self._y.ndim == 2 else pred[:, 0]
        if np.isnan(pred).any():
            warnings.warn("One or more samples have no neighbors within specified radius; predicting NaN.",
                          UserWarning, stacklevel=2)
        return pred
