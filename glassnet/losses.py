"""Loss functions with Keras's names: how far the predictions are from the targets.

``loss(y_true, y_pred)`` returns a scalar Tensor: the per-sample losses averaged over the
batch (Keras's default reduction, ``'sum_over_batch_size'``). Call ``.backward()`` on it.

    mean squared error     L = 1/n Σᵢ mean_j (ŷᵢⱼ − yᵢⱼ)²
    quadratic (slides)     L = 1/(2n) Σᵢ ‖ŷᵢ − yᵢ‖²         so dL/dŷ = (ŷ − y)/n
    mean absolute error    L = 1/n Σᵢ mean_j |ŷᵢⱼ − yᵢⱼ|
    binary cross-entropy   L = −1/n Σᵢ mean_j [y log p + (1 − y) log(1 − p)]
    categorical CE         L = −1/n Σᵢ Σⱼ yᵢⱼ log pᵢⱼ        (y one-hot)
    sparse categorical CE  L = −1/n Σᵢ log p_{i,cᵢ}          (cᵢ an integer class)

Cross-entropies from probabilities clip p to [1e-7, 1 − 1e-7] as Keras does, except when
the probabilities come straight from a ``softmax`` or ``sigmoid`` op: then the loss is
computed from that op's logits z, exactly and stably, and the gradient reaching z is the
fused rule dL/dz = (p − y)/n. The graph then goes from the loss straight to z: after
``backward()`` the logits hold δ = dL/dz in ``.grad`` while the probabilities' ``.grad``
stays None (pass ``from_logits=True`` with a linear last layer to make this explicit).
"""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as M
from glassnet.ops import nn

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
    y = np.asarray(y_true.data if isinstance(y_true, Tensor) else y_true)
    if y.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y = y[..., None]
    elif y.ndim == y_pred.ndim + 1 and y.shape[-1] == 1:
        y = y[..., 0]
    if y.shape != y_pred.shape:
        hint = ""
        if y.ndim == y_pred.ndim - 1:  # (a last axis of 1 was added above)
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


# ---------------------------------------------------------------------- regression losses
class MeanSquaredError(Loss):
    """Lᵢ = mean_j (ŷᵢⱼ − yᵢⱼ)²;  dLᵢ/dŷᵢⱼ = 2(ŷᵢⱼ − yᵢⱼ)/k."""

    default_name = "mean_squared_error"

    def call(self, y_true, y_pred):
        return M.mean(M.square(y_pred - _targets(y_true, y_pred, self.name)), axis=-1)


class QuadraticLoss(Loss):
    """The quadratic cost of the lecture slides: Lᵢ = ½ ‖ŷᵢ − yᵢ‖², so dLᵢ/dŷᵢ = ŷᵢ − yᵢ.

    The ½ cancels the 2 of the derivative, and the sum (not mean) over outputs makes the
    output error δᴸ = (a − y) ⊙ σ'(z) exactly as written on the board.
    """

    default_name = "quadratic"

    def call(self, y_true, y_pred):
        return M.sum(M.square(y_pred - _targets(y_true, y_pred, self.name)), axis=-1) * 0.5


class MeanAbsoluteError(Loss):
    """Lᵢ = mean_j |ŷᵢⱼ − yᵢⱼ|;  dLᵢ/dŷᵢⱼ = sign(ŷᵢⱼ − yᵢⱼ)/k."""

    default_name = "mean_absolute_error"

    def call(self, y_true, y_pred):
        return M.mean(M.abs(y_pred - _targets(y_true, y_pred, self.name)), axis=-1)


# ---------------------------------------------------------------------- classification losses
def _warn_if_probabilities(y_pred, kind: str, loss_name: str, axis: int = -1) -> None:
    """Keras's warning for a common slip: from_logits=True on the output of a softmax/sigmoid."""
    if nn.logits_of(y_pred, kind, axis) is not None:
        warnings.warn(f"{loss_name} received from_logits=True, but y_pred was produced by a {kind} "
                      "activation, so it holds probabilities, not logits. Was this intended? Either remove "
                      f"the {kind} from the last layer or use from_logits=False.", UserWarning, stacklevel=4)


