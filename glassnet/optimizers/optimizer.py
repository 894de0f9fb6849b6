"""The optimizer base class: turn gradients into weight updates, in place.

Every optimizer does, for each weight W with gradient g = dL/dW:

    (optional) g ← clip(g)                    clipvalue / clipnorm / global_clipnorm
    (optional) W ← W − η · λ · W              decoupled weight decay (AdamW style)
    W ← W − (the rule of the subclass)        SGD, Adam, RMSprop, Adagrad, ...
    (optional) W̄ ← μ·W̄ + (1 − μ)·W           use_ema: a moving average of the weights, copied into
                                              them at the end of fit (or every ema_overwrite_frequency steps)

With ``gradient_accumulation_steps`` = n, n − 1 calls only add their gradients up, and every
n-th call updates with the mean of the n gradients (a batch n times larger, in memory of one).

Updates write into ``W.data`` in place (``W.data`` keeps its identity and dtype, so a
float32 network stays float32) and the per-weight state (momentum, moment estimates)
is allocated once, the first time a weight is seen.

Two ways to call it:

    optimizer.apply_gradients(zip(grads, weights))    # Keras
    optimizer.step(weights)                            # a hand-written loop: uses each W.grad
"""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np

from glassnet import constraints

from glassnet.optimizers import schedules as _schedules


def _as_weight_list(variables) -> list:
    """Accept weights, or anything with ``trainable_weights`` (a layer or a model)."""
    if hasattr(variables, "trainable_weights"):
        variables = variables.trainable_weights
    return list(variables)


def _saved_arrays(state: dict) -> list[np.ndarray]:
    return [state[key] for key in sorted(state) if not key.startswith("_")]


