"""Robust scaling: x' = (x − median) / IQR, untouched by a few extreme values."""
from __future__ import annotations

from statistics import NormalDist

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.preprocessing._names import feature_names_out
from glassnet.utils.validation import check_array, check_is_fitted, validate_data


class RobustScaler(TransformerMixin, BaseEstimator):
    """x' = (x − center_) / scale_, center_ the median and scale_ the inter-quantile range.

    The mean and the standard deviation move with every outlier; the median and the range
    between the 25th and 75th percentiles (``quantile_range``) hardly do. ``unit_variance``
    divides scale_ by that range's width for a standard normal (1.349 for the quartiles), so a
    normal column ends with variance 1. A zero range keeps scale_ = 1.

    Attributes
    ----------
    center_, scale_ : ndarray of shape (n_features,)
    """

    def __init__(self, *, with_centering: bool = True, with_scaling: bool = True, quantile_range=(25.0, 75.0),
                 copy: bool = True, unit_variance: bool = False):
        self.with_centering = with_centering
        self.with_scaling = with_scaling
        self.quantile_range = quantile_range
        self.copy = copy
        self.unit_variance = unit_variance

    def fit(self, X, y=None) -> "RobustScaler":
        low, high = self.quantile_range
        if not 0 <= low <= high <= 100:
            raise ValueError(f"Invalid quantile range: {tuple(self.quantile_range)!r}; both ends must lie in "
                             "[0, 100], the first not above the second.")
        X = validate_data(self, X, reset=True, dtype=[np.float64, np.float32], ensure_all_finite="allow-nan")
        self.center_ = np.nanmedian(X, axis=0) if self.with_centering else None
        if self.with_scaling:
            q_low, q_high = np.nanpercentile(X, [low, high], axis=0)
            scale = q_high - q_low
            scale[scale == 0] = 1.0
            if self.unit_variance:
                normal = NormalDist()
                scale = scale / (normal.inv_cdf(high / 100.0) - normal.inv_cdf(low / 100.0))
            self.scale_ = scale
        else:
            self.scale_ = None
        return self

    def transform(self, X) -> np.ndarray:
        """x' = (x − center_) / scale_."""
        check_is_fitted(self, "n_features_in_")
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32], copy=self.copy,
                          ensure_all_finite="allow-nan")
        if self.with_centering:
            X -= self.center_.astype(X.dtype)
        if self.with_scaling:
            X /= self.scale_.astype(X.dtype)
        return X

    def inverse_transform(self, X) -> np.ndarray:
        """x = x' · scale_ + center_."""
        check_is_fitted(self, "n_features_in_")
        X = check_array(X, dtype=[np.float64, np.float32], copy=self.copy, ensure_all_finite="allow-nan")
        if self.with_scaling:
            X *= self.scale_.astype(X.dtype)
        if self.with_centering:
            X += self.center_.astype(X.dtype)
        return X

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"allow_nan": True, "preserves_dtype": ["float64", "float32"]}
