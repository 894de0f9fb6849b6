"""More element-by-element operations: minimum, where, erf, the comparisons and logic.

Differentiable ones carry their backward rule; comparisons, logic, ``sign``, ``floor`` and
``round`` have a derivative of zero almost everywhere, so they return constants (no graph),
as Keras's do. Every function takes Tensors, arrays or numbers.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, unbroadcast
from glassnet.ops.math import _pair
from glassnet.ops.nn import _erf_numpy


def _values(x):
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def _constant(array) -> Tensor:
    return Tensor.from_op(np.asarray(array), (), None)


def _unary(x, forward, derivative, name: str) -> Tensor:
    """c = f(a);  dL/da = dL/dc · f'(a)."""
    x = ensure_tensor(x)
    return Tensor.from_op(forward(x.data), (x,), lambda g: (g * derivative(x.data),), name=name)


def minimum(a, b) -> Tensor:
    """c = min(a, b) elementwise; the gradient goes to the smaller (to a on ties)."""
    a, b = _pair(a, b)
    a_wins = a.data <= b.data
    return Tensor.from_op(np.minimum(a.data, b.data), (a, b),
                          lambda g: (unbroadcast(g * a_wins, a.shape), unbroadcast(g * ~a_wins, b.shape)),
                          name="minimum")


def where(condition, x1=None, x2=None):
    """c = x1 where condition else x2;  dL/dx1 = dL/dc ⊙ [condition],  dL/dx2 = dL/dc ⊙ [not condition].

    With only ``condition``, the indices of its non-zero entries (as ``np.nonzero``).
    """
    mask = _values(condition).astype(bool)
    if x1 is None and x2 is None:
        return tuple(_constant(i) for i in np.nonzero(mask))
    if x1 is None or x2 is None:
        raise ValueError("where: give both x1 and x2, or neither")
    x1, x2 = _pair(x1, x2)
    return Tensor.from_op(np.where(mask, x1.data, x2.data), (x1, x2),
                          lambda g: (unbroadcast(np.where(mask, g, 0), x1.shape),
                                     unbroadcast(np.where(mask, 0, g), x2.shape)), name="where")


def erf(x) -> Tensor:
    """c = erf(a) = (2/√π) ∫₀ᵃ e^{−t²} dt;  dL/da = dL/dc · (2/√π) e^{−a²}."""
    return _unary(x, _erf_numpy, lambda a: (2 / np.sqrt(np.pi)) * np.exp(-a * a), "erf")


def log1p(x) -> Tensor:
    """c = ln(1 + a);  dL/da = dL/dc / (1 + a)."""
    return _unary(x, np.log1p, lambda a: 1 / (1 + a), "log1p")


def expm1(x) -> Tensor:
    """c = eᵃ − 1;  dL/da = dL/dc · eᵃ."""
    return _unary(x, np.expm1, np.exp, "expm1")


def sin(x) -> Tensor:
    """c = sin a;  dL/da = dL/dc · cos a."""
    return _unary(x, np.sin, np.cos, "sin")


def cos(x) -> Tensor:
    """c = cos a;  dL/da = −dL/dc · sin a."""
    return _unary(x, np.cos, lambda a: -np.sin(a), "cos")


def reciprocal(x) -> Tensor:
    """c = 1/a;  dL/da = −dL/dc / a²."""
    return _unary(x, lambda a: 1 / a, lambda a: -1 / (a * a), "reciprocal")


def softsign(x) -> Tensor:
    """c = a / (1 + |a|);  dL/da = dL/dc / (1 + |a|)²."""
    return _unary(x, lambda a: a / (1 + np.abs(a)), lambda a: 1 / (1 + np.abs(a)) ** 2, "softsign")


# -------------------------------------------------------------- derivative zero: constants
def sign(x) -> Tensor:
    """−1, 0 or 1 by the sign of each value."""
    return _constant(np.sign(_values(x)))


def floor(x) -> Tensor:
    """The largest integer ≤ each value."""
    return _constant(np.floor(_values(x)))


def ceil(x) -> Tensor:
    """The smallest integer ≥ each value."""
    return _constant(np.ceil(_values(x)))


def round(x, decimals: int = 0) -> Tensor:  # noqa: A001 - Keras's name
    """Each value rounded to ``decimals`` places (halves to even, as NumPy)."""
    return _constant(np.round(_values(x), decimals))


def _compare(fn):
    def compare(x1, x2) -> Tensor:
        return _constant(fn(_values(x1), _values(x2)))
    compare.__name__ = fn.__name__
    compare.__doc__ = f"Elementwise ``{fn.__name__}``: a boolean tensor (no gradient)."
    return compare


equal = _compare(np.equal)
not_equal = _compare(np.not_equal)
greater = _compare(np.greater)
greater_equal = _compare(np.greater_equal)
less = _compare(np.less)
less_equal = _compare(np.less_equal)
logical_and = _compare(np.logical_and)
logical_or = _compare(np.logical_or)
logical_xor = _compare(np.logical_xor)


def logical_not(x) -> Tensor:
    """Elementwise not: a boolean tensor."""
    return _constant(np.logical_not(_values(x)))


def isnan(x) -> Tensor:
    """Where the values are NaN."""
    return _constant(np.isnan(_values(x)))


def mod(x1, x2) -> Tensor:
    """The remainder of x1 / x2 (sign of x2, as NumPy), no gradient."""
    return _constant(np.mod(_values(x1), _values(x2)))


def floor_divide(x1, x2) -> Tensor:
    """⌊x1 / x2⌋, no gradient."""
    return _constant(np.floor_divide(_values(x1), _values(x2)))


def isfinite(x) -> Tensor:
    """Where the values are neither infinite nor NaN."""
    return _constant(np.isfinite(_values(x)))


__all__ = ["minimum", "where", "erf", "log1p", "expm1", "sin", "cos", "reciprocal", "softsign", "sign", "floor",
           "ceil", "round", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and",
           "logical_or", "logical_xor", "logical_not", "isnan", "isfinite", "mod", "floor_divide"]
