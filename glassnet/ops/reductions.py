"""More reductions: min, var, std, norm, logsumexp, cumsum, prod and the arg-reductions.

``sum``, ``mean`` and ``max`` live in ``glassnet.ops.math``. Here each reduction says its
backward rule; ``argmax``/``argmin``/``any``/``all`` return integer or boolean constants.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as math_ops
from glassnet.ops.math import _normalize_axis


def _constant(array) -> Tensor:
    return Tensor.from_op(np.asarray(array), (), None)


def _values(x):
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def min(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """c = min a over the axes = −max(−a); the gradient goes to the position(s) of the minimum."""
    return math_ops.negative(math_ops.max(math_ops.negative(x), axis=axis, keepdims=keepdims))


def argmax(x, axis=None, keepdims: bool = False) -> Tensor:
    """Index of the largest value along ``axis`` (of the flattened array when None), as int32."""
    return _constant(np.argmax(_values(x), axis=axis, keepdims=keepdims).astype(np.int32))


def argmin(x, axis=None, keepdims: bool = False) -> Tensor:
    """Index of the smallest value along ``axis``, as int32."""
    return _constant(np.argmin(_values(x), axis=axis, keepdims=keepdims).astype(np.int32))


def any(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether any value along ``axis`` is true (non-zero)."""
    return _constant(np.any(_values(x), axis=axis, keepdims=keepdims))


def all(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether every value along ``axis`` is true (non-zero)."""
    return _constant(np.all(_values(x), axis=axis, keepdims=keepdims))


def var(x, axis=None, keepdims: bool = False) -> Tensor:
    """σ² = (1/n) Σ (a − ā)² (population variance, as Keras);  dL/da = dL/dσ² · 2(a − ā)/n."""
    x = ensure_tensor(x)
    centred = math_ops.subtract(x, math_ops.mean(x, axis=axis, keepdims=True))
    return math_ops.mean(math_ops.square(centred), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims: bool = False) -> Tensor:
    """σ = √var(a);  dL/da = dL/dσ · (a − ā)/(n σ)."""
    return math_ops.sqrt(var(x, axis=axis, keepdims=keepdims))


def prod(x, axis=None, keepdims: bool = False) -> Tensor:
    """c = Π a over the axes;  dL/daᵢ = dL/dc · Π_{j≠i} aⱼ (computed without dividing, so zeros are fine)."""
    x = ensure_tensor(x)
    axes = _normalize_axis(axis, x.ndim)
    out = np.prod(x.data, axis=axes, keepdims=True)

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        moved = np.moveaxis(x.data, axes, range(len(axes))).reshape((-1,) + tuple(
            n for i, n in enumerate(x.shape) if i not in axes))
        before = np.cumprod(np.concatenate([np.ones_like(moved[:1]), moved[:-1]]), axis=0)
        after = np.cumprod(np.concatenate([np.ones_like(moved[:1]), moved[:0:-1]]), axis=0)[::-1]
        others = (before * after).reshape(tuple(x.shape[a] for a in axes) + moved.shape[1:])
        others = np.moveaxis(others, range(len(axes)), axes)
        return (g * others,)
    return Tensor.from_op(out if keepdims else np.squeeze(out, axis=axes), (x,), backward, name="prod")


def logsumexp(x, axis=None, keepdims: bool = False) -> Tensor:
    """c = log Σ eᵃ = m + log Σ e^{a−m} (m = max a, so nothing overflows);  dL/da = dL/dc · softmax(a)."""
    x = ensure_tensor(x)
    axes = _normalize_axis(axis, x.ndim)
    m = np.max(x.data, axis=axes, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    e = np.exp(x.data - m)
    total = np.sum(e, axis=axes, keepdims=True)
    out = m + np.log(total)

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        return (g * e / total,)
    return Tensor.from_op(out if keepdims else np.squeeze(out, axis=axes), (x,), backward, name="logsumexp")


def norm(x, ord=None, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A002 - Keras's name
    """‖a‖ (as ``np.linalg.norm``): for vectors ord=2 → √Σa², ord=1 → Σ|a|; matrices ord='fro'.

    Built from differentiable ops: dL/da = dL/d‖a‖ · a/‖a‖ for the 2-norm, · sign(a) for the 1-norm.
    """
    x = ensure_tensor(x)
    if axis is None and ord is None:
        axis = tuple(range(x.ndim))
    elif axis is None:
        axis = -1 if x.ndim == 1 else (-2, -1)
    vector = isinstance(axis, int) or len(axis) == 1
    if ord in (None, 2, "fro", "euclidean") and (vector or ord != 2):
        return math_ops.sqrt(math_ops.sum(math_ops.square(x), axis=axis, keepdims=keepdims))
    if vector and ord == 1:
        return math_ops.sum(math_ops.abs(x), axis=axis, keepdims=keepdims)
    if vector and ord in (np.inf, "inf"):
        return math_ops.max(math_ops.abs(x), axis=axis, keepdims=keepdims)
    if vector and isinstance(ord, (int, float)) and ord > 0:
        total = math_ops.sum(math_ops.power(math_ops.abs(x), ord), axis=axis, keepdims=keepdims)
        return math_ops.power(total, 1.0 / ord)
    raise ValueError(f"norm: ord={ord!r} over axis={axis!r} is not supported here; use ord in "
                     "(None, 1, 2, inf, p > 0) for vectors or 'fro' for matrices")


def cumsum(x, axis=None) -> Tensor:
    """cₖ = Σ_{i≤k} aᵢ along ``axis`` (flattened when None);  dL/daᵢ = Σ_{k≥i} dL/dcₖ (a reversed cumsum)."""
    x = ensure_tensor(x)
    flat = axis is None
    source = x.data.ravel() if flat else x.data
    ax = 0 if flat else axis

    def backward(g):
        back = np.flip(np.cumsum(np.flip(g, ax), axis=ax), ax)
        return (back.reshape(x.shape),)
    return Tensor.from_op(np.cumsum(source, axis=ax), (x,), backward, name="cumsum")


def cumprod(x, axis=None) -> Tensor:
    """cₖ = Π_{i≤k} aᵢ;  dL/daᵢ = Σ_{k≥i} dL/dcₖ · cₖ / aᵢ (inputs must be non-zero)."""
    x = ensure_tensor(x)
    flat = axis is None
    source = x.data.ravel() if flat else x.data
    ax = 0 if flat else axis
    out = np.cumprod(source, axis=ax)

    def backward(g):
        back = np.flip(np.cumsum(np.flip(g * out, ax), axis=ax), ax) / source
        return (back.reshape(x.shape),)
    return Tensor.from_op(out, (x,), backward, name="cumprod")


__all__ = ["min", "argmax", "argmin", "any", "all", "var", "std", "prod", "logsumexp", "norm", "cumsum",
           "cumprod"]
