"""The stochastic solvers of the MLP estimators: SGD with momentum, and Adam, with their step sizes.

Each solver keeps its state between mini-batches and moves every parameter θ (each Wₗ and bₗ)
in place from its gradient g = ∂J/∂θ on the current batch.

SGD with momentum μ (``momentum``) and learning rate η:

    v ← μ·v − η·g,     θ ← θ + v                      (classical momentum)
    θ ← θ + μ·v − η·g  with the new v                 (Nesterov's momentum, the default)

Learning-rate schedules (``learning_rate``), applied after each epoch, t = samples seen so far:

    'constant'    η = learning_rate_init
    'invscaling'  η = learning_rate_init / (t + 1)^power_t
    'adaptive'    η stays, and is divided by 5 each time the loss (or validation score) stops
                  improving; training stops once η ≤ 1e-6

Adam (Kingma & Ba 2014) with t counting the steps:

    m ← β₁·m + (1 − β₁)·g,    v ← β₂·v + (1 − β₂)·g²
    η_t = learning_rate_init·√(1 − β₂ᵗ)/(1 − β₁ᵗ),    θ ← θ − η_t·m/(√v + ε)
"""
from __future__ import annotations

import numpy as np


class SGDSolver:
    """Mini-batch gradient descent with (Nesterov) momentum and a learning-rate schedule."""

    def __init__(self, params: list, learning_rate_init: float, schedule: str = "constant",
                 momentum: float = 0.9, nesterov: bool = True, power_t: float = 0.5):
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.schedule = schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocities = [np.zeros_like(p) for p in params]

    def update(self, params: list, grads: list) -> None:
        """One step on every parameter (in place)."""
        mu, eta = self.momentum, self.learning_rate
        self.velocities = [mu * v - eta * g for v, g in zip(self.velocities, grads)]
        if self.nesterov:
            steps = [mu * v - eta * g for v, g in zip(self.velocities, grads)]
        else:
            steps = self.velocities
        for p, step in zip(params, steps):
            p += step

    def end_epoch(self, samples_seen: int) -> None:
        """'invscaling': η = η₀ / (t + 1)^power_t after each epoch."""
        if self.schedule == "invscaling":
            self.learning_rate = float(self.learning_rate_init) / (samples_seen + 1) ** self.power_t

    def stop_on_plateau(self, message: str, verbose) -> bool:
        """No progress for ``n_iter_no_change`` epochs: stop, or ('adaptive') divide η by 5."""
        if self.schedule != "adaptive":
            if verbose:
                print(message + " Stopping.")
            return True
        if self.learning_rate <= 1e-6:
            if verbose:
                print(message + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(message + f" Setting learning rate to {self.learning_rate:f}")
        return False


class AdamSolver:
    """Adam: steps scaled by running means of the gradient (m) and of its square (v)."""

    def __init__(self, params: list, learning_rate_init: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-8):
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.t = 0
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]

    def update(self, params: list, grads: list) -> None:
        """One Adam step on every parameter (in place), with the bias-corrected step size η_t."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        self.ms = [b1 * m + (1 - b1) * g for m, g in zip(self.ms, grads)]
        self.vs = [b2 * v + (1 - b2) * g ** 2 for v, g in zip(self.vs, grads)]
        self.learning_rate = self.learning_rate_init * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for p, m, v in zip(params, self.ms, self.vs):
            p += -self.learning_rate * m / (np.sqrt(v) + self.epsilon)

    def end_epoch(self, samples_seen: int) -> None:
        """Adam's step size needs no schedule."""

    def stop_on_plateau(self, message: str, verbose) -> bool:
        if verbose:
            print(message + " Stopping.")
        return True


__all__ = ["SGDSolver", "AdamSolver"]
