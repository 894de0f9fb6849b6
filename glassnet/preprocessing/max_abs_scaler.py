"""Max-abs scaling: x' = x / max|x|, into [−1, 1] without moving zero; and thresholding to 0/1."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.preprocessing._names import feature_names_out
from glassnet.utils.validation import check_array, check_is_fitted, validate_data


class MaxAbsScaler(TransformerMixin, BaseEstimator):
    """x' = x / scale_ with scale_ = max |x| per column (a zero column keeps scale_ = 1).

    Attributes
    ----------
    max_abs_, scale_ : ndarray of shape (n_features,)
    n_samples_seen_ : int
    """

    def __init__(self, *, copy: bool = True):
        self.copy = copy

    def fit(self, X, y=None) -> "MaxAbsScaler":
        X = validate_data(self, X, reset=True, dtype=[np.float64, np.float32], ensure_all_finite="allow-nan")
        self.max_abs_ = np.nanmax(np.abs(X), axis=0).astype(np.float64)
        self.scale_ = np.where(self.max_abs_ == 0, 1.0, self.max_abs_)
        self.n_samples_seen_ = X.shape[0]
        return self

    def transform(self, X) -> np.ndarray:
        """x' = x / scale_."""
        check_is_fitted(self, "scale_")
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32], copy=self.copy,
                          ensure_all_finite="allow-nan")
        X /= self.scale_.astype(X.dtype)
        return X

    def inverse_transform(self, X) -> np.ndarray:
        """x = x' · scale_."""
        check_is_fitted(self, "scale_")
        X = check_array(X, dtype=[np.float64, np.float32], copy=self.copy, ensure_all_finite="allow-nan")
        X *= self.scale_.astype(X.dtype)
        return X

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"allow_nan": True, "preserves_dtype": ["float64", "float32"]}


class Binarizer(TransformerMixin, BaseEstimator):
    """x' = 1 where x > threshold, else 0 (nothing is learned)."""

    def __init__(self, *, threshold: float = 0.0, copy: bool = True):
        self.threshold = threshold
        self.copy = copy

    def fit(self, X, y=None) -> "Binarizer":
        validate_data(self, X, reset=True)
        return self

    def transform(self, X, copy=None) -> np.ndarray:
        X = validate_data(self, X, reset=False, copy=self.copy if copy is None else copy)
        return (X > self.threshold).astype(X.dtype)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"requires_fit": False}
