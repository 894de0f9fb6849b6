"""Gradient descent on any differentiable function of a few parameters, keeping the whole path.

    result = gradient_descent(lambda t: t[0] ** 2 + 10 * t[1] ** 2, x0=[2.0, 1.0], learning_rate=0.05)
    result.path          # (n_iter + 1, 2): θ₀, θ₁, …, every point the descent visited
    result.values        # f(θ_t) at each of them
    result.grad_norms    # ‖∇f(θ_t)‖ at each of them

The update rules of the lecture (g_t = ∇f(θ_t), η the learning rate):

    plain       θ_{t+1} = θ_t − η g_t
    momentum    v_{t+1} = β v_t − η g_t;   θ_{t+1} = θ_t + v_{t+1}
    adam        m = β₁ m + (1 − β₁) g;  s = β₂ s + (1 − β₂) g²;
                θ_{t+1} = θ_t − η m̂ / (√ŝ + ε̂)  with m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)

Stopping rules: ``stop="gradient"`` ends when ‖∇f(θ_t)‖ ≤ tol, ``stop="step"`` when
‖θ_{t+1} − θ_t‖² ≤ tol, and in any case after ``max_iter`` steps.

Mini-batches: for a loss that is a sum (or mean) of per-sample losses, pass ``n_samples`` and write
``f(θ, rows)`` to return the loss on the samples ``rows``. Each step then uses a batch of
m = max(1, round(γ·n)) samples (γ = ``batch_fraction``), drawn without replacement through a
new random order of the data each epoch: γ = 1 is batch gradient descent, γ = 1/n stochastic
gradient descent, anything between mini-batch descent. ``values`` are always on all the data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from glassnet.autodiff import Tensor

_METHODS = ("plain", "momentum", "adam")
_STOPS = ("gradient", "step")
_BLOW_UP = 1e12          # f grown this many times over f(θ₀): the descent diverged


@dataclass
class DescentResult:
    r"""The outcome of :func:`gradient_descent`.

    Attributes
    ----------
    x : ndarray, the last point θ_T.
    path : ndarray (n_iter + 1, \*x0.shape), every point from θ₀ to θ_T.
    values : ndarray (n_iter + 1,), f at each point (on all the data).
    grad_norms : ndarray (n_iter + 1,), ‖∇f‖ at each point (of the batch used for the step that
        left it; of all the data at the last point).
    n_iter : int, the number of steps taken.
    converged : bool, whether the stopping rule was met before ``max_iter``.
    message : str, why the descent stopped.
    """

    x: np.ndarray
    path: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    n_iter: int
    converged: bool
    message: str = ""
    method: str = "plain"
    learning_rate: float = 0.0
    batch_size: int | None = field(default=None)

    def __repr__(self) -> str:
        return (f"DescentResult(x={np.array2string(self.x, precision=4)}, f={self.values[-1]:.6g}, "
                f"n_iter={self.n_iter}, converged={self.converged})")


def value_and_grad(f: Callable, theta: np.ndarray, grad: Callable | None = None, rows=None):
    """f(θ) and ∇f(θ): from ``grad`` when given, else by glassnet's autodiff (θ as a Tensor)."""
    args = (rows,) if rows is not None else ()
    if grad is not None:
        value = f(theta, *args)
        return float(np.asarray(getattr(value, "data", value))), np.asarray(grad(theta, *args), dtype=np.float64)
    variable = Tensor(theta.copy(), requires_grad=True, dtype=np.float64)
    value = f(variable, *args)
    if not isinstance(value, Tensor) or not value.requires_grad:
        raise TypeError("gradient_descent: f must return a scalar glassnet Tensor computed from its argument "
                        f"(got {type(value).__name__}); write f with glassnet ops, or pass grad=")
    if value.data.size != 1:
        raise ValueError(f"gradient_descent: f must return a scalar, got shape {value.shape}")
    value.backward()
    g = variable.grad if variable.grad is not None else np.zeros_like(theta)
    return float(value.data.reshape(())), np.asarray(g, dtype=np.float64).reshape(theta.shape)


def _check(learning_rate, tol, max_iter, method, stop, n_samples, batch_fraction):
    if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
        raise ValueError(f"gradient_descent: learning_rate must be a number > 0, got {learning_rate!r}")
    if not (isinstance(tol, (int, float)) and tol >= 0):
        raise ValueError(f"gradient_descent: tol must be a number >= 0, got {tol!r}")
    if not (isinstance(max_iter, (int, np.integer)) and max_iter >= 0):
        raise ValueError(f"gradient_descent: max_iter must be an int >= 0, got {max_iter!r}")
    if method not in _METHODS:
        raise ValueError(f"gradient_descent: method must be one of {_METHODS}, got {method!r}")
    if stop not in _STOPS:
        raise ValueError(f"gradient_descent: stop must be one of {_STOPS}, got {stop!r}")
    if batch_fraction is not None:
        if n_samples is None:
            raise ValueError("gradient_descent: batch_fraction needs n_samples (and f(θ, rows))")
        if not (0 < batch_fraction <= 1):
            raise ValueError(f"gradient_descent: batch_fraction γ must be in (0, 1], got {batch_fraction!r}")
    if n_samples is not None and not (isinstance(n_samples, (int, np.integer)) and n_samples >= 1):
        raise ValueError(f"gradient_descent: n_samples must be an int >= 1, got {n_samples!r}")


