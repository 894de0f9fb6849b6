"""im2col and col2im: a batch's windows as the rows of one matrix, and the way back.

The helpers of conv2d's channels-last path (ops/conv.py tells the whole story):

- ``im2col`` cuts every kh×kw×C window of a padded (N, Hp, Wp, C) batch into one row of a
  matrix ``cols`` (N·Ho·Wo, kh·kw·C), from a strided view of the batch (``windows2d``, no
  copy) copied once; with fewer than 4 channels it copies whole shifted images instead, one
  per kernel offset (``im2col_offset_major``), about 4× faster for a grey image.
- ``col2im`` adds the rows of dL/dcols back onto the windows they came from; for stride 1 on
  a narrow input it computes the same sums as a few products with the kernel laid out as a
  band (``col2im_banded``), about twice as fast for LeNet-5's second convolution.
"""
from __future__ import annotations

import math
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

# Below this many input channels im2col copies whole shifted images (see im2col_offset_major).
OFFSET_MAJOR_MAX_CHANNELS = 4


def windows2d(xp: np.ndarray, window, strides, dilation) -> np.ndarray:
    """All windows of a padded (N, Hp, Wp, C) batch as a strided view (N, Ho, Wo, kh, kw, C).

    No data is copied: window (i, j), element (u, v) is xp[:, i·sh + u·dh, j·sw + v·dw, :].
    """
    n, hp, wp, c = xp.shape
    (kh, kw), (sh, sw), (dh, dw) = window, strides, dilation
    ho = (hp - (dh * (kh - 1) + 1)) // sh + 1
    wo = (wp - (dw * (kw - 1) + 1)) // sw + 1
    bn, bh, bw, bc = xp.strides
    return as_strided(xp, shape=(n, ho, wo, kh, kw, c),
                      strides=(bn, bh * sh, bw * sw, bh * dh, bw * dw, bc), writeable=False)


def _offset_slices(u: int, v: int, out_hw, strides, dilation) -> tuple:
    """Index of the input pixels that kernel offset (u, v) touches, for every output position."""
    (ho, wo), (sh, sw), (dh, dw) = out_hw, strides, dilation
    return (slice(None), slice(u * dh, u * dh + sh * (ho - 1) + 1, sh),
            slice(v * dw, v * dw + sw * (wo - 1) + 1, sw), slice(None))


_scratch = threading.local()


def scratch_matrix(shape, dtype) -> np.ndarray:
    """An uninitialised array that reuses this thread's scratch memory (for inference's im2col).

    A fresh 2 MB array per batch slice would cost more than filling it: freed memory goes back
    to the operating system and returns page by page (page faults, about 0.5 ms per 2 MB).
    The array is only valid until the next call in the same thread.
    """
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    memory = getattr(_scratch, "memory", None)
    if memory is None or memory.nbytes < nbytes:
        memory = _scratch.memory = np.empty(nbytes, dtype=np.uint8)
    return memory[:nbytes].view(dtype).reshape(shape)


def im2col_offset_major(xp: np.ndarray, window, out_hw, strides, dilation, ones_row: bool,
                        reuse: bool) -> np.ndarray:
    """im2col stored transposed, (kh·kw·C, N·Ho·Wo): one block copy per kernel offset.

    With few channels (a grey image: C = 1) the window view's innermost runs are a single
    number long and copying it is slow; copying whole shifted images, one per offset, is
    about four times faster. ``cols = result.T`` (a free transposed view) feeds BLAS as is.
    ``ones_row`` adds a last row of ones (the bias input); ``reuse`` builds it in the
    thread's scratch memory (valid until the next reuse).
    """
    (kh, kw), (ho, wo) = window, out_hw
    n, c = xp.shape[0], xp.shape[-1]
    shape = (kh * kw * c + ones_row, n * ho * wo)
    cols_t = scratch_matrix(shape, xp.dtype) if reuse else np.empty(shape, dtype=xp.dtype)
    blocks = cols_t[:kh * kw * c].reshape(kh, kw, c, n, ho, wo)    # a view: rows split, columns split
    for u in range(kh):
        for v in range(kw):
            blocks[u, v] = xp[_offset_slices(u, v, out_hw, strides, dilation)].transpose(3, 0, 1, 2)
    if ones_row:
        cols_t[-1] = 1
    return cols_t


def im2col(xp: np.ndarray, window, strides, dilation, ones_column: bool = False, reuse: bool = False) -> np.ndarray:
    """The im2col matrix (N·Ho·Wo, kh·kw·C) of a padded batch, plus a column of ones if asked.

    Few channels: the offset-major copy, transposed (an F-ordered view). Otherwise one copy
    of the strided window view into the matrix's rows. ``reuse``: see ``scratch_matrix``.
    """
    win = windows2d(xp, window, strides, dilation)
    n, ho, wo, kh, kw, c = win.shape
    if c < OFFSET_MAJOR_MAX_CHANNELS:
        return im2col_offset_major(xp, window, (ho, wo), strides, dilation, ones_column, reuse).T
    shape = (n * ho * wo, kh * kw * c + ones_column)
    cols = scratch_matrix(shape, xp.dtype) if reuse else np.empty(shape, dtype=xp.dtype)
    cols[:, :kh * kw * c].reshape(win.shape)[...] = win      # the one copy: im2col
    if ones_column:
        cols[:, -1] = 1
    return cols


