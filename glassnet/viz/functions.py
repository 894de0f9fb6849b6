"""Activations and losses drawn with their derivatives, the derivative computed by autodiff."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import new_figure


def function_and_derivative(function, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) at each point of x, for an element-wise f written with glassnet ops.

    f'(x) comes from one backward pass of Σᵢ f(xᵢ): because f acts on each element alone,
    ∂(Σⱼ f(xⱼ))/∂xᵢ = f'(xᵢ). An op that refuses backpropagation (the step) gets f' = 0, its
    derivative almost everywhere.
    """
    from glassnet.autodiff import Tensor
    from glassnet.ops import math as M
    variable = Tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    value = function(variable)
    if not isinstance(value, Tensor):
        raise TypeError(f"plot_function: {getattr(function, '__name__', function)!r} must return a glassnet "
                        "Tensor computed with glassnet ops")
    if not value.requires_grad:                  # a constant (or piecewise-constant, like step): f' = 0
        return np.asarray(value.data, dtype=np.float64), np.zeros_like(variable.data)
    try:
        M.sum(value).backward()
    except RuntimeError:           # the step refuses backpropagation: its derivative is 0 almost everywhere
        return np.asarray(value.data, dtype=np.float64), np.zeros_like(variable.data)
    grad = variable.grad if variable.grad is not None else np.zeros_like(variable.data)
    return np.asarray(value.data, dtype=np.float64), np.asarray(grad, dtype=np.float64)


def _resolve(function):
    if isinstance(function, str):
        from glassnet import activations
        return activations.get(function), function
    return function, getattr(function, "__name__", "f")


def plot_function(functions, x=None, *, derivative: bool = True, names=None, xlabel: str = "z",
                  figsize=None):
    """One panel per function: f (solid) and f' (dashed), e.g. ``plot_function(["sigmoid", "relu"])``.

    Parameters
    ----------
    functions : a function or an activation name, or a list of them
        Element-wise functions of a glassnet Tensor: activations ('sigmoid', 'tanh', 'relu', ...),
        or a loss as a function of the prediction, e.g. ``lambda p: -ops.log(p)`` (cross-entropy
        for y = 1) or ``lambda yhat: (yhat - 1) ** 2``.
    x : the points; default 400 points from −5 to 5.
    derivative : also draw f'.
    names : titles of the panels; default the function names.

    Returns
    -------
    Figure with one axes per function, each with the lines f (and f').
    """
    if not isinstance(functions, (list, tuple)):
        functions = [functions]
    x = np.linspace(-5, 5, 400) if x is None else np.asarray(x, dtype=np.float64)
    k = len(functions)
    figure = new_figure(figsize or (4 * k, 3.4))
    for i, item in enumerate(functions):
        function, name = _resolve(item)
        title = names[i] if names else name
        value, slope = function_and_derivative(function, x)
        ax = figure.add_subplot(1, k, i + 1)
        ax.plot(x, value, label=f"{title}({xlabel})")
        if derivative:
            ax.plot(x, slope, "--", label=f"{title}′({xlabel})")
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
        ax.legend()
    figure.tight_layout()
    return figure


__all__ = ["plot_function", "function_and_derivative"]