def _batches(n: int, size: int, rng: np.random.Generator):
    """Row indices of successive mini-batches, a new random order of the n samples each epoch."""
    while True:
        order = rng.permutation(n) if size < n else np.arange(n)
        for start in range(0, n - size + 1 if size < n else 1, size):
            yield order[start:start + size]


def gradient_descent(f: Callable, x0, grad: Callable | None = None, *, learning_rate: float = 0.1,
                     method: str = "plain", momentum: float = 0.9, beta_1: float = 0.9, beta_2: float = 0.999,
                     epsilon: float = 1e-8, tol: float = 1e-6, stop: str = "gradient", max_iter: int = 1000,
                     n_samples: int | None = None, batch_fraction: float | None = None,
                     random_state=None) -> DescentResult:
    """Minimise f from x0 by gradient descent and return every point visited.

    Parameters
    ----------
    f : callable
        f(θ) → scalar, written with glassnet Tensors and ops (θ arrives as a float64 Tensor, so
        ``θ[0] ** 2 + ops.exp(θ[1])`` works), or any function of an ndarray when ``grad`` is given.
        With ``n_samples``: f(θ, rows) → the loss on the samples ``rows`` (an index array).
    x0 : array-like, the starting point θ₀ (any shape; usually a few numbers).
    grad : callable, optional
        ∇f(θ) (or ∇f(θ, rows)) as an array of θ's shape; default: glassnet's autodiff.
    learning_rate : float, η.
    method : {'plain', 'momentum', 'adam'}
    momentum : float, β of the momentum method.
    beta_1, beta_2, epsilon : Adam's constants.
    tol : float, ε of the stopping rule.
    stop : {'gradient', 'step'}
        'gradient': stop when ‖∇f(θ_t)‖ ≤ ε; 'step': stop when ‖θ_{t+1} − θ_t‖² ≤ ε.
    max_iter : int, most steps.
    n_samples, batch_fraction : mini-batch descent with batches of γ·n samples (see the module).
    random_state : int or Generator, the order of the samples.

    Returns
    -------
    DescentResult with ``x``, ``path``, ``values``, ``grad_norms``, ``n_iter``, ``converged``.
    """
    _check(learning_rate, tol, max_iter, method, stop, n_samples, batch_fraction)
    theta = np.array(x0, dtype=np.float64)
    rng = np.random.default_rng(random_state)
    every = None if n_samples is None else np.arange(n_samples)
    size = None if n_samples is None else max(1, int(round((batch_fraction or 1.0) * n_samples)))
    batches = None if n_samples is None else _batches(n_samples, size, rng)
    velocity = np.zeros_like(theta)
    second = np.zeros_like(theta)
    path, values, grad_norms = [theta.copy()], [], []
    converged, message = False, f"reached max_iter={max_iter}"
    for t in range(1, max_iter + 1):
        rows = next(batches) if batches is not None else None
        value, g = value_and_grad(f, theta, grad, rows)
        if rows is not None and size < n_samples:
            value = value_and_grad(f, theta, grad, every)[0]
        values.append(value)
        grad_norms.append(float(np.linalg.norm(g)))
        if not np.isfinite(value) or not np.all(np.isfinite(g)) or abs(value) > _BLOW_UP * max(1.0, abs(values[0])):
            message = f"diverged at step {t - 1}: f = {value:.3g}; try a smaller learning_rate (now {learning_rate})"
            break
        if stop == "gradient" and grad_norms[-1] <= tol:
            converged, message = True, f"‖∇f‖ = {grad_norms[-1]:.3g} ≤ tol = {tol:g}"
            break
        if method == "plain":
            step = -learning_rate * g
        elif method == "momentum":
            velocity = momentum * velocity - learning_rate * g
            step = velocity
        else:
            velocity = beta_1 * velocity + (1 - beta_1) * g
            second = beta_2 * second + (1 - beta_2) * g * g
            m_hat, s_hat = velocity / (1 - beta_1 ** t), second / (1 - beta_2 ** t)
            step = -learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)
        theta = theta + step
        path.append(theta.copy())
        if stop == "step" and float(np.sum(step ** 2)) <= tol:
            converged, message = True, f"‖θ(t+1) − θ(t)‖² = {float(np.sum(step ** 2)):.3g} ≤ tol = {tol:g}"
            break
    if len(values) < len(path):          # the last point's value and gradient, on all the data
        value, g = value_and_grad(f, theta, grad, every)
        values.append(value)
        grad_norms.append(float(np.linalg.norm(g)))
    return DescentResult(x=theta, path=np.array(path), values=np.array(values), grad_norms=np.array(grad_norms),
                         n_iter=len(path) - 1, converged=converged, message=message, method=method,
                         learning_rate=float(learning_rate), batch_size=size)


__all__ = ["gradient_descent", "DescentResult", "value_and_grad"]
