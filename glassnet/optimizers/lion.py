"""Lion (Chen et al. 2023, "Symbolic discovery of optimization algorithms"), with Keras's formulas.

    c ← β₁·m + (1 − β₁)·g          an interpolation of momentum and gradient
    W ← W − η · sign(c)            every weight moves by exactly ±η (or 0)
    m ← β₂·m + (1 − β₂)·g          the momentum, updated after the step

Because every step has size η, Lion wants a learning rate 3–10× smaller than Adam's.
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class Lion(Optimizer):
    """Sign of an interpolated momentum: steps of equal size for every weight.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float, default 0.9
        How much momentum goes into the step's direction.
    beta_2 : float, default 0.99
        How slowly the momentum itself forgets.
    """

    _DEFAULT_NAME = "lion"

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.99, name: str | None = None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0.0 < float(beta_1) <= 1.0:
            raise ValueError(f"Lion: beta_1 must be in (0, 1], got {beta_1}")
        if not 0.0 <= float(beta_2) < 1.0:
            raise ValueError(f"Lion: beta_2 must be in [0, 1), got {beta_2}")
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)

    def build_state(self, weight: np.ndarray) -> dict:
        return {"momentum": np.zeros_like(weight)}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        m = state["momentum"]
        direction = np.sign(self.beta_1 * m + (1.0 - self.beta_1) * grad)
        weight -= (lr * direction).astype(weight.dtype, copy=False)
        m *= self.beta_2
        m += (1.0 - self.beta_2) * grad

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
