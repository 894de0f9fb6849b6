"""Learning-rate schedules: the step size as a function of the update count.

A schedule is called with ``step`` = the optimizer's ``iterations`` (the number of
updates done so far, i.e. batches, not epochs) and returns the learning rate for the
next update. Pass one as ``learning_rate=`` to any optimizer.

    ExponentialDecay:        η(t) = η₀ · r^(t / T)         (staircase: r^⌊t / T⌋)
    StepDecay:               η(t) = η₀ · drop^⌊t / step_size⌋   (the lecture's "step decay")
    PiecewiseConstantDecay:  η(t) = values[i] for boundaries[i−1] < t ≤ boundaries[i]
    InverseTimeDecay:        η(t) = η₀ / (1 + r · t / T)   (staircase: ⌊t / T⌋)
"""
from __future__ import annotations

import math


class LearningRateSchedule:
    """Base class: ``schedule(step) -> float``."""

    def __call__(self, step: int) -> float:
        raise TypeError(f"{type(self).__name__} must implement __call__(step)")

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "LearningRateSchedule":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _positive(owner: str, name: str, value) -> float:
    value = float(value)
    if not value > 0:
        raise ValueError(f"{owner}: {name} must be positive, got {value}")
    return value


class ExponentialDecay(LearningRateSchedule):
    """η(t) = η₀ · decay_rate^(t / decay_steps); with ``staircase`` the exponent is ⌊t / decay_steps⌋."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, decay_rate: float,
                 staircase: bool = False, name: str = "ExponentialDecay"):
        self.initial_learning_rate = _positive("ExponentialDecay", "initial_learning_rate",
                                               initial_learning_rate)
        self.decay_steps = _positive("ExponentialDecay", "decay_steps", decay_steps)
        self.decay_rate = _positive("ExponentialDecay", "decay_rate", decay_rate)
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step: int) -> float:
        exponent = step / self.decay_steps
        if self.staircase:
            exponent = math.floor(exponent)
        return self.initial_learning_rate * self.decay_rate ** exponent

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class StepDecay(LearningRateSchedule):
    """η(t) = η₀ · drop^⌊t / step_size⌋: multiply by ``drop`` every ``step_size`` updates.

    Not a Keras class (Keras writes it as ``ExponentialDecay(η₀, step_size, drop,
    staircase=True)``, which gives the same numbers); kept under the lecture's name.
    """

    def __init__(self, initial_learning_rate: float, step_size: int, drop: float = 0.5,
                 name: str = "StepDecay"):
        self.initial_learning_rate = _positive("StepDecay", "initial_learning_rate",
                                               initial_learning_rate)
        self.step_size = int(_positive("StepDecay", "step_size", step_size))
        self.drop = _positive("StepDecay", "drop", drop)
        self.name = name

    def __call__(self, step: int) -> float:
        return self.initial_learning_rate * self.drop ** (int(step) // self.step_size)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "step_size": self.step_size, "drop": self.drop, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[0] while t ≤ boundaries[0], values[1] while t ≤ boundaries[1], …, values[-1] after."""

    def __init__(self, boundaries: list, values: list, name: str = "PiecewiseConstant"):
        if len(values) != len(boundaries) + 1:
            raise ValueError("PiecewiseConstantDecay: values must have one more element than "
                             f"boundaries, got {len(values)} values and {len(boundaries)} boundaries")
        if list(boundaries) != sorted(boundaries):
            raise ValueError(f"PiecewiseConstantDecay: boundaries must increase, got {boundaries}")
        self.boundaries = [int(b) for b in boundaries]
        self.values = [float(v) for v in values]
        self.name = name

    def __call__(self, step: int) -> float:
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return value
        return self.values[-1]

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """η(t) = η₀ / (1 + decay_rate · t / decay_steps)  (⌊t / decay_steps⌋ with ``staircase``)."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, decay_rate: float,
                 staircase: bool = False, name: str = "InverseTimeDecay"):
        self.initial_learning_rate = _positive("InverseTimeDecay", "initial_learning_rate",
                                               initial_learning_rate)
        self.decay_steps = _positive("InverseTimeDecay", "decay_steps", decay_steps)
        self.decay_rate = float(decay_rate)
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step: int) -> float:
        ratio = step / self.decay_steps
        if self.staircase:
            ratio = math.floor(ratio)
        return self.initial_learning_rate / (1.0 + self.decay_rate * ratio)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


_CLASSES = {cls.__name__: cls for cls in (
    ExponentialDecay, StepDecay, PiecewiseConstantDecay, InverseTimeDecay)}


def serialize(schedule: LearningRateSchedule) -> dict:
    if not isinstance(schedule, LearningRateSchedule):
        raise TypeError(f"schedules.serialize: expected a LearningRateSchedule, got {schedule!r}")
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config: dict) -> LearningRateSchedule:
    if not isinstance(config, dict) or config.get("class_name") not in _CLASSES:
        raise ValueError(f"schedules.deserialize: unknown schedule {config!r}; "
                         f"known: {sorted(_CLASSES)}")
    return _CLASSES[config["class_name"]].from_config(dict(config.get("config") or {}))
