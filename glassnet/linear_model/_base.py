"""What every linear model shares: centring the data, the intercept, and ŷ = X·w + b."""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import ClassifierMixin
from glassnet.utils.validation import check_is_fitted, check_sample_weight, validate_data


def preprocess_data(X, y, fit_intercept: bool, sample_weight=None, copy: bool = True):
    """Centre X and y at their (weighted) means so the intercept drops out of the fit.

    With x̄, ȳ the means, fitting w on (X − x̄, y − ȳ) without intercept and then setting
    b = ȳ − x̄·w gives the same model as fitting [w, b] directly, and keeps the system better conditioned.
    Returns X, y (centred), x̄, ȳ and the weights (None when all equal).
    """
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=sample_weight)
        y_offset = np.average(y, axis=0, weights=sample_weight)
        X = X - X_offset if copy else np.subtract(X, X_offset, out=X)
        y = y - y_offset
    else:
        X_offset = np.zeros(X.shape[1])
        y_offset = np.zeros(y.shape[1]) if y.ndim == 2 else 0.0
    return X, y, X_offset, y_offset


def rescale_by_weights(X, y, sample_weight):
    """Weighted least squares Σ wᵢ rᵢ² = ordinary least squares on rows multiplied by √wᵢ."""
    root = np.sqrt(sample_weight)
    return X * root[:, None], (y * root if y.ndim == 1 else y * root[:, None])


def check_positive_number(value, name: str, *, allow_zero: bool = False, integer: bool = False):
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        what = "an integer" if integer else "a number"
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"The '{name}' parameter must be {what} {bound}, got {value!r}.")


def check_choice(value, name: str, choices) -> None:
    if value not in choices:
        raise ValueError(f"The '{name}' parameter must be one of {list(choices)!r}, got {value!r}.")


def sample_weight_or_none(sample_weight, X):
    if sample_weight is None:
        return None
    sw = check_sample_weight(sample_weight, X)
    if np.any(sw < 0):
        raise ValueError("Negative values in data passed to sample_weight.")
    if sw.sum() <= 0:
        raise ValueError("Sample weights sum to zero: at least one sample weight must be positive.")
    return sw


class LinearModel:
    """ŷ = X·wᵀ + b for regressors (``coef_`` w, ``intercept_`` b)."""

    def _set_intercept(self, X_offset, y_offset):
        if self.fit_intercept:
            self.intercept_ = y_offset - X_offset @ self.coef_.T
        else:
            self.intercept_ = 0.0 if np.ndim(y_offset) == 0 else np.zeros_like(y_offset)

    def predict(self, X) -> np.ndarray:
        """ŷ = X·wᵀ + b."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X @ self.coef_.T + self.intercept_


class LinearClassifierMixin(ClassifierMixin):
    """Scores s = X·Wᵀ + b; the class is the sign of s (two classes) or its argmax (more)."""

    def decision_function(self, X) -> np.ndarray:
        """Signed distance-like score s = X·wᵀ + b, (n,) for two classes, (n, k) for more."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(np.int64)]
        return self.classes_[np.argmax(scores, axis=1)]
