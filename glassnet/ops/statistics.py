"""Counting, averaging and searching: average, median, quantile, count_nonzero, isclose, bincount,
searchsorted, digitize, nonzero, in_top_k.

``average`` and ``quantile`` (hence ``median``) are differentiable: the weighted mean passes
wᵢ/Σw back to each value, and a quantile, a linear interpolation between two sorted values,
passes its two weights back to those values. The others count or locate, and give constants.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.creation import _constant
from glassnet.ops.elementwise import _values


def average(x, axis=None, weights=None) -> Tensor:
    """c = Σ wᵢ xᵢ / Σ wᵢ along ``axis`` (the plain mean without weights);
    dL/dxᵢ = dL/dc · wᵢ / Σ w,  dL/dwᵢ = dL/dc · (xᵢ − c) / Σ w."""
    from glassnet.ops import math, reshaping
    x = ensure_tensor(x)
    if weights is None:
        return math.mean(x, axis=axis)
    w = weights if isinstance(weights, Tensor) else Tensor(np.asarray(weights, dtype=x.data.dtype))
    if w.ndim == 1 and x.ndim > 1:
        if axis is None:
            raise ValueError("average: 1-D weights for an N-D x need an axis")
        shape = [1] * x.ndim
        shape[axis] = w.shape[0]
        w = reshaping.reshape(w, shape)
    return math.sum(x * w, axis=axis) / math.sum(w * np.ones_like(x.data), axis=axis)


def quantile(x, q, axis=None, method: str = "linear", keepdims: bool = False) -> Tensor:
    """The q-th quantile(s), 0 ≤ q ≤ 1, of the values along ``axis`` (all of them by default), by linear
    interpolation between the two nearest sorted values (NumPy's default ``method='linear'``):
    position h = (n − 1) q, c = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎);  the gradient goes to those two values."""
    from glassnet.ops import indexing, reshaping
    if method != "linear":
        raise ValueError(f"quantile: glassnet implements method='linear' only, got {method!r}")
    x = ensure_tensor(x)
    qs = np.asarray(_values(q), dtype=np.float64)
    if np.any((qs < 0) | (qs > 1)):
        raise ValueError(f"quantile: q must lie in [0, 1], got {qs}")
    data = reshaping.reshape(x, (-1,)) if axis is None else reshaping.moveaxis(x, axis, -1)
    ordered = indexing.take_along_axis(data, np.argsort(data.data, axis=-1, kind="stable"), axis=-1)
    n = ordered.shape[-1]
    position = (n - 1) * qs.ravel()
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, n - 1)
    frac = (position - low).astype(x.data.dtype)
    lower, upper = indexing.take(ordered, low, axis=-1), indexing.take(ordered, high, axis=-1)
    out = lower + (upper - lower) * frac                        # (..., len(q)), q last
    if qs.ndim == 0:
        out = out[..., 0]
    else:
        out = reshaping.moveaxis(out, -1, 0)                    # NumPy puts the q axis first
    if keepdims:
        if axis is None:
            kept = (1,) * x.ndim
            out = reshaping.reshape(out, out.shape[:qs.ndim] + kept)
        else:
            out = reshaping.expand_dims(out, (axis % x.ndim) + qs.ndim)
    return out


def median(x, axis=None, keepdims: bool = False) -> Tensor:
    """The middle value along ``axis`` (the mean of the two middle ones for an even count)."""
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def count_nonzero(x, axis=None) -> Tensor:
    """How many values are not zero (along ``axis``)."""
    return _constant(np.asarray(np.count_nonzero(_values(x), axis=axis), dtype=np.int32))


def isclose(x1, x2, rtol: float = 1e-5, atol: float = 1e-8, equal_nan: bool = False) -> Tensor:
    """Where |x1 − x2| ≤ atol + rtol·|x2|, elementwise."""
    return _constant(np.isclose(_values(x1), _values(x2), rtol=rtol, atol=atol, equal_nan=equal_nan))


def bincount(x, weights=None, minlength: int = 0, sparse: bool = False) -> Tensor:
    """How often each non-negative integer occurs in x (summing ``weights`` instead of 1 when given);
    a 2-D x counts each row separately, as Keras does."""
    if sparse:
        raise ValueError("bincount: sparse=True is not supported by glassnet (it has no sparse tensors)")
    values = np.asarray(_values(x)).astype(np.int64)
    w = None if weights is None else np.asarray(_values(weights))
    if values.ndim == 1:
        return _constant(np.bincount(values, w, minlength))
    size = max(minlength, int(values.max()) + 1 if values.size else 0)
    rows = [np.bincount(v, None if w is None else w[i], size) for i, v in enumerate(values)]
    return _constant(np.stack(rows))


def searchsorted(sorted_sequence, values, side: str = "left") -> Tensor:
    """The indices where ``values`` would be inserted into ``sorted_sequence`` to keep it sorted."""
    return _constant(np.searchsorted(_values(sorted_sequence), _values(values), side=side).astype(np.int32))


def digitize(x, bins) -> Tensor:
    """The index of the bin each value falls in (``np.digitize``)."""
    return _constant(np.digitize(_values(x), _values(bins)).astype(np.int32))


def nonzero(x) -> tuple[Tensor, ...]:
    """The indices of the non-zero values, one index tensor per axis."""
    return tuple(_constant(i.astype(np.int32)) for i in np.nonzero(_values(x)))


def in_top_k(targets, predictions, k: int) -> Tensor:
    """Whether each row's target class is among its k highest predictions (ties count as in, as Keras)."""
    scores = np.asarray(_values(predictions))
    target = np.asarray(_values(targets)).astype(np.int64).ravel()
    own = scores[np.arange(len(target)), target]
    higher = (scores > own[:, None]).sum(axis=1)
    return _constant(higher < k)


__all__ = ["average", "quantile", "median", "count_nonzero", "isclose", "bincount", "searchsorted", "digitize",
           "nonzero", "in_top_k"]
