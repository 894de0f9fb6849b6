"""Convolution as one matrix product (im2col), with its backward rule beside it.

A convolution layer slides a small kernel over the image and takes a dot product at every
place. Written as loops that is four nested loops; written for a computer it is one matrix
product:

1. **im2col** – cut every kh×kw×C window of the (padded) input into one row of a matrix
   ``cols`` of shape (N·H_out·W_out, kh·kw·C). We build it as a strided *view* of the input
   (no copy), then one reshape copies it into a contiguous matrix.
2. **one GEMM** – ``out = cols · W`` with the kernel reshaped to (kh·kw·C, F). The bias is
   the perceptron's trick: a weight on an input that is always 1. ``cols`` gets a last
   column of ones and ``W`` the bias as its last row, so the product adds it (a separate
   ``out + b`` over 6 channels costs as much as the product itself).

The backward pass is two more products:

    dL/d[W; b] = colsᵀ · δ                (kh·kw·C + 1, F): the last row is dL/db = Σ δ
    dL/dcols   = δ · Wᵀ                   (N·H_out·W_out, kh·kw·C)

and **col2im** adds every row of dL/dcols back onto the window it came from (one strided
add per kernel offset, kh·kw of them, each over the whole batch).

Choices made by measurement (benchmarks/bench_conv_im2col_vs_loop.py, LeNet-5 shapes):
with fewer than 4 input channels im2col is copied offset by offset (about 4× faster for
a grey image); col2im computes δ·W[u, v]ᵀ for all offsets in one batched product so that
each add reads a contiguous block (about 3× faster than adding strided slices of
dL/dcols); the textbook alternative for stride 1, dL/dx as a full convolution of δ with
the flipped kernel, measured about 2.5–3× slower than this col2im and is not used.
For stride 1 on a narrow input (LeNet-5's conv2) col2im is one product with the kernel laid
out as a band instead (ops/im2col.py ``col2im_banded``: 1.0 ms against 2.0 ms).

Where the code is: the im2col and col2im helpers in ops/im2col.py; this file's
``_conv2d_channels_last`` is the plain path above and the reference of the tests. An input
with fewer than 4 channels (a grey or colour image) takes a faster path that computes the
same formula with channel-first memory and wide products (ops/conv_channels_first.py).
Inside ``fit``, with several BLAS threads, a large batch is cut into parts computed at once
on several threads and the weight gradients of the parts are summed (ops/parallel.py).

Like the course and like Keras, "convolution" here is *cross-correlation*: the kernel is
not flipped (out[i, j] = Σ x[i+u, j+v] · w[u, v]). Layout is channels-last:
inputs (N, H, W, C), kernels (kh, kw, C, F) as Keras stores them.

Output size along one axis, with input W, kernel F, padding P and stride S:

    W_out = (W − F + 2P) / S + 1       (F replaced by d·(F−1)+1 with dilation d)
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, as_array, ensure_tensor, is_grad_enabled
from glassnet.ops import reshaping as shape_ops
from glassnet.ops.conv_channels_first import conv2d_channels_first, takes_channels_first_path
from glassnet.ops.im2col import col2im, im2col, scratch_matrix, windows2d
from glassnet.ops.parallel import batch_parts, run_parts


# Inference (no backward pass to feed) builds the im2col matrix this many bytes at a time.
INFERENCE_COLS_BYTES = 2 << 20


def conv_output_size(W: int, F: int, P: int = 0, S: int = 1) -> int:
    """The classroom formula: output width = (W − F + 2P) / S + 1.

    Parameters
    ----------
    W : input size, F : kernel size, P : zero padding on each side, S : stride.

    Raises
    ------
    ValueError
        If the kernel does not fit in the padded input, the stride is not positive, or
        (W − F + 2P) is not a multiple of S (the kernel would not tile the input exactly;
        frameworks then silently drop the last rows — the formula with floor).

    Examples
    --------
    >>> conv_output_size(32, 5, 0, 1)   # LeNet's first layer
    28
    >>> conv_output_size(7, 3, 1, 2)
    4
    """
    for name, value in (("W", W), ("F", F), ("P", P), ("S", S)):
        if int(value) != value:
            raise ValueError(f"conv_output_size: {name} must be an integer, got {value!r}")
    if S <= 0:
        raise ValueError(f"conv_output_size: stride S must be positive, got S={S}")
    if F <= 0 or W <= 0 or P < 0:
        raise ValueError(f"conv_output_size: need W > 0, F > 0, P >= 0, got W={W}, F={F}, P={P}")
    span = W - F + 2 * P
    if span < 0:
        raise ValueError(f"conv_output_size: kernel F={F} is larger than the padded input "
                         f"W + 2P = {W + 2 * P}")
    if span % S:
        raise ValueError(f"conv_output_size: (W − F + 2P) / S + 1 = ({W} − {F} + {2 * P}) / {S} + 1 "
                         f"= {span / S + 1:g} is not an integer; choose P or S so that S divides "
                         f"W − F + 2P = {span}")
    return span // S + 1


def normalize_tuple(value, n: int, name: str) -> tuple[int, ...]:
    """An int or a sequence of n ints → a tuple of n ints (Keras accepts both)."""
    if isinstance(value, (int, np.integer)):
        value = (int(value),) * n
    value = tuple(value)
    if len(value) != n or not all(isinstance(v, (int, np.integer)) for v in value):
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, got {value!r}")
    return tuple(int(v) for v in value)


def padding_amounts(size: int, kernel: int, stride: int, dilation: int, padding) -> tuple[int, int]:
    """Zeros to add (before, after) along one axis.

    'valid' adds none. 'same' (Keras/TensorFlow rule) makes the output ceil(size / stride)
    long and puts the odd zero, if any, *after*: total = max((out−1)·S + F_eff − size, 0),
    before = total // 2. An int P pads P on both sides; a pair (before, after) is taken as is.
    """
    effective = dilation * (kernel - 1) + 1
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0)
        if mode == "same":
            out = -(-size // stride)
            total = max((out - 1) * stride + effective - size, 0)
            return (total // 2, total - total // 2)
        raise ValueError(f"padding must be 'valid', 'same', an int or (before, after) pairs, got {padding!r}")
    if isinstance(padding, (int, np.integer)):
        if padding < 0:
            raise ValueError(f"padding must be >= 0, got {padding}")
        return (int(padding), int(padding))
    before, after = padding
    if before < 0 or after < 0:
        raise ValueError(f"padding must be >= 0, got {padding!r}")
    return (int(before), int(after))


def _spatial_pads(padding, sizes, kernel, strides, dilation) -> list[tuple[int, int]]:
    """One (before, after) pair per spatial axis, from any accepted padding spelling."""
    n = len(sizes)
    if isinstance(padding, (tuple, list)) and len(padding) == n and not isinstance(padding[0], (int, np.integer)):
        per_axis = list(padding)          # ((top, bottom), (left, right))
    elif isinstance(padding, (tuple, list)) and len(padding) == n:
        per_axis = [int(p) for p in padding]  # (pad_h, pad_w)
    else:
        per_axis = [padding] * n
    return [padding_amounts(sizes[a], kernel[a], strides[a], dilation[a], per_axis[a]) for a in range(n)]


def pad_spatial(x: np.ndarray, pads, value: float = 0.0) -> np.ndarray:
    """Pad axes 1..k of a channels-last batch; returns ``x`` itself when no padding."""
    if not any(b or a for b, a in pads):
        return x
    widths = [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)]
    return np.pad(x, widths, constant_values=value)


def crop_spatial(x: np.ndarray, pads) -> np.ndarray:
    """Undo pad_spatial (used for gradients)."""
    if not any(b or a for b, a in pads):
        return x
    index = (slice(None),) + tuple(slice(b, x.shape[i + 1] - a) for i, (b, a) in enumerate(pads)) + (slice(None),)
    return x[index]


def check_fits(sizes, pads, kernel, dilation, what: str) -> None:
    """Clear error when a (dilated) kernel is larger than the padded input."""
    for axis, (size, (b, a), k, d) in enumerate(zip(sizes, pads, kernel, dilation)):
        effective = d * (k - 1) + 1
        if size + b + a < effective:
            raise ValueError(
                f"{what}: the kernel (size {tuple(kernel)}, dilation {tuple(dilation)}) is larger than the "
                f"padded input along spatial axis {axis}: input spatial shape {tuple(sizes)}, padded to "
                f"{size + b + a}, kernel spans {effective}")


def _check_strides(strides, what: str) -> None:
    if any(s <= 0 for s in strides):
        raise ValueError(f"{what}: strides must be positive, got {tuple(strides)}")


def _weight_matrix(kernel: np.ndarray, bias) -> np.ndarray:
    """The kernel as a (kh·kw·C, F) matrix, with the bias as one more row when there is one."""
    w_mat = kernel.reshape(-1, kernel.shape[-1])
    return w_mat if bias is None else np.concatenate([w_mat, bias.data[None].astype(w_mat.dtype)])


def conv2d(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1) -> Tensor:
    """2-D convolution (cross-correlation) of a channels-last batch, as one matrix product.

    out[n, i, j, f] = Σ_{u,v,c} x_pad[n, i·sh + u·dh, j·sw + v·dw, c] · w[u, v, c, f]  (+ b[f])

    Parameters
    ----------
    x : Tensor (N, H, W, C)
    kernel : Tensor (kh, kw, C, F)
    bias : Tensor (F,), optional — added by the product itself (a column of ones in cols)
    strides, dilation_rate : int or (int, int)
    padding : 'valid', 'same', int, (ph, pw) or ((top, bottom), (left, right))

    Backward: with cols the im2col matrix and δ = dL/dout reshaped to (N·Ho·Wo, F),
    [dL/dW; dL/db] = colsᵀ·δ (dL/db = Σ δ comes from the ones column), dL/dx = col2im(δ·Wᵀ).
    """
    x, kernel = ensure_tensor(x), ensure_tensor(kernel)
    if x.ndim != 4 or kernel.ndim != 4:
        raise ValueError(f"conv2d: expected input (N, H, W, C) and kernel (kh, kw, C, F), "
                         f"got input shape {x.shape} and kernel shape {kernel.shape}")
    kh, kw, c_in, n_filters = kernel.shape
    if x.shape[-1] != c_in:
        raise ValueError(f"conv2d: input has {x.shape[-1]} channels (shape {x.shape}) but the kernel "
                         f"expects {c_in} (kernel shape {kernel.shape})")
    strides = normalize_tuple(strides, 2, "strides")
    dilation = normalize_tuple(dilation_rate, 2, "dilation_rate")
    _check_strides(strides, "conv2d")
    if any(d <= 0 for d in dilation):
        raise ValueError(f"conv2d: dilation_rate must be positive, got {dilation}")
    pads = _spatial_pads(padding, x.shape[1:3], (kh, kw), strides, dilation)
    check_fits(x.shape[1:3], pads, (kh, kw), dilation, "conv2d")

    bias = None if bias is None else ensure_tensor(bias)
    needs_graph = is_grad_enabled() and any(t.requires_grad for t in (x, kernel, bias) if t is not None)
    if takes_channels_first_path(x.data):    # the same numbers, laid out for speed (conv_channels_first.py)
        return conv2d_channels_first(x, kernel, bias, pads, strides, dilation, needs_graph,
                                     scratch_matrix, INFERENCE_COLS_BYTES)
    return _conv2d_channels_last(x, kernel, bias, pads, strides, dilation, needs_graph)


def _conv2d_channels_last(x, kernel, bias, pads, strides, dilation, needs_graph) -> Tensor:
    """conv2d on channels-last memory, as the module text says: the reference the fast path is tested against."""
    kh, kw, c_in, n_filters = kernel.shape
    xp = pad_spatial(np.ascontiguousarray(x.data), pads)   # the window copies want runs of C floats
    n, ho, wo = windows2d(xp, (kh, kw), strides, dilation).shape[:3]
    w_mat = _weight_matrix(kernel.data, bias)
    with_ones = bias is not None
    out = np.empty((n, ho, wo, n_filters), dtype=np.result_type(xp.dtype, w_mat.dtype))
    if not needs_graph:
        # Inference keeps no im2col matrix for a backward pass, so it goes through the batch
        # in slices whose matrix fits in the cache (several times faster on large batches).
        per_sample = ho * wo * kh * kw * c_in * xp.dtype.itemsize
        step = max(1, INFERENCE_COLS_BYTES // max(per_sample, 1))
        parts = batch_parts(n, per_sample)

        def infer_part(k):        # each thread has its own scratch memory
            for i in range(parts[k].start, parts[k].stop, step):
                end = min(i + step, parts[k].stop)
                cols = im2col(xp[i:end], (kh, kw), strides, dilation, with_ones, reuse=True)
                np.matmul(cols, w_mat, out=out[i:end].reshape(-1, n_filters))
        run_parts(infer_part, len(parts))
        return Tensor.from_op(out, (), None, name="conv2d")
    # A large batch may be cut into parts computed at once on several threads (ops/parallel.py);
    # each part is this same code on its samples, and the parts' weight gradients are summed.
    parts = batch_parts(n, ho * wo * (kh * kw * c_in + 1) * xp.dtype.itemsize)
    cols = [None] * len(parts)

    def forward_part(k):
        cols[k] = im2col(xp[parts[k]], (kh, kw), strides, dilation, with_ones)
        np.matmul(cols[k], w_mat, out=out[parts[k]].reshape(-1, n_filters))
    run_parts(forward_part, len(parts))

    def backward(g):
        wants_w = kernel.requires_grad or (bias is not None and bias.requires_grad)
        gxp = np.zeros(xp.shape, dtype=g.dtype) if x.requires_grad else None

        def backward_part(k):
            g2 = g[parts[k]].reshape(-1, n_filters)
            if x.requires_grad:
                col2im(g2, kernel.data, xp[parts[k]].shape, (ho, wo), strides, dilation, out=gxp[parts[k]])
            return cols[k].T @ g2 if wants_w else None     # [dL/dW; dL/db]: the ones column gives Σ δ
        gwbs = run_parts(backward_part, len(parts))
        gx = gw = gb = None
        if wants_w:
            gwb = gwbs[0] if len(gwbs) == 1 else np.sum(gwbs, axis=0)
            gw = gwb[:kh * kw * c_in].reshape(kernel.shape)
            gb = gwb[-1] if with_ones else None
        if x.requires_grad:
            gx = crop_spatial(gxp, pads)
        return (gx, gw) if bias is None else (gx, gw, gb)

    parents = (x, kernel) if bias is None else (x, kernel, bias)
    return Tensor.from_op(out, parents, backward, name="conv2d")


def conv1d(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1) -> Tensor:
    """1-D convolution of a (N, L, C) batch with a (k, C, F) kernel: a conv2d of height 1.

    out[n, i, f] = Σ_{u,c} x_pad[n, i·s + u·d, c] · w[u, c, f]  (+ b[f])
    """
    x, kernel = ensure_tensor(x), ensure_tensor(kernel)
    if x.ndim != 3 or kernel.ndim != 3:
        raise ValueError(f"conv1d: expected input (N, L, C) and kernel (k, C, F), "
                         f"got input shape {x.shape} and kernel shape {kernel.shape}")
    (stride,) = normalize_tuple(strides, 1, "strides")
    (dilation,) = normalize_tuple(dilation_rate, 1, "dilation_rate")
    _check_strides((stride,), "conv1d")
    if dilation <= 0:
        raise ValueError(f"conv1d: dilation_rate must be positive, got {dilation}")
    if isinstance(padding, list):
        padding = tuple(padding)
    pad2d = ((0, 0), padding_amounts(x.shape[1], kernel.shape[0], stride, dilation, padding))
    x4 = shape_ops.reshape(x, (x.shape[0], 1) + x.shape[1:])
    k4 = shape_ops.reshape(kernel, (1,) + kernel.shape)
    try:
        out = conv2d(x4, k4, bias, strides=(1, stride), padding=pad2d, dilation_rate=(1, dilation))
    except ValueError as err:
        raise ValueError(str(err).replace("conv2d", "conv1d")) from None
    return shape_ops.reshape(out, (out.shape[0],) + out.shape[2:])


def convolve2d(image, kernel, padding=0, strides=1) -> np.ndarray:
    """Slide one 2-D kernel over one 2-D image — the classroom convolution.

    out[i, j] = Σ_u Σ_v image_pad[i·S + u, j·S + v] · kernel[u, v]

    This is cross-correlation (the kernel is *not* flipped), as in the course and in Keras.
    ``padding`` is 'valid', 'same', or an int P of zeros on every side; the output is
    ``conv_output_size(W, F, P, S)`` on each axis. Returns a plain ndarray.

    Examples
    --------
    >>> image = np.zeros((6, 6)); image[:, :3] = 1
    >>> convolve2d(image, [[1, 0, -1]] * 3)[0]      # a vertical edge lights up
    array([0., 3., 3., 0.])
    """
    image, kernel = as_array(image), as_array(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"convolve2d: expected a 2-D image and a 2-D kernel, got shapes "
                         f"{image.shape} and {kernel.shape}")
    dtype = np.result_type(image.dtype, kernel.dtype)
    out = conv2d(Tensor(image[None, :, :, None].astype(dtype, copy=False)),
                 Tensor(kernel[:, :, None, None].astype(dtype, copy=False)),
                 strides=strides, padding=padding)
    return out.data[0, :, :, 0]


__all__ = ["conv_output_size", "conv1d", "conv2d", "convolve2d", "padding_amounts"]
