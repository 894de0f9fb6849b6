"""More Keras metrics that are the mean of a per-sample score (hinge, KL divergence, Poisson, log-cosh,
MSLE, cosine similarity), the running ``Sum``, and ``R2Score``.

Each per-sample score is the formula of the Keras loss of the same name, averaged over the last
axis; the metric is its (weighted) mean over every sample seen. Written in NumPy: a metric is
watched, never differentiated.
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._keras import _BY_NAME, _CLASSES, _same_rank, _wrapper
from glassnet.metrics._metric import Metric, MetricValue, _array, _broadcast_weight

_EPSILON = 1e-7


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return y_true.astype(np.float64), y_pred.astype(np.float64)


def _signed(y_true: np.ndarray) -> np.ndarray:
    """0/1 labels become −1/+1, as Keras's hinge losses do; −1/+1 labels stay."""
    return 2 * y_true - 1 if np.all((y_true == 0) | (y_true == 1)) else y_true


def hinge(y_true, y_pred) -> np.ndarray:
    """mean over the last axis of max(1 − y·ŷ, 0), y in {−1, +1}."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.maximum(1 - _signed(y_true) * y_pred, 0).mean(axis=-1)


def squared_hinge(y_true, y_pred) -> np.ndarray:
    """mean over the last axis of max(1 − y·ŷ, 0)²."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.square(np.maximum(1 - _signed(y_true) * y_pred, 0)).mean(axis=-1)


def categorical_hinge(y_true, y_pred) -> np.ndarray:
    """max(max_{k ≠ y} ŷ_k − ŷ_y + 1, 0) for one-hot y (Crammer & Singer)."""
    y_true, y_pred = _pair(y_true, y_pred)
    positive = np.sum(y_true * y_pred, axis=-1)
    negative = np.max((1 - y_true) * y_pred, axis=-1)
    return np.maximum(negative - positive + 1, 0)


def kl_divergence(y_true, y_pred) -> np.ndarray:
    """Σ_k y_k ln(y_k / ŷ_k), both clipped to [ε, 1]."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_true, y_pred = np.clip(y_true, _EPSILON, 1), np.clip(y_pred, _EPSILON, 1)
    return np.sum(y_true * np.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred) -> np.ndarray:
    """mean over the last axis of ŷ − y ln(ŷ + ε): the Poisson negative log-likelihood up to a constant."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean(y_pred - y_true * np.log(y_pred + _EPSILON), axis=-1)


