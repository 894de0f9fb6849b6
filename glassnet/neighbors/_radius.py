"""Radius neighbours: predict from every training point within distance r of the query.

    classifier   ŷ(x) = argmax_c Σ_{i: d(x, x_i) ≤ r} w_i [y_i = c]
    regressor    ŷ(x) = Σ_{i: d(x, x_i) ≤ r} w_i y_i / Σ w_i

w_i = 1 ('uniform') or 1/d ('distance'; a training point at distance 0 takes the whole vote).
Unlike k-NN the number of neighbours varies: dense regions vote with many points, and a query
with none in reach is an outlier (``outlier_label`` for the classifier, NaN for the regressor).
The votes of a block of queries are one matrix product: [d ≤ r]·w (n_query × n_train) times
the one-hot labels (n_train × n_classes).
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator, ClassifierMixin, RegressorMixin
from glassnet.neighbors._distance import _block_rows, pairwise_distances, resolve_metric
from glassnet.utils.validation import check_classification_targets, check_is_fitted, validate_data


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
        self._p = resolve_metric(self.metric, self.p)
        self._fit_X = np.asarray(X, dtype=np.float64)
        self.n_samples_fit_ = X.shape[0]
        self.effective_metric_ = "euclidean" if self._p == 2.0 else ("manhattan" if self._p == 1.0 else "minkowski")

    def _weight_blocks(self, X):
        """Yield (rows, W): W[q, i] = weight of training point i for query q, 0 beyond the radius."""
        check_is_fitted(self, "_fit_X")
        X = np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        step = _block_rows(self.n_samples_fit_, 2.0)
        for start in range(0, X.shape[0], step):
            block = X[start:start + step]
            D = pairwise_distances(block, self._fit_X, self._p)
            if self._p == 2.0:
                # ‖a‖² − 2a·b + ‖b‖² rounds: a point exactly on the radius, or a query on a training
                # point (d = 0 for the 1/d weights), needs the distance computed directly, done here
                # for the pairs in reach (with a little slack)
                q, i = np.nonzero(D <= self.radius * (1 + 1e-7) + 1e-12)
                diff = block[q] - self._fit_X[i]
                sq = np.zeros(len(q))
                for column in diff.T:                  # summed feature by feature, in order, as a tree does
                    sq += column * column
                within = np.zeros(D.shape, dtype=bool)
                within[q, i] = sq <= self.radius * self.radius       # Σ(a − b)² ≤ r², as a tree search
                D[q, i] = np.sqrt(sq)
            else:
                within = D <= self.radius
            if self.weights == "uniform":
                W = within.astype(np.float64)
            elif callable(self.weights):
                W = np.where(within, np.asarray(self.weights(D), dtype=np.float64), 0.0)
            else:
                with np.errstate(divide="ignore"):
                    W = np.where(within, 1.0 / D, 0.0)
                exact = np.isinf(W)
                rows = exact.any(axis=1)
                W[rows] = exact[rows]                  # a query on a training point takes only it
            yield slice(start, start + step), W

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
        onehot = np.eye(len(self.classes_))[self._y]
        blocks = [(rows, W @ onehot) for rows, W in self._weight_blocks(X)]
        return np.concatenate([v for _, v in blocks]) if blocks else np.empty((0, len(self.classes_)))

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
        parts = []
        for _, W in self._weight_blocks(X):
            total = W.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                pred = (W @ self._y) / (total[:, None] if self._y.ndim == 2 else total)
            parts.append(pred)
        pred = np.concatenate(parts) if parts else np.empty((0,) + self._y.shape[1:])
        if np.isnan(pred).any():
            warnings.warn("One or more samples have no neighbors within specified radius; predicting NaN.",
                          UserWarning, stacklevel=2)
        return pred
