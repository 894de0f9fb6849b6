"""Label encoding: map the k class labels to the integers 0 … k−1 (in sorted order)."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_is_fitted, column_or_1d


class LabelEncoder(TransformerMixin, BaseEstimator):
    """Encode target labels as 0 … k−1: ``classes_[i]`` is the label that becomes i.

    Meant for y (one 1-D array), not for X; for features use :class:`OneHotEncoder`.
    A label not seen in ``fit`` makes ``transform`` raise a ValueError that names it.
    """

    def fit(self, y) -> "LabelEncoder":
        y = column_or_1d(y, warn=True)
        self.classes_ = np.unique(y)
        return self

    def fit_transform(self, y) -> np.ndarray:
        y = column_or_1d(y, warn=True)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        return encoded.reshape(-1)

    def transform(self, y) -> np.ndarray:
        check_is_fitted(self)
        y = column_or_1d(y, warn=True)
        if y.size == 0:
            return np.array([], dtype=np.int64)
        index = np.clip(np.searchsorted(self.classes_, y), 0, len(self.classes_) - 1)
        unseen = self.classes_[index] != y
        if np.any(unseen):
            raise ValueError(f"y contains previously unseen labels: {np.unique(y[unseen]).tolist()!r}")
        return index.astype(np.int64)

    def inverse_transform(self, y) -> np.ndarray:
        check_is_fitted(self)
        y = column_or_1d(y, warn=True)
        if y.size == 0:
            return np.array([], dtype=self.classes_.dtype)
        bad = np.setdiff1d(y, np.arange(len(self.classes_)))
        if len(bad):
            raise ValueError(f"y contains previously unseen labels: {bad.tolist()!r}")
        return self.classes_[np.asarray(y, dtype=np.int64)]

    def _tag_overrides(self):
        return {"two_d_array": False, "one_d_labels": True, "requires_y": True}
