"""Transposed 2-D convolution (Keras's ``Conv2DTranspose``), written as a plain convolution.

A convolution with stride s maps each input window to one output value; its transpose spreads
each input value over a k×k window of the output, windows s apart, and sums where they overlap:

    out[n, i·s + u, j·s + v, f] += Σ_c x[n, i, j, c] · W[u, v, f, c]        (W: (kh, kw, filters, C))

Equivalently: put s − 1 zeros between the input's rows and columns, pad k − 1 zeros around,
and run an ordinary stride-1 convolution with the kernel flipped in space and its two channel
axes swapped. That is how it is computed here, from differentiable ops, so the backward pass
comes from theirs. Output size per axis: 'valid' → (H − 1)·s + k; 'same' → H·s.
"""
from __future__ import annotations

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import reshaping
from glassnet.ops.conv import conv2d


def _spread(x: Tensor, strides) -> Tensor:
    """Insert s − 1 zeros between neighbouring rows and columns: (N, H, W, C) → (N, (H−1)s+1, (W−1)s+1, C)."""
    sh, sw = strides
    if sh == 1 and sw == 1:
        return x
    n, h, w, c = x.shape
    x = reshaping.reshape(x, (n, h, 1, w, 1, c))
    x = reshaping.pad(x, ((0, 0), (0, 0), (0, sh - 1), (0, 0), (0, sw - 1), (0, 0)))
    x = reshaping.reshape(x, (n, h * sh, w * sw, c))
    return x[:, :(h - 1) * sh + 1, :(w - 1) * sw + 1, :]


def _same_window(full: int, size: int, kernel: int, stride: int) -> tuple[int, int, int]:
    """(start, stop, extra zeros at the end) that cut the full output to size·stride as Keras's 'same'."""
    start = max(kernel - stride, 0) // 2
    wanted = size * stride
    stop = min(start + wanted, full)
    return start, stop, wanted - (stop - start)


def conv2d_transpose(x, kernel, bias=None, strides=(1, 1), padding: str = "valid") -> Tensor:
    """Transposed convolution of x (N, H, W, C) with kernel (kh, kw, filters, C); see the module docstring."""
    x, kernel = ensure_tensor(x), ensure_tensor(kernel)
    kh, kw, filters, channels = kernel.shape
    if x.ndim != 4 or x.shape[-1] != channels:
        raise ValueError(f"conv2d_transpose: expected input (batch, height, width, {channels}), got {x.shape}")
    if padding not in ("valid", "same"):
        raise ValueError(f"conv2d_transpose: padding must be 'valid' or 'same', got {padding!r}")
    h, w = x.shape[1], x.shape[2]
    spread = reshaping.pad(_spread(x, strides), ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
    flipped = reshaping.transpose(kernel[::-1, ::-1, :, :], (0, 1, 3, 2))  # (kh, kw, C, filters)
    out = conv2d(spread, flipped, None, 1, "valid")
    if padding == "same":
        rows = _same_window(out.shape[1], h, kh, strides[0])
        cols = _same_window(out.shape[2], w, kw, strides[1])
        out = out[:, rows[0]:rows[1], cols[0]:cols[1], :]
        if rows[2] or cols[2]:
            out = reshaping.pad(out, ((0, 0), (0, rows[2]), (0, cols[2]), (0, 0)))
    if bias is not None:
        out = out + bias
    return out
