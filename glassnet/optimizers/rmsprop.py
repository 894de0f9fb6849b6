"""RMSprop (Hinton's lecture 6e), with Keras's formulas.

    s ← ρ·s + (1 − ρ)·g²                     running mean of g²
    centered:  ḡ ← ρ·ḡ + (1 − ρ)·g;  d = s − ḡ² + ε        (an estimate of the variance)
    otherwise: d = s + ε
    Δ = η · g / √d
    with momentum μ:  u ← μ·u + Δ;  W ← W − u          otherwise  W ← W − Δ

Keras puts ε *inside* the square root; ``torch.optim.RMSprop`` adds it outside
(√s + ε) and uses ρ = 0.99 by default (Keras 0.9). With ε = 0 and the same ρ they agree.
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of the gradient.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    rho : float, default 0.9
    momentum : float, default 0.0
    epsilon : float, default 1e-7
    centered : bool, default False
    """

    _DEFAULT_NAME = "rmsprop"

    def __init__(self, learning_rate=0.001, rho: float = 0.9, momentum: float = 0.0,
                 epsilon: float = 1e-7, centered: bool = False, name: str | None = None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0.0 <= float(rho) < 1.0:
            raise ValueError(f"RMSprop: rho must be in [0, 1), got {rho}")
        if not 0.0 <= float(momentum) <= 1.0:
            raise ValueError(f"RMSprop: momentum must be in [0, 1], got {momentum}")
        if float(epsilon) < 0:
            raise ValueError(f"RMSprop: epsilon must be ≥ 0, got {epsilon}")
        self.rho, self.momentum = float(rho), float(momentum)
        self.epsilon, self.centered = float(epsilon), bool(centered)

    def build_state(self, weight: np.ndarray) -> dict:
        state = {"velocity": np.zeros_like(weight), "_scratch": np.empty_like(weight)}
        if self.momentum > 0:
            state["momentum"] = np.zeros_like(weight)
        if self.centered:
            state["average_gradient"] = np.zeros_like(weight)
        return state

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        s, tmp = state["velocity"], state["_scratch"]
        # s ← ρ·s + (1 − ρ)·g²
        np.multiply(grad, grad, out=tmp, casting="same_kind")
        tmp *= 1.0 - self.rho
        s *= self.rho
        s += tmp
        if self.centered:
            avg = state["average_gradient"]
            avg *= self.rho
            avg += (1.0 - self.rho) * grad
            np.multiply(avg, avg, out=tmp)
            np.subtract(s, tmp, out=tmp)             # d = s − ḡ²
        else:
            tmp[...] = s
        tmp += self.epsilon
        np.sqrt(tmp, out=tmp)
        np.divide(grad, tmp, out=tmp, casting="same_kind")
        tmp *= lr                                    # Δ = η·g / √d
        if self.momentum > 0:
            u = state["momentum"]
            u *= self.momentum
            u += tmp
            weight -= u
        else:
            weight -= tmp

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}
