"""k-nearest-neighbour classification: the majority vote of the k closest training points."""
from __future__ import annotations

import numpy as np

from glassnet.base import ClassifierMixin
from glassnet.neighbors._base import KNeighborsMixin
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       validate_data)


class KNeighborsClassifier(ClassifierMixin, KNeighborsMixin):
    """Vote of the k nearest neighbours: ŷ(x) = argmax_c Σ_{i ∈ N_k(x)} w_i·[y_i = c].

    P(c | x) = Σ_{i ∈ N_k(x)} w_i·[y_i = c] / Σ_{i ∈ N_k(x)} w_i, with w_i = 1 ('uniform') or
    w_i = 1 / d(x, x_i) ('distance'). d is the Minkowski distance (Σ_j |x_j − x_ij|^p)^(1/p):
    p = 2 Euclidean, p = 1 Manhattan. The search is brute force: all distances, computed in
    blocks as one matrix product each, then a partial sort.

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {'uniform', 'distance'} or callable, default='uniform'
    algorithm : {'auto', 'ball_tree', 'kd_tree', 'brute'}, default='auto' (all mean brute force here:
        the same neighbours as scikit-learn's trees find; ``leaf_size``, a tree setting, changes nothing)
    metric_params : dict or None (only {'p': …} for 'minkowski')
    p : float, default=2
    metric : {'minkowski', 'euclidean', 'manhattan'}, default='minkowski'
    n_jobs : int or None, default=None
        Threads sharing the query blocks; None or -1: every core (scikit-learn's search also uses
        every core by default), 1: the calling thread only.
    """

    def fit(self, X, y) -> "KNeighborsClassifier":
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self._fit_data(X)
        self.classes_, self._y = np.unique(y, return_inverse=True)
        self.outputs_2d_ = False
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Share of the (weighted) vote each class gets among the k nearest neighbours."""
        check_is_fitted(self)
        dist, ind = self.kneighbors(X)
        labels = self._y[ind]
        w = self._neighbour_weights(dist)
        n_classes = len(self.classes_)
        n_query = labels.shape[0]
        # one bincount over (query, class) cells counts every query's votes at once
        cells = (np.arange(n_query)[:, None] * n_classes + labels).ravel()
        votes = np.bincount(cells, weights=None if w is None else w.ravel(),
                            minlength=n_query * n_classes).reshape(n_query, n_classes).astype(np.float64)
        total = votes.sum(axis=1, keepdims=True)
        total[total == 0.0] = 1.0
        return votes / total

    def predict(self, X) -> np.ndarray:
        """The class with the largest vote (ties go to the first class in ``classes_``)."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