def log_cosh(y_true, y_pred) -> np.ndarray:
    """mean over the last axis of ln cosh(ŷ − y), computed as x + softplus(−2x) − ln 2 (no overflow)."""
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return np.mean(x + np.logaddexp(0, -2 * x) - np.log(2.0), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred) -> np.ndarray:
    """mean over the last axis of (ln(1 + max(ŷ, ε)) − ln(1 + max(y, ε)))²."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean(np.square(np.log1p(np.maximum(y_pred, _EPSILON)) - np.log1p(np.maximum(y_true, _EPSILON))),
                   axis=-1)


def cosine_similarity(y_true, y_pred, axis: int = -1) -> np.ndarray:
    """(y · ŷ) / (‖y‖ ‖ŷ‖) along ``axis``: 1 when they point the same way (the loss is its negative)."""
    y_true, y_pred = _pair(y_true, y_pred)

    def unit(a):
        return a / np.sqrt(np.maximum(np.sum(a * a, axis=axis, keepdims=True), 1e-12))
    return np.sum(unit(y_true) * unit(y_pred), axis=axis)


Hinge = _wrapper(hinge, "hinge", "Mean of max(1 − y·ŷ, 0).")
SquaredHinge = _wrapper(squared_hinge, "squared_hinge", "Mean of max(1 − y·ŷ, 0)².")
CategoricalHinge = _wrapper(categorical_hinge, "categorical_hinge", "Mean of max(max_{k≠y} ŷ_k − ŷ_y + 1, 0).")
KLDivergence = _wrapper(kl_divergence, "kl_divergence", "Mean of Σ y ln(y / ŷ).")
Poisson = _wrapper(poisson, "poisson", "Mean of ŷ − y ln ŷ.")
LogCoshError = _wrapper(log_cosh, "logcosh", "Mean of ln cosh(ŷ − y).")
LogCoshError.__name__ = "LogCoshError"
MeanSquaredLogarithmicError = _wrapper(mean_squared_logarithmic_error, "mean_squared_logarithmic_error",
                                       "Mean of (ln(1 + ŷ) − ln(1 + y))².")
CosineSimilarity = _wrapper(cosine_similarity, "cosine_similarity", "Mean cosine of the angle between y and ŷ.",
                            axis=-1)


class Sum(Metric):
    """The (weighted) sum of every value seen."""

    def reset_state(self) -> None:
        self.total = 0.0

    def update_state(self, values, sample_weight=None) -> None:  # type: ignore[override]
        values = _array(values).astype(np.float64)
        weight = 1.0 if sample_weight is None else _broadcast_weight(sample_weight, values.shape)
        self.total += float(np.sum(values * weight))

    def result(self) -> MetricValue:
        return MetricValue(self.total)


class R2Score(Metric):
    """The coefficient of determination over every sample seen, per output then aggregated:

        R² = 1 − SS_res / SS_tot,   SS_res = Σ w (y − ŷ)²,   SS_tot = Σ w (y − ȳ)² = Σ w y² − (Σ w y)² / Σ w

    kept as running sums, so the epoch's R² is exact whatever the batches. ``class_aggregation``:
    ``'uniform_average'`` (mean over outputs), ``'variance_weighted_average'`` (weighted by SS_tot)
    or None (one value per output). With ``num_regressors`` = p the adjusted
    R̄² = 1 − (1 − R²)(n − 1)/(n − p − 1) is returned.
    """

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str = "r2_score", dtype=None):
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ValueError("R2Score: class_aggregation must be None, 'uniform_average' or "
                             f"'variance_weighted_average', got {class_aggregation!r}")
        if int(num_regressors) < 0:
            raise ValueError(f"R2Score: num_regressors must be ≥ 0, got {num_regressors}")
        self.class_aggregation, self.num_regressors = class_aggregation, int(num_regressors)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._sums = None                   # Σw, Σwy, Σwy², Σw(y − ŷ)² per output
        self._samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _pair(y_true, y_pred)
        if y_true.ndim == 1:
            y_true, y_pred = y_true[:, None], y_pred[:, None]
        w = np.ones((len(y_true), 1)) if sample_weight is None else _array(sample_weight).reshape(len(y_true), -1)
        sums = np.stack([np.sum(w * np.ones_like(y_true), axis=0), np.sum(w * y_true, axis=0),
                         np.sum(w * y_true ** 2, axis=0), np.sum(w * (y_true - y_pred) ** 2, axis=0)])
        self._sums = sums if self._sums is None else self._sums + sums
        self._samples += len(y_true)

    def result(self):
        if self._sums is None:
            return MetricValue(0.0)
        weight, first, second, residual = self._sums
        total = second - first ** 2 / weight
        raw = 1 - np.divide(residual, total, out=np.zeros_like(total), where=total != 0)
        if self.class_aggregation is None:
            scores = raw
        elif self.class_aggregation == "uniform_average":
            scores = np.mean(raw)
        else:
            scores = np.sum(raw * total) / np.sum(total)
        if self.num_regressors:
            n, p = self._samples, self.num_regressors
            if n - p - 1 <= 0:
                raise ValueError(f"R2Score: the adjusted R² needs more samples ({n}) than num_regressors + 1 ({p + 1})")
            scores = 1 - (1 - scores) * (n - 1) / (n - p - 1)
        return MetricValue(float(scores)) if np.ndim(scores) == 0 else np.asarray(scores)

    def get_config(self) -> dict:
        return {"name": self.name, "class_aggregation": self.class_aggregation, "num_regressors": self.num_regressors}


_NEW = {"hinge": Hinge, "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
        "kl_divergence": KLDivergence, "kld": KLDivergence, "poisson": Poisson, "logcosh": LogCoshError,
        "log_cosh": LogCoshError, "msle": MeanSquaredLogarithmicError,
        "mean_squared_logarithmic_error": MeanSquaredLogarithmicError, "cosine_similarity": CosineSimilarity,
        "r2_score": R2Score}
_BY_NAME.update(_NEW)
_CLASSES.update({cls.__name__: cls for cls in list(_NEW.values()) + [Sum]})

__all__ = ["Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson", "LogCoshError",
           "MeanSquaredLogarithmicError", "CosineSimilarity", "Sum", "R2Score"]
