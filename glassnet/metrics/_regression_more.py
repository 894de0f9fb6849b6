"""More scores for regressors.

- explained variance = 1 − Var(y − ŷ) / Var(y)   (R² without penalising a constant bias)
- max error          = maxᵢ |yᵢ − ŷᵢ|            (the worst case)
- median abs. error  = medianᵢ |yᵢ − ŷᵢ|         (robust to outliers)
- MAPE               = (1/n) Σ |yᵢ − ŷᵢ| / max(|yᵢ|, ε)   (a relative error; 0.1 means 10 %)
- MSLE               = (1/n) Σ (log(1 + yᵢ) − log(1 + ŷᵢ))²  (for targets growing exponentially)
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._regression import _aggregate, _check_reg_targets


def explained_variance_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
                             force_finite: bool = True):
    """1 − Var(y − ŷ) / Var(y); a constant y gives 1 (perfect) or 0 with ``force_finite``."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    residual = y_true - y_pred
    mean_residual = np.average(residual, axis=0, weights=sample_weight)
    numerator = np.average((residual - mean_residual) ** 2, axis=0, weights=sample_weight)
    mean_true = np.average(y_true, axis=0, weights=sample_weight)
    denominator = np.average((y_true - mean_true) ** 2, axis=0, weights=sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = 1 - numerator / denominator
    if force_finite:
        scores = np.where(denominator != 0, scores, np.where(numerator != 0, 0.0, 1.0))
    return _aggregate(scores, multioutput, weights=denominator)


def max_error(y_true, y_pred) -> float:
    """The largest absolute error, maxᵢ |yᵢ − ŷᵢ| (one output only)."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, "uniform_average")
    if y_true.shape[1] != 1:
        raise ValueError("Multioutput not supported in max_error")
    return float(np.max(np.abs(y_true - y_pred)))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, 0.5 * cumulative[-1])])


def median_absolute_error(y_true, y_pred, *, multioutput="uniform_average", sample_weight=None):
    """medianᵢ |yᵢ − ŷᵢ| per output (a weighted median with ``sample_weight``)."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    errors = np.abs(y_true - y_pred)
    if sample_weight is None:
        per_output = np.median(errors, axis=0)
    else:
        w = np.asarray(sample_weight, dtype=np.float64)
        per_output = np.array([_weighted_median(errors[:, j], w) for j in range(errors.shape[1])])
    return _aggregate(per_output, multioutput)


def mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """(1/n) Σ |yᵢ − ŷᵢ| / max(|yᵢ|, ε), ε the float64 machine epsilon (a fraction, not a percentage)."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    relative = np.abs(y_pred - y_true) / np.maximum(np.abs(y_true), np.finfo(np.float64).eps)
    return _aggregate(np.average(relative, axis=0, weights=sample_weight), multioutput)


def mean_squared_log_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """(1/n) Σ (log(1 + yᵢ) − log(1 + ŷᵢ))²; targets and predictions must be > −1."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    if (y_true <= -1).any() or (y_pred <= -1).any():
        raise ValueError("Mean Squared Logarithmic Error cannot be used when targets contain values less "
                         "than or equal to -1.")
    squared = (np.log1p(y_true) - np.log1p(y_pred)) ** 2
    return _aggregate(np.average(squared, axis=0, weights=sample_weight), multioutput)


__all__ = ["explained_variance_score", "max_error", "median_absolute_error", "mean_absolute_percentage_error",
           "mean_squared_log_error"]
