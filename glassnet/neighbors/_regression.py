"""k-nearest-neighbour regression: the (weighted) mean target of the k closest training points."""
from __future__ import annotations

import numpy as np

from glassnet.base import RegressorMixin
from glassnet.neighbors._base import KNeighborsMixin
from glassnet.utils.validation import validate_data


class KNeighborsRegressor(RegressorMixin, KNeighborsMixin):
    """Local average: ŷ(x) = Σ_{i ∈ N_k(x)} w_i·y_i / Σ_{i ∈ N_k(x)} w_i.

    w_i = 1 ('uniform') or 1 / d(x, x_i) ('distance'), d the Minkowski distance
    (Σ_j |x_j − x_ij|^p)^(1/p). Targets may be 1-D or 2-D (several outputs at once).

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

    def _tag_overrides(self):
        return {"multi_output": True}

    def fit(self, X, y) -> "KNeighborsRegressor":
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True)
        self._fit_data(X)
        self._y = np.asarray(y, dtype=np.float64)
        return self

    def predict(self, X) -> np.ndarray:
        """Mean (or 1/d-weighted mean) of the neighbours' targets."""
        dist, ind = self.kneighbors(X)
        neighbour_y = self._y[ind]                     # (n, k) or (n, k, n_outputs)
        w = self._neighbour_weights(dist)
        if w is None:
            return neighbour_y.mean(axis=1)
        if neighbour_y.ndim == 3:
            w = w[:, :, None]
        return (neighbour_y * w).sum(axis=1) / w.sum(axis=1)
