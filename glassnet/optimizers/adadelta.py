"""Adadelta (Zeiler 2012), with Keras's formulas.

    E[g²]  ← ρ·E[g²] + (1 − ρ)·g²
    Δ      = −√(E[Δ²] + ε) / √(E[g²] + ε) · g        the step carries its own units
    E[Δ²]  ← ρ·E[Δ²] + (1 − ρ)·Δ²
    W      ← W + η·Δ

Zeiler's method needs no learning rate (η = 1); Keras keeps one (default 0.001), and so does
``torch.optim.Adadelta`` (default 1.0, ρ = 0.9, ε = 1e-6): with the same η, ρ and ε the two agree.
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class Adadelta(Optimizer):
    """Steps sized by the ratio of running RMS of past steps to running RMS of gradients.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    rho : float, default 0.95
    epsilon : float, default 1e-7
    """

    _DEFAULT_NAME = "adadelta"

    def __init__(self, learning_rate=0.001, rho: float = 0.95, epsilon: float = 1e-7, name: str | None = None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0.0 <= float(rho) < 1.0:
            raise ValueError(f"Adadelta: rho must be in [0, 1), got {rho}")
        if float(epsilon) < 0:
            raise ValueError(f"Adadelta: epsilon must be ≥ 0, got {epsilon}")
        self.rho, self.epsilon = float(rho), float(epsilon)

    def build_state(self, weight: np.ndarray) -> dict:
        return {"accumulated_grad": np.zeros_like(weight), "accumulated_delta_var": np.zeros_like(weight)}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        acc_grad, acc_delta = state["accumulated_grad"], state["accumulated_delta_var"]
        acc_grad *= self.rho
        acc_grad += (1.0 - self.rho) * grad * grad
        delta = -np.sqrt(acc_delta + self.epsilon) / np.sqrt(acc_grad + self.epsilon) * grad
        acc_delta *= self.rho
        acc_delta += (1.0 - self.rho) * delta * delta
        weight += (lr * delta).astype(weight.dtype, copy=False)

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