class Optimizer:
    """Base class of all optimizers.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule
        The step size η, or a schedule η(iterations).
    weight_decay : float, optional
        λ of decoupled weight decay: W ← W − η·λ·W before each update.
    clipnorm, clipvalue, global_clipnorm : float, optional
        Clip each gradient to this L2 norm, each element to [−v, v], or all gradients
        together to this global norm.
    use_ema : bool
        Keep an exponential moving average of the weights (Polyak averaging); ``fit`` copies it
        into the weights when training ends (see ``finalize_variable_values``).
    ema_momentum : float
        μ of the average, default 0.99 (the first step's average is the weights themselves).
    ema_overwrite_frequency : int, optional
        Copy the average into the weights every so many steps instead of at the end.
    loss_scale_factor : float, optional
        Accepted for Keras code; it is for float16 training, and scaling the loss and unscaling
        the gradients changes nothing in float32.
    gradient_accumulation_steps : int, optional
        Update every n-th call with the mean gradient of the last n calls.
    name : str
        Shown in ``get_config``.
    """

    _DEFAULT_NAME = "optimizer"

    def __init__(self, learning_rate=0.001, weight_decay: float | None = None,
                 clipnorm: float | None = None, clipvalue: float | None = None,
                 global_clipnorm: float | None = None, use_ema: bool = False, ema_momentum: float = 0.99,
                 ema_overwrite_frequency: int | None = None, loss_scale_factor: float | None = None,
                 gradient_accumulation_steps: int | None = None, name: str | None = None, **kwargs):
        if "lr" in kwargs:  # the Keras 2 spelling
            learning_rate = kwargs.pop("lr")
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected arguments {sorted(kwargs)}")
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(f"{type(self).__name__}: set clipnorm or global_clipnorm, not both")
        self.name = name or self._DEFAULT_NAME
        self.weight_decay = None if weight_decay is None else float(weight_decay)
        self.clipnorm = None if clipnorm is None else float(clipnorm)
        self.clipvalue = None if clipvalue is None else float(clipvalue)
        self.global_clipnorm = None if global_clipnorm is None else float(global_clipnorm)
        if not 0.0 <= float(ema_momentum) <= 1.0:
            raise ValueError(f"{type(self).__name__}: ema_momentum must be in [0, 1], got {ema_momentum}")
        for arg, value, least in (("ema_overwrite_frequency", ema_overwrite_frequency, 1),
                                  ("gradient_accumulation_steps", gradient_accumulation_steps, 2)):
            if value is not None and (int(value) != value or value < least):
                raise ValueError(f"{type(self).__name__}: {arg} must be an integer ≥ {least} or None, got {value!r}")
        self.use_ema, self.ema_momentum = bool(use_ema), float(ema_momentum)
        self.ema_overwrite_frequency = None if ema_overwrite_frequency is None else int(ema_overwrite_frequency)
        self.loss_scale_factor = None if loss_scale_factor is None else float(loss_scale_factor)
        self.gradient_accumulation_steps = (None if gradient_accumulation_steps is None
                                            else int(gradient_accumulation_steps))
        self.learning_rate = learning_rate
        self.iterations = 0
        self._state: dict[int, tuple] = {}  # id(weight) -> (weight, its state arrays)

    def __setstate__(self, state: dict) -> None:
        """After unpickling the weights are new objects: key their state by their new ids."""
        self.__dict__.update(state)
        self._state = {id(w): (w, arrays) for w, arrays in self._state.values()}

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self) -> float:
        """The step size the next update will use (a schedule is evaluated at ``iterations``)."""
        if isinstance(self._learning_rate, _schedules.LearningRateSchedule) or (
                callable(self._learning_rate)):
            return float(self._learning_rate(self.iterations))
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        if isinstance(value, _schedules.LearningRateSchedule) or callable(value):
            self._learning_rate = value
            return
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{type(self).__name__}: learning_rate must be a number or a "
                            f"schedule, got {value!r}") from None
        if not (value >= 0 and math.isfinite(value)):
            raise ValueError(f"{type(self).__name__}: learning_rate must be a finite number "
                             f"≥ 0, got {value}")
        self._learning_rate = value

    # Keras 2 spelling
    lr = learning_rate

    # ------------------------------------------------------------------ applying updates
    def apply_gradients(self, grads_and_vars: Iterable) -> int:
        """Apply one update from ``(gradient, weight)`` pairs (Keras); returns ``iterations``.

        Pairs whose gradient is None are skipped (the weight did not affect the loss).
        """
        pairs = [(g, w) for g, w in grads_and_vars if g is not None]
        return self._apply([g for g, _ in pairs], [w for _, w in pairs])

    def apply(self, grads: list, trainable_variables: list) -> int:
        """Keras 3's ``apply(grads, trainable_variables)``."""
        return self.apply_gradients(zip(grads, trainable_variables))

    def step(self, variables) -> int:
        """Update every weight from its own ``.grad`` (the one call of a hand-written loop).

        ``variables`` may be a list of weights, a layer or a model. Weights without a
        gradient (``.grad is None``) are skipped.
        """
        weights = [w for w in _as_weight_list(variables) if getattr(w, "grad", None) is not None]
        return self._apply([w.grad for w in weights], weights)

    def _apply(self, grads: list, weights: list) -> int:
        if not weights:
            self.iterations += 1
            return self.iterations
        grads = [self._check_gradient(g, w) for g, w in zip(grads, weights)]
        states = [self._state_of(w) for w in weights]
        if self.gradient_accumulation_steps:
            steps = self.gradient_accumulation_steps
            for g, state in zip(grads, states):
                state["accumulated_gradient"] += g
            if (self.iterations + 1) % steps:           # not an update step: the gradients only add up
                return self._end_step(weights, states)
            grads = [state["accumulated_gradient"] / steps for state in states]
            for state in states:
                state["accumulated_gradient"][...] = 0
        grads = self._clip(grads)
        lr = self.learning_rate
        for g, w, state in zip(grads, weights, states):
            if self.weight_decay:
                w.data -= (lr * self.weight_decay) * w.data
            self.update(w.data, g, state, lr)
        return self._end_step(weights, states)

    def _state_of(self, w) -> dict:
        state = self._state.get(id(w))
        if state is None or state[0] is not w:
            state = (w, self._new_state(w.data))
            self._state[id(w)] = state
        return state[1]

    def _new_state(self, weight: np.ndarray) -> dict:
        """The subclass's state, plus the moving average and the gradient sum when they are on."""
        state = self.build_state(weight)
        if self.use_ema:
            state["ema"] = weight.copy()
        if self.gradient_accumulation_steps:
            state["accumulated_gradient"] = np.zeros_like(weight)
        return state

    def _end_step(self, weights: list, states: list) -> int:
        if self.use_ema:
            momentum = self.ema_momentum if self.iterations else 0.0    # the first average is the weights
            for w, state in zip(weights, states):
                state["ema"] *= momentum
                state["ema"] += (1.0 - momentum) * w.data
            if self.ema_overwrite_frequency and (self.iterations + 1) % self.ema_overwrite_frequency == 0:
                self.finalize_variable_values(weights)
        for w in weights:
            constraints.apply(w)          # a kernel_constraint projects the weight back after its step
        self.iterations += 1
        return self.iterations

    def finalize_variable_values(self, var_list) -> None:
        """With ``use_ema``: copy each weight's moving average into it (``fit`` does this at the end)."""
        if not self.use_ema:
            return
        for w in _as_weight_list(var_list):
            entry = self._state.get(id(w))
            if entry is not None and entry[0] is w:
                w.data[...] = entry[1]["ema"]

    def swap_ema_weights(self, var_list) -> None:
        """Exchange each weight with its moving average (``callbacks.SwapEMAWeights`` uses it twice)."""
        if not self.use_ema:
            raise ValueError(f"{type(self).__name__}: swap_ema_weights needs use_ema=True")
        for w in _as_weight_list(var_list):
            entry = self._state.get(id(w))
            if entry is not None and entry[0] is w:
                average = entry[1]["ema"]
                kept = w.data.copy()
                w.data[...] = average
                average[...] = kept

    @staticmethod
    def _check_gradient(grad, weight) -> np.ndarray:
        if not hasattr(weight, "data") or not isinstance(weight.data, np.ndarray):
            raise TypeError(f"optimizer: expected a weight Tensor (with .data), got {weight!r}")
        grad = np.asarray(grad)   # a Tensor gives its values through __array__
        if grad.shape != weight.data.shape:
            name = getattr(weight, "name", None) or "a weight"
            raise ValueError(f"optimizer: the gradient of {name} has shape {grad.shape}, "
                             f"expected the weight's shape {weight.data.shape}")
        return grad

    def _clip(self, grads: list) -> list:
        if self.clipvalue is not None:
            grads = [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            clipped = []
            for g in grads:
                norm = float(np.sqrt(np.sum(np.square(g, dtype=np.float64))))
                clipped.append(g * (self.clipnorm / norm) if norm > self.clipnorm else g)
            grads = clipped
        if self.global_clipnorm is not None:
            norm = math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads))
            if norm > self.global_clipnorm:
                grads = [g * (self.global_clipnorm / norm) for g in grads]
        return grads

    # ------------------------------------------------------------------ the subclass's rule
    def build_state(self, weight: np.ndarray) -> dict:
        """The per-weight state arrays (e.g. momentum), allocated once. Default: none.

        Keys starting with '_' are scratch space for the update (not state: not listed in
        ``variables``, not saved)."""
        return {}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        """Change ``weight`` in place from ``grad``; ``lr`` is this step's learning rate."""
        raise TypeError(f"{type(self).__name__} must implement update(weight, grad, state, lr)")

    # ------------------------------------------------------------------ state and config
    @property
    def variables(self) -> list[np.ndarray]:
        """The optimizer's own state arrays (momentum, moments, ...), in a stable order."""
        out = []
        for _, state in self._state.values():
            out.extend(_saved_arrays(state))
        return out

    def save_own_variables(self, store: dict) -> None:
        """Write ``iterations`` (as a 1-element int64 array) and the state arrays into
        ``store`` (keys '0', '1', ...)."""
        store["0"] = np.array([self.iterations], dtype=np.int64)
        for i, array in enumerate(self.variables, start=1):
            store[str(i)] = array

    def load_own_variables(self, store: dict, weights: list | None = None) -> None:
        """Restore what :meth:`save_own_variables` wrote; ``weights`` are the model's
        trainable weights in the order they had when saved (the state is rebuilt for them)."""
        self.iterations = int(np.asarray(store["0"]).reshape(-1)[0])
        if weights is None:
            arrays = self.variables
        else:
            self._state = {}
            arrays = []
            for w in _as_weight_list(weights):
                state = self._new_state(w.data)
                self._state[id(w)] = (w, state)
                arrays.extend(_saved_arrays(state))
        if len(store) - 1 != len(arrays):
            raise ValueError(f"{type(self).__name__}.load_own_variables: the store holds "
                             f"{len(store) - 1} state arrays, this optimizer has {len(arrays)}")
        for i, array in enumerate(arrays, start=1):
            saved = np.asarray(store[str(i)])
            if saved.shape != array.shape:
                raise ValueError(f"{type(self).__name__}.load_own_variables: state array {i} "
                                 f"has shape {saved.shape}, expected {array.shape}")
            array[...] = saved

    def get_config(self) -> dict:
        lr = self._learning_rate
        if isinstance(lr, _schedules.LearningRateSchedule):
            lr = _schedules.serialize(lr)
        elif callable(lr):
            lr = self.learning_rate
        return {"name": self.name, "learning_rate": lr, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "clipvalue": self.clipvalue,
                "global_clipnorm": self.global_clipnorm, "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config: dict) -> "Optimizer":
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r})"
