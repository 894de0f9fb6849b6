"""Arithmetic, matrix product and reductions, each with its backward rule beside it.

Every function takes Tensors (or constants, which become Tensors of the other operand's
dtype so that a float32 graph stays float32) and returns a Tensor made by ``Tensor.from_op``.
"""
from __future__ import annotations

import builtins

import numpy as np

from glassnet.autodiff import Tensor, as_array, ensure_tensor, unbroadcast


def _pair(a, b) -> tuple[Tensor, Tensor]:
    """Make both operands Tensors; a constant takes the dtype of the Tensor beside it."""
    if isinstance(a, Tensor) and not isinstance(b, Tensor):
        b = Tensor(as_array(b, a.data.dtype))
    elif isinstance(b, Tensor) and not isinstance(a, Tensor):
        a = Tensor(as_array(a, b.data.dtype))
    elif not isinstance(a, Tensor):
        a, b = Tensor(a), Tensor(b)
    return a, b


def add(a, b) -> Tensor:
    """c = a + b;  dL/da = dL/dc,  dL/db = dL/dc  (summed over broadcast axes)."""
    a, b = _pair(a, b)
    return Tensor.from_op(a.data + b.data, (a, b), lambda g: (unbroadcast(g, a.shape), unbroadcast(g, b.shape)),
                          name="add")


def subtract(a, b) -> Tensor:
    """c = a − b;  dL/da = dL/dc,  dL/db = −dL/dc."""
    a, b = _pair(a, b)
    return Tensor.from_op(a.data - b.data, (a, b), lambda g: (unbroadcast(g, a.shape), unbroadcast(-g, b.shape)),
                          name="subtract")


def multiply(a, b) -> Tensor:
    """c = a ⊙ b;  dL/da = dL/dc ⊙ b,  dL/db = dL/dc ⊙ a."""
    a, b = _pair(a, b)

    def backward(g):
        ga = unbroadcast(g * b.data, a.shape) if a.requires_grad else None
        gb = unbroadcast(g * a.data, b.shape) if b.requires_grad else None
        return ga, gb
    return Tensor.from_op(a.data * b.data, (a, b), backward, name="multiply")


def divide(a, b) -> Tensor:
    """c = a / b;  dL/da = dL/dc / b,  dL/db = −dL/dc · a / b²."""
    a, b = _pair(a, b)

    def backward(g):
        ga = unbroadcast(g / b.data, a.shape) if a.requires_grad else None
        gb = unbroadcast(-g * a.data / (b.data * b.data), b.shape) if b.requires_grad else None
        return ga, gb
    return Tensor.from_op(a.data / b.data, (a, b), backward, name="divide")


def negative(a: Tensor) -> Tensor:
    """c = −a;  dL/da = −dL/dc."""
    a = ensure_tensor(a)
    return Tensor.from_op(-a.data, (a,), lambda g: (-g,), name="negative")


def power(a, exponent) -> Tensor:
    """c = aᵖ;  dL/da = dL/dc · p · aᵖ⁻¹,  and when p is a Tensor too: dL/dp = dL/dc · aᵖ · ln a."""
    if isinstance(exponent, Tensor):
        a, p = _pair(a, exponent)
        out = a.data ** p.data

        def backward(g):
            ga = unbroadcast(g * p.data * a.data ** (p.data - 1), a.shape) if a.requires_grad else None
            gp = unbroadcast(g * out * np.log(a.data), p.shape) if p.requires_grad else None
            return ga, gp
        return Tensor.from_op(out, (a, p), backward, name="power")
    a = ensure_tensor(a)
    p = float(np.asarray(exponent))
    return Tensor.from_op(a.data ** p, (a,), lambda g: (g * p * a.data ** (p - 1),), name="power")


def square(a: Tensor) -> Tensor:
    """c = a²;  dL/da = 2a · dL/dc."""
    a = ensure_tensor(a)
    return Tensor.from_op(a.data * a.data, (a,), lambda g: (2 * g * a.data,), name="square")


def sqrt(a: Tensor) -> Tensor:
    """c = √a;  dL/da = dL/dc / (2√a)."""
    a = ensure_tensor(a)
    out = np.sqrt(a.data)
    return Tensor.from_op(out, (a,), lambda g: (g / (2 * out),), name="sqrt")


def abs(a: Tensor) -> Tensor:  # noqa: A001 - the name a student expects
    """c = |a|;  dL/da = dL/dc · sign(a)  (0 at a = 0, the usual subgradient)."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.abs(a.data), (a,), lambda g: (g * np.sign(a.data),), name="abs")


def exp(a: Tensor) -> Tensor:
    """c = eᵃ;  dL/da = dL/dc · eᵃ."""
    a = ensure_tensor(a)
    out = np.exp(a.data)
    return Tensor.from_op(out, (a,), lambda g: (g * out,), name="exp")


def log(a: Tensor) -> Tensor:
    """c = ln a;  dL/da = dL/dc / a."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.log(a.data), (a,), lambda g: (g / a.data,), name="log")


