"""The fast path of conv2d for few channels: the same convolution, computed channel-first.

The formula is conv2d's (ops/conv.py, the reference this path is tested against):

    out[n, i, j, f] = Σ_{u,v,c} x_pad[n, i·sh + u·dh, j·sw + v·dw, c] · w[u, v, c, f]  (+ b[f])

only the memory is laid out another way. With 6 or 16 filters the reference's product
cols·W has an output 6 or 16 numbers wide, which BLAS computes at a fraction of its speed,
and pooling and col2im then walk runs of 6 or 16 floats. Here every array of the layer is
kept channel-first in memory, (C, N, H, W), and the products are turned around:

    cols_t  = im2col stored transposed       (kh·kw·C + 1, N·Ho·Wo): one block copy per offset
    out_t   = [W; b]ᵀ · cols_t               (F, N·Ho·Wo): a wide product, fast
    dL/d[W; b] = (δ_t · cols_tᵀ)ᵀ            δ_t = dL/dout channel-first, (F, N·Ho·Wo)
    dL/dcols_t = W · δ_t                     (kh·kw·C, N·Ho·Wo): again wide
    dL/dx_pad  = col2im: block (u, v) of dL/dcols_t added where offset (u, v) read

The arrays handed to the next layer keep Keras's shape (N, H, W, C): they are transposed
*views* of the channel-first memory (``out_t.transpose(1, 2, 3, 0)``, no copy). NumPy works on
any memory order, so every other operation gives the same numbers; the activation and the
pooling that follow keep the order (NumPy's elementwise results follow their inputs' memory),
and so walk long rows along W. A convolution with more input channels copies its input back
into channels-last order first (the reference path's window copies read runs of C floats):
for LeNet-5, conv1 – ReLU – pool runs channel-first, conv2 onwards channels-last.

Measured (1 thread, batch 64, LeNet-5's conv1): forward 1.55 → 1.07 ms, weight gradient
0.87 → 0.69 ms. Not used for more channels because there it lost: the channel-first im2col
and col2im copy runs only Wo floats long (10 for conv2) against kw·C (30) channels-last,
and the products of both layouts ran at the same speed (see benchmarks/profile_notes.md).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops.parallel import batch_parts, run_parts

# Below this many input channels an image's im2col is copied offset by offset, channel-first.
FEW_CHANNELS = 4


def is_channels_first(a: np.ndarray) -> bool:
    """Whether a (N, H, W, C) array is a view of channel-first (C, N, H, W) memory."""
    return a.ndim == 4 and a.transpose(3, 0, 1, 2).flags.c_contiguous


def empty_channels_first(shape, dtype) -> np.ndarray:
    """An uninitialised (N, H, W, C) array laid out channel-first in memory."""
    n, h, w, c = shape
    return np.empty((c, n, h, w), dtype=dtype).transpose(1, 2, 3, 0)


def takes_channels_first_path(x: np.ndarray) -> bool:
    """Whether conv2d should take this path: an input of few channels (a grey or colour image)."""
    return x.shape[-1] < FEW_CHANNELS


def pad_channels_first(x: np.ndarray, pads) -> np.ndarray:
    """The (C, N, Hp, Wp) zero-padded input, as channel-first memory (x itself when no padding)."""
    x_t = x.transpose(3, 0, 1, 2)
    (top, bottom), (left, right) = pads
    if not (top or bottom or left or right):
        return x_t
    c, n, h, w = x_t.shape
    xp_t = np.zeros((c, n, h + top + bottom, w + left + right), dtype=x.dtype)
    xp_t[:, :, top:top + h, left:left + w] = x_t
    return xp_t


def _offset_index(u, v, out_hw, strides, dilation, part=slice(None)) -> tuple:
    """Index into (C, N, Hp, Wp) of the pixels that kernel offset (u, v) reads, for one batch part."""
    (ho, wo), (sh, sw), (dh, dw) = out_hw, strides, dilation
    return (slice(None), part, slice(u * dh, u * dh + sh * (ho - 1) + 1, sh),
            slice(v * dw, v * dw + sw * (wo - 1) + 1, sw))


def im2col_t(xp_t, window, out_hw, strides, dilation, part, cols_t: np.ndarray) -> np.ndarray:
    """Fill ``cols_t`` (kh·kw·C [+ 1], n·Ho·Wo), rows ordered (u, v, c), with one batch part's windows."""
    (kh, kw), c = window, xp_t.shape[0]
    n = len(range(*part.indices(xp_t.shape[1])))
    blocks = cols_t[:kh * kw * c].reshape((kh, kw, c, n) + tuple(out_hw))
    for u in range(kh):
        for v in range(kw):
            blocks[u, v] = xp_t[_offset_index(u, v, out_hw, strides, dilation, part)]
    if cols_t.shape[0] > kh * kw * c:
        cols_t[-1] = 1          # the bias input
    return cols_t


