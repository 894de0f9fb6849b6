"""Pooling: summarise each window by its maximum or its mean, with the backward rules.

Pooling shrinks a feature map (N, H, W, C) window by window, channel by channel. Both
directions walk the offsets of the window, each a strided view of the whole batch, so
there is no loop over samples or pixels. The forward pass does it one axis at a time (the
maximum of a window is the maximum, over its rows, of each row's maximum): ph + pw − 2
elementwise steps instead of ph·pw − 1, the first of them on long contiguous rows.

    max pooling:      out = max over the window;   dL/dx = dL/dout at the (first) argmax, 0 elsewhere
    average pooling:  out = mean over the window;  dL/dx = dL/dout / (window count), spread evenly

Keras defaults: ``strides = pool_size``, ``padding='valid'``. With ``padding='same'``,
max pooling pads with −∞ (padding never wins) and average pooling divides by the number
of real (not padded) values in each window, as Keras and TensorFlow do.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import math as math_ops
from glassnet.ops import reshaping as shape_ops
from glassnet.ops.conv import _check_strides, _spatial_pads, check_fits, crop_spatial, normalize_tuple, pad_spatial
from glassnet.ops.conv_channels_first import empty_channels_first, is_channels_first
from glassnet.ops.parallel import batch_parts, run_parts


def _prepare(x, pool_size, strides, padding, what):
    x = ensure_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"{what}: expected input (N, H, W, C), got shape {x.shape}")
    pool = normalize_tuple(pool_size, 2, "pool_size")
    strides = pool if strides is None else normalize_tuple(strides, 2, "strides")
    _check_strides(strides, what)
    if any(p <= 0 for p in pool):
        raise ValueError(f"{what}: pool_size must be positive, got {pool}")
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ValueError(f"{what}: padding must be 'valid' or 'same', got {padding!r}")
    pads = _spatial_pads(padding.lower(), x.shape[1:3], pool, strides, (1, 1))
    check_fits(x.shape[1:3], pads, pool, (1, 1), what)
    return x, pool, strides, pads


def _offset_views(xp: np.ndarray, pool, strides, out_hw):
    """For each window offset (u, v): the (N, Ho, Wo, C) view of the values at that offset."""
    (ph, pw), (sh, sw), (ho, wo) = pool, strides, out_hw
    for u in range(ph):
        for v in range(pw):
            yield u, v, xp[:, u: u + sh * (ho - 1) + 1: sh, v: v + sw * (wo - 1) + 1: sw, :]


def _separable(xp: np.ndarray, pool, strides, out_hw, combine, out=None) -> np.ndarray:
    """Reduce every window with ``combine`` (np.maximum or np.add): first down the rows, then across.

    rows[n, i, w, c] = combine over u of xp[n, i·sh + u, w, c]        (N, Ho, Wp, C)
    out[n, i, j, c]  = combine over v of rows[n, i, j·sw + v, c]      (N, Ho, Wo, C)
    """
    (ph, pw), (sh, sw), (ho, wo) = pool, strides, out_hw
    rows = _combine_all([xp[:, u: u + sh * (ho - 1) + 1: sh] for u in range(ph)], combine)
    return _combine_all([rows[:, :, v: v + sw * (wo - 1) + 1: sw] for v in range(pw)], combine, out)


def _combine_all(views: list, combine, out=None) -> np.ndarray:
    """combine(…combine(combine(v0, v1), v2)…) into ``out`` or one new array (the first step writes
    it: no copy pass)."""
    if len(views) == 1:
        if out is None:
            return views[0].copy()
        out[...] = views[0]
        return out
    out = combine(views[0], views[1], out=out)
    for view in views[2:]:
        combine(out, view, out=out)
    return out


def _out_hw(xp_shape, pool, strides):
    return tuple((xp_shape[1 + a] - pool[a]) // strides[a] + 1 for a in range(2))


def max_pool2d(x, pool_size=(2, 2), strides=None, padding="valid") -> Tensor:
    """Max pooling of a (N, H, W, C) batch: out[n, i, j, c] = max_{u,v} x[n, i·sh+u, j·sw+v, c].

    Forward is a running maximum over the window offsets, rows first (see ``_separable``;
    elementwise maxima are several times faster than a reduction over the window axes).
    The gradient goes to the first position of the maximum in each window (as PyTorch does),
    so ties never double a gradient.
    """
    x, pool, strides, pads = _prepare(x, pool_size, strides, padding, "max_pool2d")
    xp = pad_spatial(x.data, pads, value=-np.inf)
    out_hw = _out_hw(xp.shape, pool, strides)
    # a large batch is done in parts at once on several threads (ops/parallel.py), each part alone
    parts = batch_parts(xp.shape[0], xp[:1].nbytes)
    if len(parts) == 1:
        out = _separable(xp, pool, strides, out_hw, np.maximum)
    else:
        shape = (xp.shape[0],) + out_hw + xp.shape[3:]
        # the memory order of the input (a convolution's channel-first output stays channel-first)
        out = (empty_channels_first if is_channels_first(xp) else np.empty)(shape, dtype=xp.dtype)
        run_parts(lambda k: _separable(xp[parts[k]], pool, strides, out_hw, np.maximum, out=out[parts[k]]),
                  len(parts))

    def backward(g):
        tiled = pool == strides and all(out_hw[a] * pool[a] == xp.shape[1 + a] for a in range(2))
        # Non-overlapping windows that cover the input write every place exactly once below,
        # so the gradient needs no zero fill (a fresh zeroed array costs as much as a pass).
        grad = (np.empty_like if tiled else np.zeros_like)(xp, dtype=g.dtype)   # xp's memory order
        if is_channels_first(out) != is_channels_first(g):     # elementwise steps want one memory order
            g = _copy_in_order_of(out, g)
        run_parts(lambda k: _max_pool_backward(xp[parts[k]], out[parts[k]], g[parts[k]], grad[parts[k]],
                                               pool, strides, out_hw), len(parts))
        return (crop_spatial(grad, pads),)
    return Tensor.from_op(out, (x,), backward, name="max_pool2d")


def _copy_in_order_of(like: np.ndarray, values: np.ndarray) -> np.ndarray:
    copy = np.empty_like(like, dtype=values.dtype)
    copy[...] = values
    return copy


def _max_pool_backward(xp, out, g, grad, pool, strides, out_hw) -> None:
    """Write dL/dx_pad into ``grad``: each window's δ goes to the first place of its maximum.

    The offsets are visited in order with ``remaining``, the δ that no earlier offset took
    (δ where the window's maximum has not been met yet, 0 after):

        dL/dx at offset k = remaining_k ⊙ [x_k = out],   remaining_{k+1} = remaining_k − dL/dx at offset k

    (r − r·1 is exactly 0 and r − r·0 exactly r, so the first maximum takes all of δ). This
    takes float passes only: the same rule with boolean masks (hit and not yet taken) was
    about twice as slow, NumPy's boolean ``>`` and ``|`` being slow loops.
    """
    overlapping = pool != strides     # windows that overlap share input places: add, don't write
    offsets = list(zip(_offset_views(xp, pool, strides, out_hw), _offset_views(grad, pool, strides, out_hw)))
    remaining = g
    for k, ((_, _, view), (_, _, target)) in enumerate(offsets):
        hit = view == out
        taken = np.multiply(remaining, hit, out=None if overlapping else target)
        if overlapping:
            target += taken
        if k < len(offsets) - 1:
            remaining = np.subtract(remaining, taken, out=None if remaining is g else remaining)


def avg_pool2d(x, pool_size=(2, 2), strides=None, padding="valid") -> Tensor:
    """Average pooling: out[n, i, j, c] = (1/count) Σ_{u,v} x[n, i·sh+u, j·sw+v, c].

    ``count`` is ph·pw, or with 'same' padding the number of real values in the window.
    dL/dx gets δ / count from every window it belongs to.
    """
    x, pool, strides, pads = _prepare(x, pool_size, strides, padding, "avg_pool2d")
    xp = pad_spatial(x.data, pads)
    out_hw = _out_hw(xp.shape, pool, strides)
    if any(b or a for b, a in pads):
        ones = pad_spatial(np.ones((1,) + x.shape[1:3] + (1,), dtype=x.dtype), pads)
        count = sum(view for _, _, view in _offset_views(ones, pool, strides, out_hw))   # (1, Ho, Wo, 1)
    else:
        count = np.asarray(pool[0] * pool[1], dtype=x.dtype)
    out = _separable(xp, pool, strides, out_hw, np.add) / count

    def backward(g):
        share = g / count
        grad = np.zeros_like(xp, dtype=g.dtype)
        for _, _, target in _offset_views(grad, pool, strides, out_hw):
            target += share
        return (crop_spatial(grad, pads),)
    return Tensor.from_op(out.astype(x.dtype, copy=False), (x,), backward, name="avg_pool2d")


def _as_2d(pool_fn, x, pool_size, strides, padding, what) -> Tensor:
    """Run a 2-D pooling on a (N, L, C) batch seen as (N, 1, L, C)."""
    x = ensure_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"{what}: expected input (N, L, C), got shape {x.shape}")
    (pool,) = normalize_tuple(pool_size, 1, "pool_size")
    stride = pool if strides is None else normalize_tuple(strides, 1, "strides")[0]
    try:
        out = pool_fn(shape_ops.reshape(x, (x.shape[0], 1) + x.shape[1:]), (1, pool), (1, stride), padding)
    except ValueError as err:
        raise ValueError(str(err).replace(pool_fn.__name__, what)) from None
    return shape_ops.reshape(out, (out.shape[0],) + out.shape[2:])


def max_pool1d(x, pool_size=2, strides=None, padding="valid") -> Tensor:
    """Max pooling of a (N, L, C) batch over windows of ``pool_size`` steps."""
    return _as_2d(max_pool2d, x, pool_size, strides, padding, "max_pool1d")


def avg_pool1d(x, pool_size=2, strides=None, padding="valid") -> Tensor:
    """Average pooling of a (N, L, C) batch over windows of ``pool_size`` steps."""
    return _as_2d(avg_pool2d, x, pool_size, strides, padding, "avg_pool1d")


def global_avg_pool(x, keepdims: bool = False) -> Tensor:
    """Mean over every spatial axis: (N, ..., C) → (N, C).  dL/dx = dL/dout / (number of positions)."""
    x = ensure_tensor(x)
    if x.ndim < 3:
        raise ValueError(f"global_avg_pool: expected input (N, ..., C) with at least one spatial axis, "
                         f"got shape {x.shape}")
    return math_ops.mean(x, axis=tuple(range(1, x.ndim - 1)), keepdims=keepdims)


def global_max_pool(x, keepdims: bool = False) -> Tensor:
    """Maximum over every spatial axis: (N, ..., C) → (N, C); the gradient goes to the maximum."""
    x = ensure_tensor(x)
    if x.ndim < 3:
        raise ValueError(f"global_max_pool: expected input (N, ..., C) with at least one spatial axis, "
                         f"got shape {x.shape}")
    return math_ops.max(x, axis=tuple(range(1, x.ndim - 1)), keepdims=keepdims)


__all__ = ["max_pool2d", "avg_pool2d", "max_pool1d", "avg_pool1d", "global_avg_pool", "global_max_pool"]