def clip(a: Tensor, x_min: float, x_max: float) -> Tensor:
    """c = min(max(a, x_min), x_max);  the gradient passes only where a was inside [x_min, x_max]."""
    a = ensure_tensor(a)
    inside = (a.data >= x_min) & (a.data <= x_max)
    return Tensor.from_op(np.clip(a.data, x_min, x_max), (a,), lambda g: (g * inside,), name="clip")


def maximum(a, b) -> Tensor:
    """c = max(a, b) elementwise; the gradient goes to the larger (to a on ties)."""
    a, b = _pair(a, b)
    a_wins = a.data >= b.data
    return Tensor.from_op(np.maximum(a.data, b.data), (a, b),
                          lambda g: (unbroadcast(g * a_wins, a.shape), unbroadcast(g * ~a_wins, b.shape)),
                          name="maximum")


def matmul(a, b) -> Tensor:
    """C = A·B;  dL/dA = dL/dC · Bᵀ,  dL/dB = Aᵀ · dL/dC  (batched over leading axes).

    A 1-D operand is a row (on the left) or a column (on the right) whose axis the result drops,
    as in NumPy; the backward pass puts that axis back, applies the rule, and sums the batch
    axes that broadcasting added.
    """
    a, b = _pair(a, b)

    def backward(g):
        a2 = a.data[None, :] if a.data.ndim == 1 else a.data      # (…, n, k)
        b2 = b.data[:, None] if b.data.ndim == 1 else b.data      # (…, k, m)
        g2 = g[..., None] if b.data.ndim == 1 else g
        g2 = np.expand_dims(g2, -2) if a.data.ndim == 1 else g2    # (…, n, m)
        ga = gb = None
        if a.requires_grad:
            ga = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if b.requires_grad:
            if a2.ndim == 2 and g2.ndim == 2:
                gb = (a2.T @ g2).reshape(b.shape)
            else:
                gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape).reshape(b.shape)
        return ga, gb
    try:
        product = a.data @ b.data
    except ValueError:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not fit: the last axis of the first "
                         f"({a.shape[-1] if a.ndim else '-'}) must equal the "
                         f"{'only' if b.ndim == 1 else 'second-to-last'} axis of the second "
                         f"({b.shape[-2] if b.ndim > 1 else b.shape[0] if b.ndim else '-'})") from None
    return Tensor.from_op(product, (a, b), backward, name="matmul")


def _normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(ax % ndim for ax in axes)


def sum(a: Tensor, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """c = Σ a over the axes;  dL/da = dL/dc copied back along them."""
    a = ensure_tensor(a)
    axes = _normalize_axis(axis, a.ndim)

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        return (np.broadcast_to(g, a.shape),)
    return Tensor.from_op(np.sum(a.data, axis=axes, keepdims=keepdims), (a,), backward, name="sum")


def mean(a: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """c = (1/n) Σ a;  dL/da = dL/dc / n, copied back along the reduced axes."""
    a = ensure_tensor(a)
    axes = _normalize_axis(axis, a.ndim)
    n = int(np.prod([a.shape[ax] for ax in axes])) if axes else 1
    if n == 0:  # NumPy would answer NaN with a warning, and the NaN would spread into every weight
        empty = [ax for ax in axes if a.shape[ax] == 0]
        raise ValueError(f"mean over 0 values: axis {empty[0]} of the input of shape {a.shape} is empty "
                         "(an empty batch?)")

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        return (np.broadcast_to(g / n, a.shape),)
    return Tensor.from_op(np.mean(a.data, axis=axes, keepdims=keepdims), (a,), backward, name="mean")


def max(a: Tensor, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """c = max a over the axes; the gradient goes to the position(s) of the maximum (split on ties)."""
    a = ensure_tensor(a)
    axes = _normalize_axis(axis, a.ndim)
    out = np.max(a.data, axis=axes, keepdims=True)

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        winners = a.data == out
        share = winners / winners.sum(axis=axes, keepdims=True, dtype=a.data.dtype)  # keeps float32
        return (g * share,)
    result = out if keepdims else np.squeeze(out, axis=axes)
    return Tensor.from_op(result, (a,), backward, name="max")


__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "square", "sqrt", "abs",
           "exp", "log", "clip", "maximum", "matmul", "sum", "mean", "max"]
_ = builtins  # builtins.sum / builtins.max stay reachable though the names above shadow them
