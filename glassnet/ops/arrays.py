"""More array operations of Keras 3: unstacking, grids, rolls, diagonals, small products, differences.

Where an operation only moves or picks values, its gradient moves the incoming gradient back
(roll rolls it the other way, diag puts it back on the diagonal); the products carry the
product rule. ``meshgrid``, ``tri``, ``logspace`` and ``empty`` build constants.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.creation import _constant, standardize_dtype
from glassnet.ops.elementwise import _values
from glassnet.ops.math import _pair
from glassnet.ops.reshaping import getitem


def unstack(x, num: int | None = None, axis: int = 0) -> list[Tensor]:
    """The slices of ``x`` along ``axis``, as a list (each slice's gradient goes back to its place)."""
    x = ensure_tensor(x)
    size = x.shape[axis]
    if num is not None and num != size:
        raise ValueError(f"unstack: num={num} but axis {axis} has size {size}")
    axis = axis % x.ndim
    return [getitem(x, (slice(None),) * axis + (i,)) for i in range(size)]


def meshgrid(*x, indexing: str = "xy") -> list[Tensor]:
    """Coordinate grids from 1-D coordinate vectors (``indexing='xy'`` Cartesian, ``'ij'`` matrix)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    return [_constant(g) for g in np.meshgrid(*[_values(v) for v in x], indexing=indexing)]


def roll(x, shift, axis=None) -> Tensor:
    """Values shifted by ``shift`` places along ``axis`` (around the end);  dL/dx = roll(dL/dc, −shift)."""
    x = ensure_tensor(x)
    back = tuple(-s for s in shift) if isinstance(shift, (tuple, list)) else -shift
    return Tensor.from_op(np.roll(x.data, shift, axis), (x,), lambda g: (np.roll(g, back, axis),), name="roll")


def diagonal(x, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """The ``offset``-th diagonal of the 2-D slices spanned by ``axis1``, ``axis2`` (last axis of the result);
    dL/dx is dL/dc placed back on that diagonal, 0 elsewhere."""
    x = ensure_tensor(x)

    def backward(g):
        grad = np.zeros_like(x.data)
        view = np.diagonal(grad, offset, axis1, axis2)
        view.setflags(write=True)           # NumPy's diagonal view is read-only by default; it is writable memory
        view[...] = g
        return (grad,)
    return Tensor.from_op(np.diagonal(x.data, offset, axis1, axis2).copy(), (x,), backward, name="diagonal")


def diag(x, k: int = 0) -> Tensor:
    """From a vector: the square matrix with it on the k-th diagonal; from a matrix: its k-th diagonal."""
    x = ensure_tensor(x)
    if x.ndim == 2:
        return diagonal(x, k)
    if x.ndim != 1:
        raise ValueError(f"diag: x must be 1-D or 2-D, got shape {x.shape}")
    return Tensor.from_op(np.diag(x.data, k), (x,), lambda g: (np.diag(g, k).copy(),), name="diag")


def trace(x, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """Σ of the ``offset``-th diagonal;  dL/dx = dL/dc on that diagonal, 0 elsewhere."""
    from glassnet.ops.math import sum as total
    return total(diagonal(x, offset, axis1, axis2), axis=-1)


def tri(N: int, M: int | None = None, k: int = 0, dtype=None) -> Tensor:  # noqa: N803 - Keras's names
    """An N×M matrix with ones at and below the k-th diagonal, zeros above."""
    return _constant(np.tri(N, M, k, dtype=standardize_dtype(dtype)))


def outer(x1, x2) -> Tensor:
    """c_ij = a_i b_j (both flattened);  dL/da = dL/dc · b,  dL/db = (dL/dc)ᵀ · a."""
    a, b = _pair(x1, x2)
    u, v = a.data.ravel(), b.data.ravel()
    return Tensor.from_op(np.outer(u, v), (a, b),
                          lambda g: ((g @ v).reshape(a.shape), (g.T @ u).reshape(b.shape)), name="outer")


def vdot(x1, x2) -> Tensor:
    """c = Σ a_i b_i over the flattened inputs (complex ones conjugate the first);
    dL/da = dL/dc · b,  dL/db = dL/dc · a."""
    a, b = _pair(x1, x2)
    return Tensor.from_op(np.asarray(np.vdot(a.data, b.data)), (a, b), lambda g: (g * b.data, g * a.data),
                          name="vdot")


def cross(x1, x2, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> Tensor:
    """The cross product of 3-vectors, c = a × b;  dL/da = b × dL/dc,  dL/db = dL/dc × a."""
    a, b = _pair(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    out = np.cross(a.data, b.data, axisa, axisb, axisc)
    if a.shape[axisa] != 3 or b.shape[axisb] != 3:
        return _constant(out)                 # the 2-vector form gives a scalar: no gradient rule here

    def backward(g):
        from glassnet.autodiff import unbroadcast
        ga = np.cross(np.moveaxis(b.data, axisb, -1), np.moveaxis(g, axisc, -1))
        gb = np.cross(np.moveaxis(g, axisc, -1), np.moveaxis(a.data, axisa, -1))
        return (unbroadcast(np.moveaxis(ga, -1, axisa), a.shape), unbroadcast(np.moveaxis(gb, -1, axisb), b.shape))
    return Tensor.from_op(out, (a, b), backward, name="cross")


def diff(a, n: int = 1, axis: int = -1) -> Tensor:
    """The n-th difference along ``axis``: c_i = a_{i+1} − a_i, applied n times (gradient by the same slices)."""
    out = ensure_tensor(a)
    axis = axis % out.ndim
    before, after = (slice(None),) * axis + (slice(None, -1),), (slice(None),) * axis + (slice(1, None),)
    for _ in range(n):
        out = getitem(out, after) - getitem(out, before)
    return out


def logspace(start, stop, num: int = 50, endpoint: bool = True, base: float = 10, dtype=None,
             axis: int = 0) -> Tensor:
    """``num`` values from base^start to base^stop, evenly spaced on a log scale."""
    return _constant(np.logspace(start, stop, num, endpoint=endpoint, base=base, axis=axis,
                                 dtype=standardize_dtype(dtype)))


def empty(shape, dtype=None) -> Tensor:
    """A tensor of the given shape (glassnet fills it with zeros, so nothing is left uninitialised)."""
    return _constant(np.zeros(shape, dtype=standardize_dtype(dtype)))


def select(condlist, choicelist, default=0) -> Tensor:
    """Where the first true condition picks from its choice (``np.select``); the gradient goes to the
    choice that was picked, element by element."""
    from glassnet.ops.elementwise import where
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: condlist has {len(condlist)} conditions but choicelist {len(choicelist)} choices")
    out = default
    for condition, choice in reversed(list(zip(condlist, choicelist))):   # the first true condition wins
        out = where(condition, choice, out)
    return ensure_tensor(out)


def switch(index, branches, *operands):
    """``branches[index](*operands)``, with index clamped to [0, len(branches) − 1] as Keras does."""
    i = int(np.clip(int(_values(index)), 0, len(branches) - 1))
    return branches[i](*operands)


__all__ = ["unstack", "meshgrid", "roll", "diagonal", "diag", "trace", "tri", "outer", "vdot", "cross", "diff",
           "logspace", "empty", "select", "switch"]
