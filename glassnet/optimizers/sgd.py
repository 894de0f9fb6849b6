"""Stochastic gradient descent, with momentum and Nesterov momentum (Keras's formulas).

    plain:     W ← W − η·g
    momentum:  v ← μ·v − η·g;   W ← W + v
    Nesterov:  v ← μ·v − η·g;   W ← W + μ·v − η·g       (look ahead along the new velocity)

With a constant η this is the same sequence of weights as ``torch.optim.SGD``
(which keeps b = μ·b + g and steps W ← W − η·b, so v = −η·b).
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent: W ← W − η·g, optionally with momentum μ (and Nesterov's look-ahead).

    Parameters
    ----------
    learning_rate : float or schedule, default 0.01
    momentum : float, default 0.0
        μ in [0, 1): how much of the previous step is kept.
    nesterov : bool, default False
    """

    _DEFAULT_NAME = "SGD"

    def __init__(self, learning_rate=0.01, momentum: float = 0.0, nesterov: bool = False,
                 name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        momentum = float(momentum)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"SGD: momentum must be in [0, 1], got {momentum}")
        self.momentum = momentum
        self.nesterov = bool(nesterov)

    def build_state(self, weight: np.ndarray) -> dict:
        if self.momentum == 0.0:
            return {}
        return {"velocity": np.zeros_like(weight), "_scratch": np.empty_like(weight)}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        if self.momentum == 0.0:
            weight -= lr * grad                                  # W ← W − η·g, in place
            return
        v, step = state["velocity"], state["_scratch"]
        np.multiply(grad, -lr, out=step, casting="same_kind")   # step = −η·g
        v *= self.momentum
        v += step                                                # v = μ·v − η·g
        if self.nesterov:
            step += self.momentum * v                            # μ·v − η·g
            weight += step
        else:
            weight += v

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
