"""Activation functions by name, as Keras offers them: ``activations.get('relu')``.

Each is a function Tensor → Tensor built on the ops in :mod:`glassnet.ops.nn`, where the
forward and backward rules live. ``Dense(..., activation='relu')`` looks them up here.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math, more_activations as more, nn


def linear(x) -> Tensor:
    """a = z (the identity): what a layer without an activation computes."""
    return ensure_tensor(x)


def step(x) -> Tensor:
    """The perceptron's threshold, 1 if z > 0 else 0 (forward only: it cannot be trained through)."""
    return nn.step(x)


def sigmoid(x) -> Tensor:
    """a = 1 / (1 + e⁻ᶻ), squashes to (0, 1); σ'(z) = σ(z)(1 − σ(z))."""
    return nn.sigmoid(x)


def tanh(x) -> Tensor:
    """a = tanh(z), squashes to (−1, 1); tanh'(z) = 1 − tanh²(z)."""
    return nn.tanh(x)


def relu(x, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Tensor:
    """a = max(0, z); its slope is 1 for z > 0 and 0 otherwise.

    Keras's options: values below ``threshold`` get ``negative_slope · (z − threshold)``, and
    values at or above ``max_value`` are cut to it (``max_value=6`` is relu6)."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return nn.relu(x)
    return more.shifted_relu(x, negative_slope, max_value, threshold)


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """a = z for z > 0, else negative_slope·z (Keras default 0.2)."""
    return nn.leaky_relu(x, negative_slope)


def gelu(x, approximate: bool = False) -> Tensor:
    """a = z·Φ(z), Φ the standard normal CDF (exact erf form by default, as in Keras)."""
    return nn.gelu(x, approximate)


def softmax(x, axis: int = -1) -> Tensor:
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}: turns scores into probabilities that sum to 1."""
    return nn.softmax(x, axis)


def log_softmax(x, axis: int = -1) -> Tensor:
    """aᵢ = log softmax(z)ᵢ, computed stably."""
    return nn.log_softmax(x, axis)


def softplus(x) -> Tensor:
    """a = log(1 + eᶻ), a smooth relu."""
    return nn.softplus(x)


def silu(x) -> Tensor:
    """a = z·σ(z) (also called swish)."""
    return nn.silu(x)


def elu(x, alpha: float = 1.0) -> Tensor:
    """a = z for z > 0, else α(eᶻ − 1)."""
    return nn.elu(x, alpha)


def selu(x) -> Tensor:
    """Scaled elu with the self-normalising constants (λ ≈ 1.0507, α ≈ 1.6733)."""
    return nn.selu(x)


swish = silu


def softsign(x) -> Tensor:
    """a = z / (1 + |z|);  slope 1 / (1 + |z|)²."""
    from glassnet.ops.elementwise import softsign as _softsign
    return _softsign(x)


def exponential(x) -> Tensor:
    """a = eᶻ."""
    return math.exp(x)


relu6, hard_sigmoid, hard_silu, hard_tanh = more.relu6, more.hard_sigmoid, more.hard_silu, more.hard_tanh
hard_swish, sparse_sigmoid, sparse_plus, soft_shrink = more.hard_swish, more.sparse_sigmoid, more.sparse_plus, more.soft_shrink
hard_shrink, threshold, tanh_shrink, log_sigmoid = more.hard_shrink, more.threshold, more.tanh_shrink, more.log_sigmoid
celu, squareplus, mish, glu, sparsemax = more.celu, more.squareplus, more.mish, more.glu, more.sparsemax

_BY_NAME: dict[str, Callable] = {
    "linear": linear, "step": step, "sigmoid": sigmoid, "tanh": tanh, "relu": relu,
    "leaky_relu": leaky_relu, "gelu": gelu, "softmax": softmax, "log_softmax": log_softmax,
    "softplus": softplus, "silu": silu, "swish": silu, "elu": elu, "selu": selu,
    "softsign": softsign, "exponential": exponential, "relu6": relu6, "hard_sigmoid": hard_sigmoid,
    "hard_silu": hard_silu, "hard_swish": hard_silu, "hard_tanh": hard_tanh, "sparse_sigmoid": sparse_sigmoid,
    "sparse_plus": sparse_plus, "soft_shrink": soft_shrink, "hard_shrink": hard_shrink, "tanh_shrink": tanh_shrink,
    "log_sigmoid": log_sigmoid, "celu": celu, "squareplus": squareplus, "mish": mish, "glu": glu,
    "sparsemax": sparsemax,
}


def get(identifier) -> Callable[[Tensor], Tensor]:
    """Look an activation up: None or 'linear' → identity, a name → its function, a callable → itself."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier.lower() in _BY_NAME:
            return _BY_NAME[identifier.lower()]
        from glassnet.utils.registration import get_registered_object
        custom = get_registered_object(identifier)   # @keras.saving.register_keras_serializable functions
        if callable(custom) and not isinstance(custom, type):
            return custom
        raise ValueError(f"unknown activation {identifier!r}; known: {', '.join(sorted(_BY_NAME))} "
                         "(or register your own with @keras.saving.register_keras_serializable())")
    if isinstance(identifier, dict) and "class_name" in identifier:
        return get(identifier["class_name"])
    if callable(identifier):
        return identifier
    raise TypeError(f"activation must be a name, a callable or None, got {type(identifier).__name__}")


def in_place(activation: Callable) -> Callable[[np.ndarray], np.ndarray] | None:
    """The activation's forward value as an array → array function that overwrites its argument
    (for ``predict``, which keeps no gradient), or None when there is none: then call the activation."""
    return _IN_PLACE.get(activation)


_IN_PLACE: dict[Callable, Callable] = {
    linear: lambda z: z, relu: nn.relu_in_place, softmax: nn.softmax_in_place, tanh: nn.tanh_in_place,
}


def serialize(activation: Callable) -> str:
    """The name under which ``get`` finds ``activation`` again (for model files)."""
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    from glassnet.utils.registration import get_registered_name, is_registered
    if is_registered(activation):
        return get_registered_name(activation)
    raise ValueError(f"cannot serialize activation {activation!r}: it is not one of glassnet's "
                     f"named activations ({', '.join(sorted(_BY_NAME))}); pass it by name, or register it "
                     "with @keras.saving.register_keras_serializable(), to save the model")


def deserialize(name) -> Callable[[Tensor], Tensor]:
    """Inverse of :func:`serialize`."""
    return get(name)


__all__ = ["linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "gelu", "softmax", "log_softmax",
           "softplus", "silu", "swish", "elu", "selu", "softsign", "exponential", "relu6", "hard_sigmoid", "hard_silu",
           "hard_swish", "hard_tanh", "sparse_sigmoid", "sparse_plus", "soft_shrink", "hard_shrink", "tanh_shrink",
           "log_sigmoid", "celu", "squareplus", "mish", "glu", "sparsemax", "threshold",
           "get", "serialize", "deserialize"]