def col2im(delta: np.ndarray, kernel: np.ndarray, padded_shape, out_hw, strides, dilation,
           out: np.ndarray | None = None) -> np.ndarray:
    """dL/dx_pad from δ (N·Ho·Wo, F): one product per kernel offset, added where that offset read.

    Overlapping windows share input pixels, so their gradients add up. The products
    δ · W[u, v]ᵀ for all kh·kw offsets are one batched matmul, (kh·kw, N·Ho·Wo, C); each
    block is added with one strided, whole-batch add (no np.add.at, no loop over pixels).
    ``out``: an array of zeros of ``padded_shape`` to add into (else a new one).

    For stride 1 on a narrow image the same numbers come faster from ``col2im_banded``
    (it is used then; this per-offset form is the reference its tests compare against).
    """
    if out is None:
        out = np.zeros(padded_shape, dtype=delta.dtype)
    if takes_banded_path(kernel.shape, padded_shape, strides, dilation):
        return col2im_banded(delta, kernel, out_hw, out)
    return col2im_per_offset(delta, kernel, out_hw, strides, dilation, out)


def col2im_per_offset(delta, kernel, out_hw, strides, dilation, out) -> np.ndarray:
    """col2im as its docstring says: kh·kw products δ·W[u, v]ᵀ, each added where offset (u, v) read."""
    kh, kw, c_in, n_filters = kernel.shape
    blocks = np.matmul(delta, kernel.reshape(kh * kw, c_in, n_filters).transpose(0, 2, 1))
    blocks = blocks.reshape((kh, kw, out.shape[0]) + tuple(out_hw) + (c_in,))
    for u in range(kh):
        for v in range(kw):
            out[_offset_slices(u, v, out_hw, strides, dilation)] += blocks[u, v]
    return out


# The banded col2im loops over blocks of kw output columns in Python: kept for narrow inputs.
BANDED_MAX_WIDTH_PER_KERNEL = 3


def takes_banded_path(kernel_shape, padded_shape, strides, dilation) -> bool:
    """Stride 1, no dilation, and a padded width of at most 3 kernel widths (LeNet-5's conv2: 14 / 5)."""
    kw, wp = kernel_shape[1], padded_shape[2]
    return (tuple(strides) == (1, 1) and tuple(dilation) == (1, 1)
            and wp <= BANDED_MAX_WIDTH_PER_KERNEL * kw)


def banded_kernel(kernel: np.ndarray, columns: int) -> np.ndarray:
    """The kernel as a banded (columns·F, kh·(columns + kw − 1)·C) matrix.

    B[(j, f), (u, x, c)] = W[u, x − j, c, f] where 0 ≤ x − j < kw, 0 elsewhere: output column j
    of a block reaches input columns j … j + kw − 1 of the block's span.
    """
    kh, kw, c_in, n_filters = kernel.shape
    band = np.zeros((columns, n_filters, kh, columns + kw - 1, c_in), dtype=kernel.dtype)
    per_filter = kernel.transpose(3, 0, 1, 2)                       # (F, kh, kw, C)
    for j in range(columns):
        band[j, :, :, j:j + kw] = per_filter
    return band.reshape(columns * n_filters, -1)


def col2im_banded(delta: np.ndarray, kernel: np.ndarray, out_hw, out: np.ndarray) -> np.ndarray:
    """col2im for stride 1 as a few products with a banded kernel, then adds of whole row pieces.

    Input row i + u of a sample gets, from output row i, the product of that row's δ
    (Wo·F numbers, contiguous in channels-last memory) with kernel row u laid out as a band:

        dL/dx_pad[n, i + u, x, c] += Σ_{j, f} δ[n, i, j, f] · W[u, x − j, c, f]     (0 ≤ x − j < kw)

    The output columns go in blocks of kw: block [j0, j0 + kw) reaches input columns
    [j0, j0 + 2kw − 1), so for every u at once it is one product (N·Ho, kw·F) · (kw·F, kh·(2kw − 1)·C),
    well shaped for BLAS (the per-offset products have only C = 6 columns for LeNet-5's conv2,
    which BLAS runs slowly), and each of the kh adds per block writes runs of (2kw − 1)·C
    contiguous numbers (the per-offset adds write runs of C). The price: the band holds zeros,
    (2kw − 1) / kw times the multiply-adds. LeNet-5's conv2, batch 64, 1 thread: 1.0 ms against
    2.0 ms (one block over all of Wo, 2.8× the multiply-adds: 1.2 ms).
    """
    kh, kw, c_in, n_filters = kernel.shape
    (ho, wo), n = out_hw, out.shape[0]
    rows_of_delta = delta.reshape(n * ho, wo * n_filters)
    kernel = kernel.astype(delta.dtype, copy=False)
    for j0 in range(0, wo, kw):
        columns = min(kw, wo - j0)
        span = columns + kw - 1
        band = banded_kernel(kernel, columns)
        rows = (rows_of_delta[:, j0 * n_filters:(j0 + columns) * n_filters] @ band).reshape(n, ho, kh, span, c_in)
        for u in range(kh):
            out[:, u:u + ho, j0:j0 + span] += rows[:, :, u]
    return out
