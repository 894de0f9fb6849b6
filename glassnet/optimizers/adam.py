"""Adam and AdamW (Kingma & Ba 2015; Loshchilov & Hutter 2019), with Keras's formulas.

At update t = 1, 2, … (``iterations + 1``):

    m ← β₁·m + (1 − β₁)·g                  first moment (a running mean of g)
    v ← β₂·v + (1 − β₂)·g²                 second moment (a running mean of g²)
    α_t = η · √(1 − β₂ᵗ) / (1 − β₁ᵗ)        both bias corrections folded into the step
    W ← W − α_t · m / (√v + ε)

Keras puts ε next to the *uncorrected* √v; ``torch.optim.Adam`` divides by
√v / √(1 − β₂ᵗ) + ε instead, so the two agree exactly when ε = 0 and differ by a
relative O(ε / √v) otherwise. Keras's default ε is 1e-7 (PyTorch's 1e-8).
"""
from __future__ import annotations

import math

import numpy as np

from glassnet.optimizers.optimizer import Optimizer


class Adam(Optimizer):
    """Adaptive moment estimation: a per-weight step from running means of g and g².

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float, default 0.9
    beta_2 : float, default 0.999
    epsilon : float, default 1e-7
    amsgrad : bool, default False
        Use max(v̂ so far) instead of v (Reddi et al. 2018).
    """

    _DEFAULT_NAME = "adam"

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        for arg, value in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0.0 <= float(value) < 1.0:
                raise ValueError(f"{type(self).__name__}: {arg} must be in [0, 1), got {value}")
        if float(epsilon) < 0:
            raise ValueError(f"{type(self).__name__}: epsilon must be ≥ 0, got {epsilon}")
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon = float(epsilon)
        self.amsgrad = bool(amsgrad)

    def build_state(self, weight: np.ndarray) -> dict:
        state = {"m": np.zeros_like(weight), "v": np.zeros_like(weight),
                 "_scratch": np.empty_like(weight)}
        if self.amsgrad:
            state["v_hat"] = np.zeros_like(weight)
        return state

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        t = self.iterations + 1
        alpha = lr * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        m, v, tmp = state["m"], state["v"], state["_scratch"]
        # m ← β₁·m + (1 − β₁)·g
        np.multiply(grad, 1.0 - self.beta_1, out=tmp, casting="same_kind")
        m *= self.beta_1
        m += tmp
        # v ← β₂·v + (1 − β₂)·g²
        np.multiply(grad, grad, out=tmp, casting="same_kind")
        tmp *= 1.0 - self.beta_2
        v *= self.beta_2
        v += tmp
        if self.amsgrad:
            np.maximum(state["v_hat"], v, out=state["v_hat"])
            v = state["v_hat"]
        # W ← W − α·m / (√v + ε)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(m, tmp, out=tmp)
        tmp *= alpha
        weight -= tmp

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}


class AdamW(Adam):
    """Adam with decoupled weight decay: W ← W − η·λ·W before each Adam step (λ = 0.004)."""

    _DEFAULT_NAME = "adamw"

    def __init__(self, learning_rate=0.001, weight_decay: float = 0.004, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False,
                 name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, name=name,
                         weight_decay=weight_decay, **kwargs)
