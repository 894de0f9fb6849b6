"""Learning-rate schedules: the step size as a function of the update count.

A schedule is called with ``step`` = the optimizer's ``iterations`` (the number of
updates done so far, i.e. batches, not epochs) and returns the learning rate for the
next update. Pass one as ``learning_rate=`` to any optimizer.

    ExponentialDecay:        η(t) = η₀ · r^(t / T)         (staircase: r^⌊t / T⌋)
    StepDecay:               η(t) = η₀ · drop^⌊t / step_size⌋   (the lecture's "step decay")
    PiecewiseConstantDecay:  η(t) = values[i] for boundaries[i−1] < t ≤ boundaries[i]
    InverseTimeDecay:        η(t) = η₀ / (1 + r · t / T)   (staircase: ⌊t / T⌋)
    PolynomialDecay:         η(t) = (η₀ − η_end)(1 − t/T)^p + η_end, t capped at T
    CosineDecay:             η(t) = η₀ (α + (1 − α) · ½(1 + cos(π t/T))), after an optional linear warm-up
    CosineDecayRestarts:     the cosine restarted after T, T·t_mul, T·t_mul², … updates (SGDR)
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


class PolynomialDecay(LearningRateSchedule):
    """η(t) = (η₀ − η_end) · (1 − t/T)^power + η_end, with t capped at T (then η_end for ever);
    with ``cycle`` T grows to the next multiple of ``decay_steps`` above t instead (a restart)."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, end_learning_rate: float = 0.0001,
                 power: float = 1.0, cycle: bool = False, name: str = "PolynomialDecay"):
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_steps = _positive("PolynomialDecay", "decay_steps", decay_steps)
        self.end_learning_rate = float(end_learning_rate)
        self.power, self.cycle, self.name = float(power), bool(cycle), name

    def __call__(self, step: int) -> float:
        horizon = self.decay_steps
        if self.cycle:
            horizon *= max(1.0, math.ceil(step / self.decay_steps))
        else:
            step = min(step, horizon)
        return ((self.initial_learning_rate - self.end_learning_rate) * (1 - step / horizon) ** self.power
                + self.end_learning_rate)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


def _cosine(fraction: float, alpha: float) -> float:
    """(1 − α) · ½(1 + cos(π·fraction)) + α: from 1 at fraction 0 down to α at fraction 1."""
    return (1 - alpha) * 0.5 * (1 + math.cos(math.pi * fraction)) + alpha


class CosineDecay(LearningRateSchedule):
    """η(t) = η₀ · (α + (1 − α) · ½(1 + cos(π·min(t, T)/T))) (Loshchilov & Hutter's SGDR without restarts).

    With ``warmup_target`` and ``warmup_steps`` = W, η first rises linearly from η₀ to the target
    over W updates, and the cosine then decays from the target over the next T updates."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, alpha: float = 0.0,
                 name: str = "CosineDecay", warmup_target: float | None = None, warmup_steps: int = 0):
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_steps = _positive("CosineDecay", "decay_steps", decay_steps)
        self.alpha, self.name = float(alpha), name
        self.warmup_target = None if warmup_target is None else float(warmup_target)
        self.warmup_steps = int(warmup_steps)

    def __call__(self, step: int) -> float:
        if self.warmup_target is None:
            return self.initial_learning_rate * _cosine(min(step, self.decay_steps) / self.decay_steps, self.alpha)
        step = min(step, self.decay_steps + self.warmup_steps)
        if step < self.warmup_steps:
            return self.initial_learning_rate + (self.warmup_target - self.initial_learning_rate) * (
                step / self.warmup_steps)
        return self.warmup_target * _cosine((step - self.warmup_steps) / self.decay_steps, self.alpha)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """The cosine of :class:`CosineDecay`, restarted: period i lasts first_decay_steps · t_mul^i
    updates and starts from η₀ · m_mul^i (Loshchilov & Hutter 2017, "SGDR")."""

    def __init__(self, initial_learning_rate: float, first_decay_steps: int, t_mul: float = 2.0,
                 m_mul: float = 1.0, alpha: float = 0.0, name: str = "SGDRDecay"):
        self.initial_learning_rate = float(initial_learning_rate)
        self.first_decay_steps = _positive("CosineDecayRestarts", "first_decay_steps", first_decay_steps)
        self.t_mul, self.m_mul = _positive("CosineDecayRestarts", "t_mul", t_mul), float(m_mul)
        self.alpha, self.name = float(alpha), name

    def __call__(self, step: int) -> float:
        fraction = step / self.first_decay_steps
        if self.t_mul == 1.0:
            restart = math.floor(fraction)
            fraction -= restart
        else:    # the periods 1, t, t², … sum to (1 − tⁱ)/(1 − t): find the period i that holds this step
            restart = math.floor(math.log(1 - fraction * (1 - self.t_mul)) / math.log(self.t_mul))
            done = (1 - self.t_mul ** restart) / (1 - self.t_mul)
            fraction = (fraction - done) / self.t_mul ** restart
        peak = self.m_mul ** restart
        return self.initial_learning_rate * ((1 - self.alpha) * peak * 0.5 * (1 + math.cos(math.pi * fraction))
                                             + self.alpha)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self.t_mul, "m_mul": self.m_mul, "alpha": self.alpha, "name": self.name}


_CLASSES = {cls.__name__: cls for cls in (
    ExponentialDecay, StepDecay, PiecewiseConstantDecay, InverseTimeDecay, PolynomialDecay, CosineDecay,
    CosineDecayRestarts)}


def serialize(schedule: LearningRateSchedule) -> dict:
    if not isinstance(schedule, LearningRateSchedule):
        raise TypeError(f"schedules.serialize: expected a LearningRateSchedule, got {schedule!r}")
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config: dict) -> LearningRateSchedule:
    if not isinstance(config, dict) or config.get("class_name") not in _CLASSES:
        raise ValueError(f"schedules.deserialize: unknown schedule {config!r}; "
                         f"known: {sorted(_CLASSES)}")
    return _CLASSES[config["class_name"]].from_config(dict(config.get("config") or {}))
