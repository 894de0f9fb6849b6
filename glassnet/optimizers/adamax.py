"""Adamax (Kingma & Ba 2015, §7): Adam with the infinity norm in place of the second moment.

At update t = 1, 2, …:

    m ← β₁·m + (1 − β₁)·g
    u ← max(β₂·u, |g|)                      a decaying maximum of |g|
    W ← W − η / (1 − β₁ᵗ) · m / (u + ε)

Keras puts ε next to u; ``torch.optim.Adamax`` takes max(β₂·u, |g| + ε) instead, so the two
agree exactly when ε = 0.
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    """Per-weight steps scaled by a decaying maximum of past |g|.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float, default 0.9
    beta_2 : float, default 0.999
    epsilon : float, default 1e-7
    """

    _DEFAULT_NAME = "adamax"

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        for arg, value in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0.0 <= float(value) < 1.0:
                raise ValueError(f"Adamax: {arg} must be in [0, 1), got {value}")
        if float(epsilon) < 0:
            raise ValueError(f"Adamax: epsilon must be ≥ 0, got {epsilon}")
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)

    def build_state(self, weight: np.ndarray) -> dict:
        return {"m": np.zeros_like(weight), "u": np.zeros_like(weight), "_scratch": np.empty_like(weight)}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        t = self.iterations + 1
        m, u, tmp = state["m"], state["u"], state["_scratch"]
        m *= self.beta_1
        m += (1.0 - self.beta_1) * grad                       # m ← β₁·m + (1 − β₁)·g
        u *= self.beta_2
        np.maximum(u, np.abs(grad), out=u)                    # u ← max(β₂·u, |g|)
        np.add(u, self.epsilon, out=tmp)
        np.divide(m, tmp, out=tmp)
        tmp *= lr / (1.0 - self.beta_1 ** t)
        weight -= tmp                                         # W ← W − η/(1 − β₁ᵗ) · m/(u + ε)

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