def conv2d_channels_first(x: Tensor, kernel: Tensor, bias: Tensor | None, pads, strides, dilation,
                          needs_graph: bool, scratch, inference_bytes: int) -> Tensor:
    """conv2d (checked arguments, ``pads`` per axis) computed channel-first; see the module text.

    Without a graph to record (inference), im2col is built ``inference_bytes`` at a time in the
    reusable memory that ``scratch(shape, dtype)`` gives (conv.scratch_matrix).
    """
    kh, kw, c_in, n_filters = kernel.shape
    xp_t = pad_channels_first(x.data, pads)
    _, n, hp, wp = xp_t.shape
    ho = (hp - (dilation[0] * (kh - 1) + 1)) // strides[0] + 1
    wo = (wp - (dilation[1] * (kw - 1) + 1)) // strides[1] + 1
    rows = kh * kw * c_in + (bias is not None)
    w_t = kernel.data.reshape(-1, n_filters).T                          # (F, kh·kw·C)
    if bias is not None:
        w_t = np.concatenate([w_t, bias.data[:, None].astype(w_t.dtype)], axis=1)
    dtype = np.result_type(xp_t.dtype, w_t.dtype)
    out_t = np.empty((n_filters, n, ho, wo), dtype=dtype)
    per_sample = ho * wo * rows * xp_t.dtype.itemsize
    parts = batch_parts(n, per_sample)
    inference_step = max(1, inference_bytes // per_sample)
    cols = [None] * len(parts)

    def convolve(piece: slice, memory: np.ndarray) -> np.ndarray:
        cols_t = im2col_t(xp_t, (kh, kw), (ho, wo), strides, dilation, piece, memory)
        np.matmul(w_t, cols_t, out=out_t[:, piece].reshape(n_filters, memory.shape[1]))
        return cols_t

    def forward_part(k):
        part = parts[k]
        if needs_graph:           # the im2col matrix is kept for the backward pass
            cols[k] = convolve(part, np.empty((rows, (part.stop - part.start) * ho * wo), xp_t.dtype))
            return
        # inference keeps no im2col matrix: the part goes in slices of ``inference_step`` samples,
        # built in this thread's scratch memory (see conv2d)
        for start in range(part.start, part.stop, inference_step):
            piece = slice(start, min(start + inference_step, part.stop))
            convolve(piece, scratch((rows, (piece.stop - piece.start) * ho * wo), xp_t.dtype))
    run_parts(forward_part, len(parts))
    out = out_t.transpose(1, 2, 3, 0)
    if not needs_graph:
        return Tensor.from_op(out, (), None, name="conv2d")

    def backward(g):
        g_t = np.ascontiguousarray(g.transpose(3, 0, 1, 2))            # a view when g is channel-first
        wants_w = kernel.requires_grad or (bias is not None and bias.requires_grad)
        gxp_t = np.zeros(xp_t.shape, dtype=g.dtype) if x.requires_grad else None

        def backward_part(k):
            part, size = parts[k], parts[k].stop - parts[k].start
            g2_t = g_t[:, part].reshape(n_filters, size * ho * wo)               # (F, n·Ho·Wo)
            if x.requires_grad:
                blocks = (w_t[:, :kh * kw * c_in].T @ g2_t).reshape((kh, kw, c_in, size, ho, wo))
                for u in range(kh):
                    for v in range(kw):
                        gxp_t[_offset_index(u, v, (ho, wo), strides, dilation, part)] += blocks[u, v]
            return g2_t @ cols[k].T if wants_w else None               # (F, rows): [dL/dW; dL/db]ᵀ
        gwbs = run_parts(backward_part, len(parts))
        gx = gw = gb = None
        if wants_w:
            gwb_t = gwbs[0] if len(gwbs) == 1 else np.sum(gwbs, axis=0)
            gw = np.ascontiguousarray(gwb_t[:, :kh * kw * c_in].T).reshape(kernel.shape)
            gb = gwb_t[:, -1] if bias is not None else None
        if x.requires_grad:
            (top, bottom), (left, right) = pads
            gx = gxp_t[:, :, top:hp - bottom, left:wp - right].transpose(1, 2, 3, 0)
        return (gx, gw) if bias is None else (gx, gw, gb)

    parents = (x, kernel) if bias is None else (x, kernel, bias)
    return Tensor.from_op(out, parents, backward, name="conv2d")


__all__ = ["conv2d_channels_first", "empty_channels_first", "is_channels_first", "takes_channels_first_path"]
