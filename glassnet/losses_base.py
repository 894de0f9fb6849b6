"""The ``Loss`` base class and the checks of ``y_true`` every loss shares (shapes, labels).

``loss(y_true, y_pred)`` returns a scalar Tensor: the per-sample losses of ``call`` averaged
over the batch (Keras's default reduction, ``'sum_over_batch_size'``), or summed, or kept
per sample (``reduction='none'``). ``glassnet.losses`` has the losses themselves.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as M

EPSILON = 1e-7
_REDUCTIONS = ("sum_over_batch_size", "mean", "sum", "none", None)


class Loss:
    """Base class: subclasses define ``call(y_true, y_pred)`` → per-sample losses."""

    default_name = "loss"

    def __init__(self, name: str | None = None, reduction: str | None = "sum_over_batch_size", dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{type(self).__name__}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")
        self.name = name or self.default_name
        self.reduction = reduction
        self.dtype = dtype

    def __call__(self, y_true, y_pred, sample_weight=None) -> Tensor:
        y_pred = ensure_tensor(y_pred)
        per_sample = self.call(y_true, y_pred)
        if sample_weight is not None:
            weight = np.asarray(sample_weight, dtype=per_sample.dtype)
            if weight.ndim and weight.shape[0] != per_sample.shape[0]:
                raise ValueError(f"{self.name}: sample_weight has {weight.shape[0]} entries for "
                                 f"{per_sample.shape[0]} samples")
            per_sample = per_sample * weight.reshape(weight.shape + (1,) * (per_sample.ndim - weight.ndim))
        if self.reduction in ("sum_over_batch_size", "mean"):
            return M.mean(per_sample)
        if self.reduction == "sum":
            return M.sum(per_sample)
        return per_sample

    def call(self, y_true, y_pred: Tensor) -> Tensor:
        raise TypeError(f"{type(self).__name__} must define call(y_true, y_pred)")

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict) -> "Loss":
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.get_config().items())})"


# ---------------------------------------------------------------------- checking the inputs
def _targets(y_true, y_pred: Tensor, loss_name: str) -> np.ndarray:
    """y_true as an array of y_pred's dtype and shape (a missing or extra last axis of 1 is fixed)."""
    if y_pred.ndim == 0:      # every loss reduces over the last axis: a scalar has none
        raise ValueError(f"{loss_name}: y_pred must have shape (batch, ...) with at least one axis, "
                         f"got a scalar ({y_pred!r})")
    y = np.asarray(y_true.data if isinstance(y_true, Tensor) else y_true)
    if y.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y = y[..., None]
    elif y.ndim == y_pred.ndim + 1 and y.shape[-1] == 1:
        y = y[..., 0]
    if y.shape != y_pred.shape:
        hint = ""
        if y.ndim == y_pred.ndim - 1 and y_pred.shape[-1] > 1:
            hint = ("; y_true looks like integer class labels: use 'sparse_categorical_crossentropy', "
                    "or one-hot encode them with glassnet.utils.to_categorical")
        raise ValueError(f"{loss_name}: y_true has shape {y.shape} but y_pred has shape {y_pred.shape}; "
                         f"they must match{hint}")
    if y.dtype != y_pred.dtype:
        y = y.astype(y_pred.dtype)
    return y


def _class_labels(y_true, y_pred: Tensor, loss_name: str) -> np.ndarray:
    """Integer labels in [0, classes) of shape y_pred.shape[:-1], or a ValueError naming the fault."""
    y = np.asarray(y_true.data if isinstance(y_true, Tensor) else y_true)
    if y.ndim == y_pred.ndim and y.shape[-1] == 1:
        y = y[..., 0]
    if y.shape != y_pred.shape[:-1]:
        hint = (" (y_true looks one-hot: use 'categorical_crossentropy')" if y.shape == y_pred.shape else "")
        raise ValueError(f"{loss_name}: y_true has shape {np.shape(y_true)}, expected integer labels of "
                         f"shape {y_pred.shape[:-1]} for y_pred of shape {y_pred.shape}{hint}")
    classes = y_pred.shape[-1]
    if y.dtype.kind == "f":
        bad = ~np.isfinite(y) | (y != np.round(y))
        if bad.any():
            raise ValueError(f"{loss_name}: labels must be integers in [0, {classes - 1}], "
                             f"got {y[bad].flat[0].item()!r}")
    elif y.dtype.kind not in "iub":
        raise ValueError(f"{loss_name}: labels must be integers, got dtype {y.dtype}")
    if y.size:
        low, high = y.min(), y.max()
        if low < 0 or high >= classes:
            offending = low if low < 0 else high
            raise ValueError(f"{loss_name}: labels must be integers in [0, {classes - 1}] (y_pred has "
                             f"{classes} classes), got {offending.item()!r}")
    return y.astype(np.intp, copy=False)
