"""Standardisation: z = (x − μ) / σ, column by column."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_array, check_is_fitted, validate_data
from glassnet.preprocessing._names import feature_names_out


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise features: z = (x − μ) / σ, with μ and σ the mean and standard deviation of each column.

    Gradient descent, regularised models and distance-based models all work better when the
    features share one scale. A constant column (σ = 0) keeps σ = 1, so it becomes 0 and never NaN.

    Parameters
    ----------
    copy : bool, default=True
        Work on a copy of X (False: scale in place where X is already float64).
    with_mean : bool, default=True
        Subtract μ.
    with_std : bool, default=True
        Divide by σ (the population standard deviation, ddof = 0, like scikit-learn).

    Attributes
    ----------
    mean_, var_, scale_ : ndarray of shape (n_features,)
        μ, σ² and the divisor σ (1 for constant columns); None where switched off.
    n_samples_seen_ : int
    """

    def __init__(self, *, copy: bool = True, with_mean: bool = True, with_std: bool = True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None) -> "StandardScaler":
        X = validate_data(self, X, reset=True, dtype=[np.float64, np.float32])
        self.n_samples_seen_ = X.shape[0]
        mean = X.mean(axis=0, dtype=np.float64)
        var = X.var(axis=0, dtype=np.float64)
        self.mean_ = mean if (self.with_mean or self.with_std) else None
        self.var_ = var if self.with_std else None
        if self.with_std:
            scale = np.sqrt(var)
            # a column equal to its mean up to rounding is constant: divide by 1, not by ~1e-17
            constant = scale < 10 * np.finfo(np.float64).eps * np.maximum(np.abs(mean), 1.0)
            self.scale_ = np.where(constant, 1.0, scale)
        else:
            self.scale_ = None
        return self

    def transform(self, X, copy: bool | None = None) -> np.ndarray:
        """z = (x − μ) / σ."""
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32], copy=copy)
        if self.with_mean:
            X -= self.mean_.astype(X.dtype)
        if self.with_std:
            X /= self.scale_.astype(X.dtype)
        return X

    def inverse_transform(self, X, copy: bool | None = None) -> np.ndarray:
        """x = z · σ + μ."""
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = check_array(X, dtype=[np.float64, np.float32], copy=copy)
        if self.with_std:
            X *= self.scale_.astype(X.dtype)
        if self.with_mean:
            X += self.mean_.astype(X.dtype)
        return X

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"preserves_dtype": ["float64", "float32"]}
