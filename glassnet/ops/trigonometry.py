"""Trigonometric and hyperbolic functions, each with its derivative beside it.

Every function takes Tensors, arrays or numbers and returns a Tensor; the backward rules
follow from d/da of the function, written in each docstring.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, unbroadcast
from glassnet.ops.elementwise import _unary
from glassnet.ops.math import _pair


def tan(x) -> Tensor:
    """c = tan a;  dL/da = dL/dc · (1 + tan² a)."""
    return _unary(x, np.tan, lambda a: 1 + np.tan(a) ** 2, "tan")


def arcsin(x) -> Tensor:
    """c = arcsin a, for −1 ≤ a ≤ 1;  dL/da = dL/dc / √(1 − a²)."""
    return _unary(x, np.arcsin, lambda a: 1 / np.sqrt(1 - a * a), "arcsin")


def arccos(x) -> Tensor:
    """c = arccos a;  dL/da = −dL/dc / √(1 − a²)."""
    return _unary(x, np.arccos, lambda a: -1 / np.sqrt(1 - a * a), "arccos")


def arctan(x) -> Tensor:
    """c = arctan a;  dL/da = dL/dc / (1 + a²)."""
    return _unary(x, np.arctan, lambda a: 1 / (1 + a * a), "arctan")


def sinh(x) -> Tensor:
    """c = sinh a = (eᵃ − e⁻ᵃ)/2;  dL/da = dL/dc · cosh a."""
    return _unary(x, np.sinh, np.cosh, "sinh")


def cosh(x) -> Tensor:
    """c = cosh a = (eᵃ + e⁻ᵃ)/2;  dL/da = dL/dc · sinh a."""
    return _unary(x, np.cosh, np.sinh, "cosh")


def arcsinh(x) -> Tensor:
    """c = arsinh a = ln(a + √(a² + 1));  dL/da = dL/dc / √(a² + 1)."""
    return _unary(x, np.arcsinh, lambda a: 1 / np.sqrt(a * a + 1), "arcsinh")


def arccosh(x) -> Tensor:
    """c = arcosh a, for a ≥ 1;  dL/da = dL/dc / √(a² − 1)."""
    return _unary(x, np.arccosh, lambda a: 1 / np.sqrt(a * a - 1), "arccosh")


def arctanh(x) -> Tensor:
    """c = artanh a, for |a| < 1;  dL/da = dL/dc / (1 − a²)."""
    return _unary(x, np.arctanh, lambda a: 1 / (1 - a * a), "arctanh")


def arctan2(x1, x2) -> Tensor:
    """c = atan2(y = x1, x = x2), the angle of the point (x, y) in (−π, π];
    dL/dy = dL/dc · x / (x² + y²),  dL/dx = −dL/dc · y / (x² + y²)."""
    y, x = _pair(x1, x2)

    def backward(g):
        r2 = x.data * x.data + y.data * y.data
        return unbroadcast(g * x.data / r2, y.shape), unbroadcast(-g * y.data / r2, x.shape)
    return Tensor.from_op(np.arctan2(y.data, x.data), (y, x), backward, name="arctan2")


def hypot(x1, x2) -> Tensor:
    """c = √(x1² + x2²) without overflow;  dL/dx1 = dL/dc · x1 / c,  dL/dx2 = dL/dc · x2 / c."""
    a, b = _pair(x1, x2)
    out = np.hypot(a.data, b.data)

    def backward(g):
        safe = np.where(out == 0, 1, out)      # at the origin the slope is taken as 0
        return unbroadcast(g * a.data / safe, a.shape), unbroadcast(g * b.data / safe, b.shape)
    return Tensor.from_op(out, (a, b), backward, name="hypot")


__all__ = ["tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arccosh", "arctanh", "arctan2", "hypot"]
