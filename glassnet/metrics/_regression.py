"""Scores for regressors: how far the predictions ŷ fall from the targets y.

- MSE = (1/n) Σ (yᵢ − ŷᵢ)²            (squares punish large errors most)
- MAE = (1/n) Σ |yᵢ − ŷᵢ|
- R²  = 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²  (1 is perfect, 0 is "always predict the mean")
"""
from __future__ import annotations

import numpy as np

from glassnet.utils.validation import check_consistent_length

_OUTPUTS = ("raw_values", "uniform_average", "variance_weighted")


def _check_reg_targets(y_true, y_pred, multioutput) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    check_consistent_length(y_true, y_pred)
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if y_true.ndim != 2 or y_pred.ndim != 2 or y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(f"y_true and y_pred have different number of output ({y_true.shape[1:]}!="
                         f"{y_pred.shape[1:]})")
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"Input {name} contains NaN or infinity.")
    if isinstance(multioutput, str):
        if multioutput not in _OUTPUTS:
            raise ValueError(f"Allowed 'multioutput' string values are {_OUTPUTS}. You provided "
                             f"multioutput={multioutput!r}")
    elif len(np.atleast_1d(multioutput)) != y_true.shape[1]:
        raise ValueError("There must be equally many custom weights as outputs.")
    return y_true, y_pred


def _aggregate(per_output: np.ndarray, multioutput, weights=None):
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return per_output
        if multioutput == "variance_weighted" and weights is not None:
            return float(np.average(per_output, weights=weights)) if weights.sum() else float(per_output.mean())
        return float(np.mean(per_output))
    return float(np.average(per_output, weights=np.asarray(multioutput, dtype=np.float64)))


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """MSE = (1/n) Σ (yᵢ − ŷᵢ)²."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    errors = np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight)
    return _aggregate(errors, multioutput)


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """RMSE = √MSE, in the units of y."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    errors = np.sqrt(np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight))
    return _aggregate(errors, multioutput)


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """MAE = (1/n) Σ |yᵢ − ŷᵢ|."""
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    errors = np.average(np.abs(y_true - y_pred), axis=0, weights=sample_weight)
    return _aggregate(errors, multioutput)


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
             force_finite: bool = True):
    """R² = 1 − SS_res / SS_tot = 1 − Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ(yᵢ − ȳ)².

    A constant y makes SS_tot = 0; then R² is 1 for a perfect prediction and 0 otherwise
    (with ``force_finite=False``: NaN or −inf, the raw quotient).
    """
    y_true, y_pred = _check_reg_targets(y_true, y_pred, multioutput)
    if y_true.shape[0] < 2:
        import warnings
        warnings.warn("R^2 score is not well-defined with less than two samples.", UserWarning, stacklevel=2)
        return float("nan")
    w = np.ones(y_true.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    check_consistent_length(y_true, w)
    w = w[:, None]
    ss_res = (w * (y_true - y_pred) ** 2).sum(axis=0)
    y_mean = np.average(y_true, axis=0, weights=w[:, 0])
    ss_tot = (w * (y_true - y_mean) ** 2).sum(axis=0)
    ok_num, ok_den = ss_res != 0, ss_tot != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = 1 - ss_res / ss_tot
    if force_finite:
        scores = np.where(ok_den, scores, np.where(ok_num, 0.0, 1.0))
    return _aggregate(scores, multioutput, weights=ss_tot)


__all__ = ["mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score"]
