"""Batch normalisation as one fused op, forward and backward side by side.

For each channel, over the m values of the batch (and the spatial positions):

    μ = (1/m) Σ x          σ² = (1/m) Σ (x − μ)²          x̂ = (x − μ) / √(σ² + ε)
    y = γ · x̂ + β

Backward (the classic compact form, derived once so the graph stays small):

    dL/dβ = Σ δ            dL/dγ = Σ δ · x̂
    dL/dx = γ / (m √(σ² + ε)) · (m δ − Σ δ − x̂ Σ δ·x̂)

At inference μ and σ² are fixed (the moving averages), so y is an affine map of x:
dL/dx = δ · γ / √(σ² + ε).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor


def _reduce_axes(ndim: int, axis: int) -> tuple[int, ...]:
    axis %= ndim
    return tuple(a for a in range(ndim) if a != axis)


def _shape_for(ndim: int, axis: int, size: int) -> tuple[int, ...]:
    shape = [1] * ndim
    shape[axis % ndim] = size
    return tuple(shape)


def batch_norm_train(x, gamma=None, beta=None, axis: int = -1, epsilon: float = 1e-3):
    """Normalise with the statistics of this batch.

    Returns ``(y, batch_mean, batch_variance)``; the statistics are plain arrays (the biased
    variance, as Keras uses) for updating the moving averages.
    """
    x = ensure_tensor(x)
    axes = _reduce_axes(x.ndim, axis)
    size = x.shape[axis]
    bshape = _shape_for(x.ndim, axis, size)
    m = int(np.prod([x.shape[a] for a in axes]))
    mean = x.data.mean(axis=axes, keepdims=True)
    centred = x.data - mean
    var = np.mean(centred * centred, axis=axes, keepdims=True)
    inv_std = (1.0 / np.sqrt(var + epsilon)).astype(x.dtype, copy=False)
    x_hat = centred * inv_std
    g_arr = gamma.data.reshape(bshape) if gamma is not None else None
    y = x_hat * g_arr if gamma is not None else x_hat.copy()
    if beta is not None:
        y += beta.data.reshape(bshape)

    def backward(g):
        d_beta = g.sum(axis=axes) if beta is not None and beta.requires_grad else None
        sum_g_xhat = (g * x_hat).sum(axis=axes, keepdims=True)
        d_gamma = sum_g_xhat.reshape(size) if gamma is not None and gamma.requires_grad else None
        d_x = None
        if x.requires_grad:
            sum_g = g.sum(axis=axes, keepdims=True)
            scale = inv_std / m if gamma is None else g_arr * inv_std / m
            d_x = scale * (m * g - sum_g - x_hat * sum_g_xhat)
        grads = [d_x]
        if gamma is not None:
            grads.append(d_gamma)
        if beta is not None:
            grads.append(d_beta)
        return tuple(grads)

    parents = [x] + [t for t in (gamma, beta) if t is not None]
    out = Tensor.from_op(y, tuple(parents), backward, name="batch_norm")
    return out, mean.reshape(size), var.reshape(size)


def batch_norm_inference(x, mean, variance, gamma=None, beta=None, axis: int = -1,
                         epsilon: float = 1e-3) -> Tensor:
    """Normalise with fixed statistics: y = γ (x − μ) / √(σ² + ε) + β, an affine map of x."""
    x = ensure_tensor(x)
    size = x.shape[axis]
    bshape = _shape_for(x.ndim, axis, size)
    axes = _reduce_axes(x.ndim, axis)
    mean = np.asarray(mean.data if isinstance(mean, Tensor) else mean, dtype=x.dtype).reshape(bshape)
    variance = np.asarray(variance.data if isinstance(variance, Tensor) else variance, dtype=x.dtype)
    inv_std = (1.0 / np.sqrt(variance.reshape(bshape) + epsilon)).astype(x.dtype, copy=False)
    x_hat = (x.data - mean) * inv_std
    y = x_hat * gamma.data.reshape(bshape) if gamma is not None else x_hat.copy()
    if beta is not None:
        y += beta.data.reshape(bshape)

    def backward(g):
        grads = [g * (inv_std if gamma is None else gamma.data.reshape(bshape) * inv_std)
                 if x.requires_grad else None]
        if gamma is not None:
            grads.append((g * x_hat).sum(axis=axes) if gamma.requires_grad else None)
        if beta is not None:
            grads.append(g.sum(axis=axes) if beta.requires_grad else None)
        return tuple(grads)

    parents = [x] + [t for t in (gamma, beta) if t is not None]
    return Tensor.from_op(y, tuple(parents), backward, name="batch_norm")


__all__ = ["batch_norm_train", "batch_norm_inference"]
