"""Logarithms and powers in other bases, and numerically safe arithmetic.

``logaddexp`` and ``divide_no_nan`` exist because the plain formulas overflow or give NaN:
ln(eᵃ + eᵇ) is computed as max(a, b) + ln(1 + e^{−|a − b|}), and x / 0 is defined as 0.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, unbroadcast
from glassnet.ops.elementwise import _constant, _unary, _values
from glassnet.ops.math import _pair

_LN2, _LN10 = float(np.log(2.0)), float(np.log(10.0))


def log2(x) -> Tensor:
    """c = log₂ a;  dL/da = dL/dc / (a ln 2)."""
    return _unary(x, np.log2, lambda a: 1 / (a * _LN2), "log2")


def log10(x) -> Tensor:
    """c = log₁₀ a;  dL/da = dL/dc / (a ln 10)."""
    return _unary(x, np.log10, lambda a: 1 / (a * _LN10), "log10")


def exp2(x) -> Tensor:
    """c = 2ᵃ;  dL/da = dL/dc · 2ᵃ ln 2."""
    return _unary(x, np.exp2, lambda a: np.exp2(a) * _LN2, "exp2")


def rsqrt(x) -> Tensor:
    """c = 1 / √a;  dL/da = −dL/dc · a^{−3/2} / 2."""
    return _unary(x, lambda a: 1 / np.sqrt(a), lambda a: -0.5 / (a * np.sqrt(a)), "rsqrt")


def logaddexp(x1, x2) -> Tensor:
    """c = ln(eᵃ + eᵇ);  dL/da = dL/dc · σ(a − b),  dL/db = dL/dc · σ(b − a)."""
    a, b = _pair(x1, x2)
    out = np.logaddexp(a.data, b.data)

    def backward(g):
        share_a = np.exp(a.data - out)        # eᵃ / (eᵃ + eᵇ), never overflows since a ≤ c
        return unbroadcast(g * share_a, a.shape), unbroadcast(g * (1 - share_a), b.shape)
    return Tensor.from_op(out, (a, b), backward, name="logaddexp")


def divide_no_nan(x1, x2) -> Tensor:
    """c = x1 / x2 where x2 ≠ 0, and 0 where x2 = 0 (no NaN, no infinity);
    dL/dx1 = dL/dc / x2 and dL/dx2 = −dL/dc · x1 / x2² where x2 ≠ 0, else 0."""
    a, b = _pair(x1, x2)
    zero = b.data == 0
    safe = np.where(zero, 1, b.data)
    out = np.where(zero, 0, a.data / safe)

    def backward(g):
        g = np.where(zero, 0, g)
        return unbroadcast(g / safe, a.shape), unbroadcast(-g * a.data / (safe * safe), b.shape)
    return Tensor.from_op(out.astype(np.result_type(a.data, b.data), copy=False), (a, b), backward,
                          name="divide_no_nan")


def nan_to_num(x, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
    """NaN → ``nan``, +∞ → ``posinf`` (default: the dtype's largest value), −∞ → ``neginf``;
    the gradient passes through the finite values and is 0 at the replaced ones."""
    x = ensure_tensor(x)
    finite = np.isfinite(x.data)
    out = np.nan_to_num(x.data, nan=nan, posinf=posinf, neginf=neginf)
    return Tensor.from_op(out, (x,), lambda g: (g * finite,), name="nan_to_num")


def trunc(x) -> Tensor:
    """The integer part, rounded toward zero (no gradient: its slope is 0 almost everywhere)."""
    return _constant(np.trunc(_values(x)))


__all__ = ["log2", "log10", "exp2", "rsqrt", "logaddexp", "divide_no_nan", "nan_to_num", "trunc"]
