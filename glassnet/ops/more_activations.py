"""The other activations of Keras 3: piecewise-linear ones, smooth ones, and sparsemax.

Each is written with its derivative, so a student can read the slope a layer passes back.
The piecewise ones (relu6, hard_sigmoid, hard_tanh, the shrinks) have slope 0 or a constant
on each piece; at a kink the slope of the right-hand piece is used, except where noted.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.elementwise import _unary


def _stable_sigmoid(a: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


def shifted_relu(x, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Tensor:
    """Keras's ``activations.relu`` with its options: a = max_value for z ≥ max_value, z for
    threshold ≤ z < max_value, negative_slope · (z − threshold) below;  slope 0, 1, negative_slope."""
    top = np.inf if max_value is None else max_value

    def forward(z):
        out = np.where(z >= threshold, z, negative_slope * (z - threshold))
        return (np.where(z >= top, top, out) + 0.0).astype(z.dtype)   # + 0.0: no −0 below the threshold

    def slope(z):
        return np.where(z >= top, 0, np.where(z >= threshold, 1, negative_slope)).astype(z.dtype)
    return _unary(x, forward, slope, "relu")


def relu6(x) -> Tensor:
    """a = min(max(z, 0), 6);  slope 1 for 0 < z < 6, else 0."""
    return _unary(x, lambda z: np.clip(z, 0, 6), lambda z: ((z > 0) & (z < 6)).astype(z.dtype), "relu6")


def hard_sigmoid(x) -> Tensor:
    """a = relu6(z + 3) / 6: 0 for z ≤ −3, z/6 + 1/2 between, 1 for z ≥ 3;  slope 1/6 in between."""
    return _unary(x, lambda z: np.clip(z / 6 + 0.5, 0, 1),
                  lambda z: ((z > -3) & (z < 3)).astype(z.dtype) / 6, "hard_sigmoid")


def hard_silu(x) -> Tensor:
    """a = z · hard_sigmoid(z) (hard swish);  slope 0 below −3, (2z + 3)/6 between, 1 above 3."""
    return _unary(x, lambda z: z * np.clip(z / 6 + 0.5, 0, 1),
                  lambda z: np.where(z <= -3, 0, np.where(z >= 3, 1, (2 * z + 3) / 6)).astype(z.dtype), "hard_silu")


hard_swish = hard_silu


def hard_tanh(x) -> Tensor:
    """a = min(max(z, −1), 1);  slope 1 for −1 < z < 1, else 0."""
    return _unary(x, lambda z: np.clip(z, -1, 1), lambda z: (np.abs(z) < 1).astype(z.dtype), "hard_tanh")


def sparse_sigmoid(x) -> Tensor:
    """a = 0 for z ≤ −1, (z + 1)/2 for −1 < z < 1, 1 for z ≥ 1;  slope 1/2 in between."""
    return _unary(x, lambda z: np.clip((z + 1) / 2, 0, 1), lambda z: (np.abs(z) < 1).astype(z.dtype) / 2,
                  "sparse_sigmoid")


def sparse_plus(x) -> Tensor:
    """a = 0 for z ≤ −1, (z + 1)²/4 for −1 < z < 1, z for z ≥ 1;  slope 0, (z + 1)/2, 1."""
    return _unary(x, lambda z: np.where(z <= -1, 0, np.where(z >= 1, z, (z + 1) ** 2 / 4)).astype(z.dtype),
                  lambda z: np.clip((z + 1) / 2, 0, 1), "sparse_plus")


def soft_shrink(x, threshold: float = 0.5) -> Tensor:
    """a = z − t for z > t, z + t for z < −t, 0 otherwise;  slope 1 outside [−t, t], 0 inside."""
    return _unary(x, lambda z: np.where(z > threshold, z - threshold, np.where(z < -threshold, z + threshold, 0))
                  .astype(z.dtype), lambda z: (np.abs(z) > threshold).astype(z.dtype), "soft_shrink")


def hard_shrink(x, threshold: float = 0.5) -> Tensor:
    """a = z where |z| > t, else 0;  slope 1 where |z| > t, else 0."""
    return _unary(x, lambda z: np.where(np.abs(z) > threshold, z, 0).astype(z.dtype),
                  lambda z: (np.abs(z) > threshold).astype(z.dtype), "hard_shrink")


def threshold(x, threshold: float, default_value: float) -> Tensor:  # noqa: A002 - Keras's names
    """a = z where z > threshold, else default_value;  slope 1 where z > threshold, else 0."""
    return _unary(x, lambda z: np.where(z > threshold, z, default_value).astype(z.dtype),
                  lambda z: (z > threshold).astype(z.dtype), "threshold")


def tanh_shrink(x) -> Tensor:
    """a = z − tanh z;  slope tanh² z."""
    return _unary(x, lambda z: z - np.tanh(z), lambda z: np.tanh(z) ** 2, "tanh_shrink")


def log_sigmoid(x) -> Tensor:
    """a = ln σ(z) = −softplus(−z) = min(z, 0) − ln(1 + e^{−|z|});  slope σ(−z) = 1 − σ(z)."""
    return _unary(x, lambda z: np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z))),
                  lambda z: _stable_sigmoid(-z), "log_sigmoid")


def celu(x, alpha: float = 1.0) -> Tensor:
    """a = max(0, z) + α (e^{min(0, z)/α} − 1);  slope 1 for z > 0, e^{z/α} for z ≤ 0."""
    return _unary(x, lambda z: np.maximum(z, 0) + alpha * np.expm1(np.minimum(z, 0) / alpha),
                  lambda z: np.where(z > 0, 1, np.exp(np.minimum(z, 0) / alpha)).astype(z.dtype), "celu")


def squareplus(x, b: float = 4) -> Tensor:
    """a = (z + √(z² + b)) / 2, a smooth ReLU;  slope (1 + z / √(z² + b)) / 2."""
    return _unary(x, lambda z: (z + np.sqrt(z * z + b)) / 2, lambda z: (1 + z / np.sqrt(z * z + b)) / 2,
                  "squareplus")


def mish(x) -> Tensor:
    """a = z · tanh(softplus(z));  slope tanh(sp) + z · (1 − tanh²(sp)) · σ(z), sp = softplus(z)."""
    def forward(z):
        return z * np.tanh(np.logaddexp(0, z))

    def slope(z):
        t = np.tanh(np.logaddexp(0, z))
        return t + z * (1 - t * t) * _stable_sigmoid(z)
    return _unary(x, forward, slope, "mish")


def glu(x, axis: int = -1) -> Tensor:
    """The gated linear unit: split z in halves a, b along ``axis``; output a ⊙ σ(b);
    dL/da = g ⊙ σ(b),  dL/db = g ⊙ a ⊙ σ(b)(1 − σ(b))."""
    x = ensure_tensor(x)
    if x.shape[axis] % 2:
        raise ValueError(f"glu: axis {axis} must have an even size to split in two halves, got {x.shape[axis]}")
    a, b = np.split(x.data, 2, axis=axis)
    gate = _stable_sigmoid(b)

    def backward(g):
        return (np.concatenate([g * gate, g * a * gate * (1 - gate)], axis=axis),)
    return Tensor.from_op(a * gate, (x,), backward, name="glu")


def sparsemax(x, axis: int = -1) -> Tensor:
    """The Euclidean projection of z onto the probability simplex (Martins & Astudillo, 2016):
    p = max(z − τ, 0) with τ chosen so that Σ p = 1; many outputs are exactly 0.
    On the support S = {p > 0}: dL/dz_i = g_i − mean_{j∈S} g_j, and 0 off the support."""
    x = ensure_tensor(x)
    z = np.moveaxis(x.data, axis, -1)
    ordered = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cumulative = np.cumsum(ordered, axis=-1)
    in_support = 1 + k * ordered > cumulative
    size = in_support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, size - 1, axis=-1) - 1) / size
    p = np.maximum(z - tau, 0)
    support = p > 0

    def backward(g):
        g = np.moveaxis(g, axis, -1)
        mean = (g * support).sum(axis=-1, keepdims=True) / support.sum(axis=-1, keepdims=True)
        return (np.moveaxis(np.where(support, g - mean, 0), -1, axis),)
    return Tensor.from_op(np.moveaxis(p, -1, axis).astype(x.data.dtype, copy=False), (x,), backward, name="sparsemax")


__all__ = ["shifted_relu", "relu6", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "sparse_sigmoid", "sparse_plus",
           "soft_shrink", "hard_shrink", "threshold", "tanh_shrink", "log_sigmoid", "celu", "squareplus", "mish",
           "glu", "sparsemax"]
