"""Weight constraints, with Keras's names: after every optimizer step the weight is projected back
into an allowed set.

    MaxNorm(m, axis=0):     w ← w · min(‖w‖, m) / ‖w‖        the norm of each unit's incoming weights ≤ m
    MinMaxNorm(a, b, r):    w ← w · (r·clip(‖w‖, a, b) + (1 − r)·‖w‖) / ‖w‖
    UnitNorm(axis=0):       w ← w / ‖w‖
    NonNeg():               w ← max(w, 0)

(norms along ``axis``; ε = 1e-7 keeps 0/0 away). Srivastava et al. (2014) pair dropout with
MaxNorm(3 or 4). A layer built with ``kernel_constraint=MaxNorm(3)`` attaches the constraint to
its weight here; every glassnet optimizer applies it right after updating that weight, so a
hand-written loop with ``optimizer.apply(...)`` respects it too.
"""
from __future__ import annotations

import weakref

import numpy as np

_EPSILON = 1e-7
_ATTACHED: dict[int, tuple] = {}       # id(weight) -> (weakref to the weight, its constraint)


class Constraint:
    """Base class: ``constraint(w) -> the projected array``."""

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Constraint":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _norms(w: np.ndarray, axis) -> np.ndarray:
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


def _axis(axis):
    """An int, or several axes as a tuple (a saved model gives them back as a list)."""
    return tuple(int(a) for a in axis) if isinstance(axis, (list, tuple)) else int(axis)


def _axis_config(axis):
    return list(axis) if isinstance(axis, tuple) else axis


class MaxNorm(Constraint):
    """Each slice along ``axis`` (for a Dense kernel: each unit's incoming weights) keeps a norm ≤ max_value."""

    def __init__(self, max_value: float = 2, axis=0):
        self.max_value, self.axis = float(max_value), _axis(axis)

    def __call__(self, w):
        norms = _norms(w, self.axis)
        return w * (np.clip(norms, 0, self.max_value) / (_EPSILON + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": _axis_config(self.axis)}


class MinMaxNorm(Constraint):
    """Norms pulled into [min_value, max_value], a share ``rate`` of the way at each step."""

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis=0):
        self.min_value, self.max_value, self.rate = float(min_value), float(max_value), float(rate)
        self.axis = _axis(axis)

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = self.rate * np.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (_EPSILON + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": _axis_config(self.axis)}


class UnitNorm(Constraint):
    """Each slice along ``axis`` rescaled to norm 1."""

    def __init__(self, axis=0):
        self.axis = _axis(axis)

    def __call__(self, w):
        return w / (_EPSILON + _norms(w, self.axis))

    def get_config(self):
        return {"axis": _axis_config(self.axis)}


class NonNeg(Constraint):
    """Negative weights set to 0."""

    def __call__(self, w):
        return w * (w >= 0)


max_norm, min_max_norm, unit_norm, non_neg = MaxNorm, MinMaxNorm, UnitNorm, NonNeg
_CLASSES = {cls.__name__: cls for cls in (Constraint, MaxNorm, MinMaxNorm, UnitNorm, NonNeg)}
_ALIASES = {"max_norm": MaxNorm, "min_max_norm": MinMaxNorm, "unit_norm": UnitNorm, "non_neg": NonNeg,
            "nonneg": NonNeg}


def get(identifier) -> Constraint | None:
    """None, a Constraint, a name ('max_norm', 'non_neg', 'NonNeg'…), a config dict or a function of an array."""
    if identifier is None or isinstance(identifier, Constraint):
        return identifier
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier.lower()) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"unknown constraint {identifier!r}; known: {', '.join(sorted(_ALIASES))}")
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise TypeError(f"a constraint must be a name, a Constraint or a function, got {type(identifier).__name__}")


def serialize(constraint) -> dict | None:
    if constraint is None:
        return None
    if not isinstance(constraint, Constraint):
        raise ValueError(f"cannot serialize the constraint {constraint!r}: subclass glassnet.constraints.Constraint "
                         "(with get_config) to save it with the model")
    return {"class_name": type(constraint).__name__, "config": constraint.get_config()}


def deserialize(config) -> Constraint | None:
    if config is None:
        return None
    if isinstance(config, str):
        return get(config)
    cls = _CLASSES.get(config.get("class_name"))
    if cls is None:
        raise ValueError(f"unknown constraint class {config.get('class_name')!r}; known: {sorted(_CLASSES)}")
    return cls.from_config(dict(config.get("config") or {}))


def attach(weight, constraint) -> None:
    """Make the optimizers project ``weight`` with ``constraint`` after each update."""
    key = id(weight)
    if constraint is None:
        _ATTACHED.pop(key, None)
        return
    _ATTACHED[key] = (weakref.ref(weight, lambda _, key=key: _ATTACHED.pop(key, None)), constraint)


def constraint_of(weight):
    """The constraint attached to ``weight``, or None."""
    entry = _ATTACHED.get(id(weight))
    if entry is None or entry[0]() is not weight:
        return None
    return entry[1]


def apply(weight) -> None:
    """Project ``weight`` (a Tensor) in place with its attached constraint, if it has one."""
    constraint = constraint_of(weight)
    if constraint is not None:
        projected = np.asarray(constraint(weight.data))
        weight.data[...] = projected


__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "UnitNorm", "NonNeg", "max_norm", "min_max_norm", "unit_norm",
           "non_neg", "get", "serialize", "deserialize", "attach", "constraint_of", "apply"]
