"""Min-max scaling: x' = (x − min) / (max − min) · (b − a) + a."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_array, check_is_fitted, validate_data
from glassnet.preprocessing._names import feature_names_out


class MinMaxScaler(TransformerMixin, BaseEstimator):
    """Rescale each column to ``feature_range`` = (a, b): x' = (x − min) / (max − min) · (b − a) + a.

    Written as x' = x · scale_ + min_ with scale_ = (b − a) / (max − min) and min_ = a − min · scale_.
    A constant column (max = min) keeps scale_ = b − a, so it maps to a.

    Parameters
    ----------
    feature_range : tuple (a, b), default=(0, 1)
    copy : bool, default=True
    clip : bool, default=False
        Clip transformed values of new data to [a, b].

    Attributes
    ----------
    data_min_, data_max_, data_range_, scale_, min_ : ndarray of shape (n_features,)
    """

    def __init__(self, feature_range=(0, 1), *, copy: bool = True, clip: bool = False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def fit(self, X, y=None) -> "MinMaxScaler":
        low, high = self.feature_range
        if low >= high:
            raise ValueError(f"Minimum of desired feature range must be smaller than maximum. "
                             f"Got feature_range={tuple(self.feature_range)!r}.")
        X = validate_data(self, X, reset=True, dtype=[np.float64, np.float32])
        self.n_samples_seen_ = X.shape[0]
        self.data_min_ = X.min(axis=0).astype(np.float64)
        self.data_max_ = X.max(axis=0).astype(np.float64)
        self.data_range_ = self.data_max_ - self.data_min_
        safe_range = np.where(self.data_range_ == 0, 1.0, self.data_range_)
        self.scale_ = (high - low) / safe_range
        self.min_ = low - self.data_min_ * self.scale_
        return self

    def transform(self, X) -> np.ndarray:
        """x' = x · scale_ + min_."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32], copy=self.copy)
        X *= self.scale_.astype(X.dtype)
        X += self.min_.astype(X.dtype)
        if self.clip:
            np.clip(X, self.feature_range[0], self.feature_range[1], out=X)
        return X

    def inverse_transform(self, X) -> np.ndarray:
        """x = (x' − min_) / scale_."""
        check_is_fitted(self)
        X = check_array(X, dtype=[np.float64, np.float32], copy=self.copy)
        X -= self.min_.astype(X.dtype)
        X /= self.scale_.astype(X.dtype)
        return X

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"preserves_dtype": ["float64", "float32"]}
