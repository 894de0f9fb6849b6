"""Making sequences and images larger by repeating values: RepeatVector, UpSampling1D/2D."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor


def repeat_vector(x, n: int) -> Tensor:
    """(N, F) → (N, n, F): the same vector at every step;  dL/dx = Σ_t dL/dout[:, t]."""
    x = ensure_tensor(x)
    out = np.ascontiguousarray(np.broadcast_to(x.data[:, None, :], (x.shape[0], n, x.shape[1])))
    return Tensor.from_op(out, (x,), lambda g: (g.sum(axis=1),), name="repeat_vector")


def upsample_nearest(x, size) -> Tensor:
    """Nearest-neighbour upsampling of the spatial axes 1..k of a channels-last batch.

    out[n, i, j, c] = x[n, i // s₁, j // s₂, c];  each input value is copied s₁·s₂ times, so
    dL/dx[n, i, j, c] = Σ over its s₁×s₂ block of dL/dout.
    """
    x = ensure_tensor(x)
    size = tuple(int(s) for s in size)
    k = len(size)
    shape = x.shape
    # view each spatial axis as (length, 1) and broadcast the 1 to s: one copy, no loop
    expanded_shape, target = [shape[0]], [shape[0]]
    for axis, s in enumerate(size, start=1):
        expanded_shape += [shape[axis], 1]
        target += [shape[axis], s]
    expanded_shape.append(shape[-1])
    target.append(shape[-1])
    out = np.broadcast_to(x.data.reshape(expanded_shape), target).reshape(
        (shape[0],) + tuple(shape[a] * s for a, s in enumerate(size, start=1)) + (shape[-1],))

    def backward(g):
        return (g.reshape(target).sum(axis=tuple(2 + 2 * a for a in range(k))),)
    return Tensor.from_op(np.ascontiguousarray(out), (x,), backward, name="upsample_nearest")


def _linear_weights(n_in: int, scale: int, dtype) -> np.ndarray:
    """The (n_in·scale, n_in) matrix of linear interpolation with half-pixel centres (Keras/TF/PyTorch
    ``align_corners=False``): output position p samples the input at (p + ½)/scale − ½, clamped."""
    n_out = n_in * scale
    src = np.clip((np.arange(n_out) + 0.5) / scale - 0.5, 0, n_in - 1)
    low = np.floor(src).astype(int)
    high = np.minimum(low + 1, n_in - 1)
    frac = src - low
    m = np.zeros((n_out, n_in), dtype=dtype)
    np.add.at(m, (np.arange(n_out), low), 1 - frac)
    np.add.at(m, (np.arange(n_out), high), frac)
    return m


def upsample_bilinear(x, size) -> Tensor:
    """Bilinear upsampling of a (N, H, W, C) batch: out = A_h · x · A_wᵀ per sample and channel,
    with A the linear-interpolation matrices (half-pixel centres);  dL/dx = A_hᵀ · g · A_w."""
    x = ensure_tensor(x)
    a_h = _linear_weights(x.shape[1], int(size[0]), x.dtype)
    a_w = _linear_weights(x.shape[2], int(size[1]), x.dtype)
    out = np.einsum("ph,nhwc,qw->npqc", a_h, x.data, a_w, optimize=True)
    return Tensor.from_op(out, (x,), lambda g: (np.einsum("ph,npqc,qw->nhwc", a_h, g, a_w, optimize=True),),
                          name="upsample_bilinear")


__all__ = ["repeat_vector", "upsample_nearest", "upsample_bilinear"]