class BinaryCrossentropy(Loss):
    """Lᵢ = −mean_j [y log p + (1 − y) log(1 − p)], p = ŷ (or σ(ŷ) with ``from_logits=True``)."""

    default_name = "binary_crossentropy"

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), axis

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        if self.label_smoothing:
            y = y * (1 - self.label_smoothing) + 0.5 * self.label_smoothing
        if self.from_logits:
            _warn_if_probabilities(y_pred, "sigmoid", self.name)
        logits = y_pred if self.from_logits else nn.logits_of(y_pred, "sigmoid")
        if logits is not None:
            return M.mean(nn.sigmoid_binary_cross_entropy(logits, y), axis=self.axis)
        p = M.clip(y_pred, EPSILON, 1 - EPSILON)
        log_likelihood = M.log(p) * y + M.log(1 - p) * (1 - y)
        return -M.mean(log_likelihood, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class CategoricalCrossentropy(Loss):
    """Lᵢ = −Σⱼ yᵢⱼ log pᵢⱼ with one-hot (or soft) targets y; p = ŷ or softmax(ŷ) from logits."""

    default_name = "categorical_crossentropy"

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), axis

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        if self.label_smoothing:
            y = y * (1 - self.label_smoothing) + self.label_smoothing / y_pred.shape[self.axis]
        if self.from_logits:
            _warn_if_probabilities(y_pred, "softmax", self.name, self.axis)
            return nn.softmax_cross_entropy(y_pred, y, axis=self.axis)
        logits = nn.logits_of(y_pred, "softmax", self.axis)
        if logits is not None:
            return nn.softmax_cross_entropy(logits, y, axis=self.axis, probabilities=y_pred.data)
        p = y_pred / M.sum(y_pred, axis=self.axis, keepdims=True)
        return -M.sum(M.log(M.clip(p, EPSILON, 1 - EPSILON)) * y, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(Loss):
    """Lᵢ = −log p_{i,cᵢ} for integer labels cᵢ ∈ [0, classes); p = ŷ or softmax(ŷ) from logits."""

    default_name = "sparse_categorical_crossentropy"

    def __init__(self, from_logits: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.from_logits = bool(from_logits)

    def call(self, y_true, y_pred):
        labels = _class_labels(y_true, y_pred, self.name)
        if self.from_logits:
            _warn_if_probabilities(y_pred, "softmax", self.name)
            return nn.sparse_softmax_cross_entropy(y_pred, labels)
        logits = nn.logits_of(y_pred, "softmax")
        if logits is not None:
            return nn.sparse_softmax_cross_entropy(logits, labels, probabilities=y_pred.data)
        picked = M.sum(y_pred * np.eye(y_pred.shape[-1], dtype=y_pred.dtype)[labels], axis=-1)
        total = M.sum(y_pred, axis=-1)
        return -M.log(M.clip(picked / total, EPSILON, 1 - EPSILON))

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits}


class LossFunctionWrapper(Loss):
    """Turns a function ``fn(y_true, y_pred) -> per-sample Tensor`` into a Loss."""

    def __init__(self, fn: Callable, name: str | None = None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "loss"), **kwargs)
        self.fn = fn

    def call(self, y_true, y_pred):
        return ensure_tensor(self.fn(y_true, y_pred))

    def get_config(self):
        raise ValueError(f"cannot serialize the custom loss function {self.fn!r}; "
                         "subclass glassnet.losses.Loss (with get_config) to save it with the model")


# ---------------------------------------------------------------------- Keras's functional forms
def mean_squared_error(y_true, y_pred) -> Tensor:
    """Per-sample mean squared error (no reduction over the batch)."""
    return MeanSquaredError(reduction="none")(y_true, y_pred)


def mean_absolute_error(y_true, y_pred) -> Tensor:
    """Per-sample mean absolute error."""
    return MeanAbsoluteError(reduction="none")(y_true, y_pred)


def quadratic(y_true, y_pred) -> Tensor:
    """Per-sample ½ ‖ŷ − y‖²."""
    return QuadraticLoss(reduction="none")(y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0) -> Tensor:
    """Per-sample binary cross-entropy."""
    return BinaryCrossentropy(from_logits, label_smoothing, reduction="none")(y_true, y_pred)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0) -> Tensor:
    """Per-sample categorical cross-entropy."""
    return CategoricalCrossentropy(from_logits, label_smoothing, reduction="none")(y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> Tensor:
    """Per-sample sparse categorical cross-entropy."""
    return SparseCategoricalCrossentropy(from_logits, reduction="none")(y_true, y_pred)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

_CLASSES = {cls.__name__: cls for cls in (MeanSquaredError, QuadraticLoss, MeanAbsoluteError, BinaryCrossentropy,
                                          CategoricalCrossentropy, SparseCategoricalCrossentropy)}
_ALIASES = {
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "quadratic": QuadraticLoss, "quadratic_loss": QuadraticLoss, "half_squared_error": QuadraticLoss,
    "binary_crossentropy": BinaryCrossentropy, "bce": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_FUNCTION_NAMES = {mean_squared_error: "mean_squared_error", mean_absolute_error: "mean_absolute_error",
                   quadratic: "quadratic", binary_crossentropy: "binary_crossentropy",
                   categorical_crossentropy: "categorical_crossentropy",
                   sparse_categorical_crossentropy: "sparse_categorical_crossentropy"}


def get(identifier) -> Loss:
    """A Loss object from a name ('mse', 'categorical_crossentropy', ...), a Loss, a config or a function."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier) or _ALIASES.get(identifier.lower()) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"unknown loss {identifier!r}; known: {', '.join(sorted(_ALIASES))}")
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        name = _FUNCTION_NAMES.get(identifier)
        return get(name) if name else LossFunctionWrapper(identifier)
    raise TypeError(f"loss must be a name, a Loss or a function, got {type(identifier).__name__}")


def serialize(loss: Loss) -> dict:
    """{"class_name": ..., "config": ...}, plain JSON for model files."""
    loss = get(loss)
    return {"class_name": type(loss).__name__, "config": loss.get_config()}


def deserialize(config) -> Loss:
    """Inverse of :func:`serialize` (also accepts a bare name)."""
    if isinstance(config, str):
        return get(config)
    name = config.get("class_name")
    cls = _CLASSES.get(name) or _ALIASES.get(name)
    if cls is None:
        raise ValueError(f"unknown loss class {name!r} in the configuration; known: {', '.join(sorted(_CLASSES))}")
    return cls.from_config(dict(config.get("config", {})))


__all__ = ["Loss", "MeanSquaredError", "QuadraticLoss", "MeanAbsoluteError", "BinaryCrossentropy",
           "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "LossFunctionWrapper",
           "mean_squared_error", "mean_absolute_error", "quadratic", "binary_crossentropy",
           "categorical_crossentropy", "sparse_categorical_crossentropy", "mse", "mae", "MSE", "MAE",
           "get", "serialize", "deserialize", "EPSILON"]
