"""Nadam (Dozat 2016): Adam with Nesterov momentum, with Keras 3's formulas.

At update t = 1, 2, … (``iterations + 1``), with the momentum schedule μ_t = β₁(1 − ½·0.96ᵗ)
and its running product Π_t = μ₁·μ₂·…·μ_t:

    m ← β₁·m + (1 − β₁)·g
    v ← β₂·v + (1 − β₂)·g²
    m̂ = μ_{t+1}·m / (1 − Π_t·μ_{t+1}) + (1 − μ_t)·g / (1 − Π_t)     (a look-ahead of the momentum)
    v̂ = v / (1 − β₂ᵗ)
    W ← W − η · m̂ / (√v̂ + ε)

This is ``torch.optim.NAdam(momentum_decay=1.0)`` exactly (PyTorch's default 0.004 slows the
schedule: μ_t = β₁(1 − ½·0.96^{0.004 t}), Keras 2's choice).
"""
from __future__ import annotations

import numpy as np

from glassnet.optimizers.adam import Adam


class Nadam(Adam):
    """Adam whose momentum step looks one step ahead (Nesterov).

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float, default 0.9
    beta_2 : float, default 0.999
    epsilon : float, default 1e-7
    """

    _DEFAULT_NAME = "nadam"

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 name: str | None = None, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, name=name,
                         **kwargs)
        self._product, self._product_step = 1.0, 0      # Π_t and the t it belongs to

    def _mu(self, t: int) -> float:
        return self.beta_1 * (1.0 - 0.5 * 0.96 ** t)

    def _momentum_product(self, t: int) -> float:
        """Π_t = μ₁ ⋯ μ_t, kept from step to step (recomputed after loading a saved optimizer)."""
        if self._product_step != t:
            if self._product_step != t - 1:
                self._product, self._product_step = 1.0, 0
                for s in range(1, t):
                    self._product *= self._mu(s)
            self._product *= self._mu(t)
            self._product_step = t
        return self._product

    def update(self, weight: np.ndarray, grad: np.ndarray, state: dict, lr: float) -> None:
        t = self.iterations + 1
        mu_t, mu_next = self._mu(t), self._mu(t + 1)
        product = self._momentum_product(t)
        m, v, tmp = state["m"], state["v"], state["_scratch"]
        m *= self.beta_1
        m += (1.0 - self.beta_1) * grad
        v *= self.beta_2
        v += (1.0 - self.beta_2) * grad * grad
        m_hat = (mu_next / (1.0 - product * mu_next)) * m + ((1.0 - mu_t) / (1.0 - product)) * grad
        np.divide(v, 1.0 - self.beta_2 ** t, out=tmp)
        np.sqrt(tmp, out=tmp)
        tmp += self.epsilon
        weight -= (lr * m_hat / tmp).astype(weight.dtype, copy=False)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("amsgrad", None)
        return config
