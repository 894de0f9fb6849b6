"""Weight penalties added to the loss, with Keras's names and defaults.

    L1(l1):       Ω(W) = l1 · Σ |W|          dΩ/dW = l1 · sign(W)   (pushes weights to exactly 0)
    L2(l2):       Ω(W) = l2 · Σ W²           dΩ/dW = 2 · l2 · W     ("weight decay")
    L1L2(l1, l2): Ω(W) = l1 · Σ |W| + l2 · Σ W²

A layer built with ``kernel_regularizer=L2(1e-4)`` reports ``Ω(kernel)`` in
``layer.losses``; the model adds these to the data loss before ``backward()``, so the
gradient of the penalty flows through the same graph as everything else.

Note the Keras convention: there is no ½ in front of the L2 term, and the sum is over
all weights, not divided by the batch size.
"""
from __future__ import annotations

from typing import Callable

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as M


def _check_factor(name: str, value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a non-negative number, got {value!r}") from None
    if not value >= 0.0:  # also catches NaN
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    return value


class Regularizer:
    """Base class: ``regularizer(weight: Tensor) -> scalar Tensor``."""

    def __call__(self, weight: Tensor) -> Tensor:
        raise TypeError(f"{type(self).__name__} must implement __call__(weight)")

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Regularizer":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class L1(Regularizer):
    """Ω(W) = l1 · Σ |W|."""

    def __init__(self, l1: float = 0.01):
        self.l1 = _check_factor("L1: l1", l1)

    def __call__(self, weight: Tensor) -> Tensor:
        weight = ensure_tensor(weight)
        return M.multiply(M.sum(M.abs(weight)), self.l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(Regularizer):
    """Ω(W) = l2 · Σ W²."""

    def __init__(self, l2: float = 0.01):
        self.l2 = _check_factor("L2: l2", l2)

    def __call__(self, weight: Tensor) -> Tensor:
        weight = ensure_tensor(weight)
        return M.multiply(M.sum(M.square(weight)), self.l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


class L1L2(Regularizer):
    """Ω(W) = l1 · Σ |W| + l2 · Σ W²  (both default to 0, as in Keras)."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1 = _check_factor("L1L2: l1", l1)
        self.l2 = _check_factor("L1L2: l2", l2)

    def __call__(self, weight: Tensor) -> Tensor:
        weight = ensure_tensor(weight)
        penalty = M.multiply(M.sum(M.abs(weight)), self.l1)
        return M.add(penalty, M.multiply(M.sum(M.square(weight)), self.l2))

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


_CLASSES = {"L1": L1, "L2": L2, "L1L2": L1L2}
_ALIASES = {"l1": L1, "l2": L2, "l1_l2": L1L2, "l1l2": L1L2}


def serialize(regularizer: Regularizer) -> dict:
    """{'class_name': ..., 'config': {...}} for a model file."""
    if not isinstance(regularizer, Regularizer):
        raise TypeError(f"regularizers.serialize: expected a Regularizer, got {regularizer!r}")
    return {"class_name": type(regularizer).__name__, "config": regularizer.get_config()}


def deserialize(config) -> Regularizer:
    """The inverse of :func:`serialize` (also accepts a name)."""
    if isinstance(config, str):
        return get(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"regularizers.deserialize: expected {{'class_name': ..., 'config': ...}}, "
                         f"got {config!r}")
    cls = _CLASSES.get(config["class_name"]) or _ALIASES.get(config["class_name"])
    if cls is None:
        raise ValueError(f"regularizers.deserialize: unknown regularizer {config['class_name']!r}; "
                         f"known: {sorted(_CLASSES)}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier) -> Callable | None:
    """A regularizer from None, a name ('l1', 'l2', 'l1_l2'), a config dict, or itself."""
    if identifier is None:
        return None
    if isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"Unknown regularizer {identifier!r}; known names: {sorted(_ALIASES)}")
        return cls()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")


# Keras's lowercase aliases: keras.regularizers.l2(1e-4).
l1, l2, l1_l2 = L1, L2, L1L2
