"""Adagrad (Duchi, Hazan & Singer 2011), with Keras's formulas.

    G ← G + g²                      every squared gradient so far (G starts at 0.1)
    W ← W − η · g / √(G + ε)

Weights with large past gradients take small steps. ``torch.optim.Adagrad`` starts G
at 0, adds ε outside the root (√G + ε) and uses η = 0.01 by default; with the same
start value and ε = 0 they agree.
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Per-weight steps shrinking with the sum of all past squared gradients.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    initial_accumulator_value : float, default 0.1
    epsilon : float, default 1e-7
    """

    _DEFAULT_NAME = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7, name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if float(initial_accumulator_value) < 0:
            raise ValueError("Adagrad: initial_accumulator_value must be ≥ 0, got "
                             f"{initial_accumulator_value}")
        if float(epsilon) < 0:
            raise ValueError(f"Adagrad: epsilon must be ≥ 0, got {epsilon}")
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = float(epsilon)

    def build_state(self, weight: np.ndarray) -> dict:
        return {"accumulator": np.full_like(weight, self.initial_accumulator_value),
                "_scratch": np.empty_like(weight)}

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        acc, tmp = state["accumulator"], state["_scratch"]
        np.multiply(grad, grad, out=tmp, casting="same_kind")
        acc += tmp                                     # G ← G + g²
        np.add(acc, self.epsilon, out=tmp)
        np.sqrt(tmp, out=tmp)
        np.divide(grad, tmp, out=tmp, casting="same_kind")
        tmp *= lr
        weight -= tmp                                  # W ← W − η·g / √(G + ε)

    def get_config(self) -> dict:
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
