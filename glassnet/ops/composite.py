"""Keras ops built from other ops (so their gradients come from those ops' rules), and eager control flow.

    moments(x, axes)                    (mean, variance) over the axes
    normalize(x, axis, order)           x / ‖x‖ along the axis
    binary_crossentropy(t, o)           −[t log o + (1 − t) log(1 − o)], elementwise
    categorical_crossentropy(t, o)      −Σ t log o along the axis, per sample
    sparse_categorical_crossentropy     −log o[label], per sample
    cond, fori_loop, while_loop, vectorized_map, map: Python control flow (glassnet runs eagerly)
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops import elementwise as E
from glassnet.ops import math as M
from glassnet.ops import nn
from glassnet.ops import reductions as R
from glassnet.ops import reshaping

_EPSILON = 1e-7   # Keras's backend.epsilon(), which its crossentropies clip probabilities with


def moments(x, axes, keepdims: bool = False, synchronized: bool = False) -> tuple[Tensor, Tensor]:
    """Mean and (population) variance of ``x`` over ``axes``."""
    return M.mean(x, axis=axes, keepdims=keepdims), R.var(x, axis=axes, keepdims=keepdims)


def normalize(x, axis: int = -1, order: int = 2, epsilon: float | None = None) -> Tensor:
    """x / max(‖x‖_order, ε) along ``axis`` (rows of zeros stay zeros)."""
    norm = R.norm(x, ord=order, axis=axis, keepdims=True)
    return M.divide(x, M.maximum(norm, 1e-12 if epsilon is None else epsilon))


def binary_crossentropy(target, output, from_logits: bool = False) -> Tensor:
    """Elementwise −[t log o + (1 − t) log(1 − o)]; with logits z: max(z, 0) − z·t + log(1 + e^{−|z|})."""
    output, target = ensure_tensor(output), ensure_tensor(target, dtype=None)
    if from_logits:
        z = output
        return M.add(M.subtract(nn.relu(z), M.multiply(z, target)), E.log1p(M.exp(M.negative(M.abs(z)))))
    o = M.clip(output, _EPSILON, 1 - _EPSILON)
    return M.negative(M.add(M.multiply(target, M.log(o)),
                            M.multiply(M.subtract(1.0, target), M.log(M.subtract(1.0, o)))))


def categorical_crossentropy(target, output, from_logits: bool = False, axis: int = -1) -> Tensor:
    """Per sample −Σ t log p along ``axis`` (p = softmax(output) with logits, else output / Σ output)."""
    output = ensure_tensor(output)
    if from_logits:
        log_p = nn.log_softmax(output, axis=axis)
    else:
        p = M.divide(output, M.sum(output, axis=axis, keepdims=True))
        log_p = M.log(M.clip(p, _EPSILON, 1 - _EPSILON))
    return M.negative(M.sum(M.multiply(target, log_p), axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits: bool = False, axis: int = -1) -> Tensor:
    """Per sample −log p[label]: the categorical crossentropy of the one-hot label."""
    from glassnet.ops.indexing import one_hot
    output = ensure_tensor(output)
    labels = np.asarray(target.data if isinstance(target, Tensor) else target)
    if labels.ndim == output.ndim:
        labels = labels.squeeze(axis)
    hot = one_hot(labels, output.shape[axis], axis=axis, dtype=output.dtype)
    return categorical_crossentropy(hot, output, from_logits=from_logits, axis=axis)


# ------------------------------------------------------------------ Keras's rank-generic pooling ops
# (ops.conv is not here: the name is taken by the internal module glassnet.ops.conv, which other code
#  imports as ``from glassnet.ops import conv``; it would need the rename that ops/shape.py got)
def _channels_last(data_format, what: str) -> None:
    if data_format not in (None, "channels_last"):
        raise ValueError(f"{what}: only data_format='channels_last' is supported, got {data_format!r}")


def _pool(kind: str, inputs, pool_size, strides, padding, data_format) -> Tensor:
    from glassnet.ops import pooling
    _channels_last(data_format, f"ops.{kind}_pool")
    inputs = ensure_tensor(inputs)
    one_d, two_d = {"max": (pooling.max_pool1d, pooling.max_pool2d),
                    "average": (pooling.avg_pool1d, pooling.avg_pool2d)}[kind]
    if inputs.ndim == 3:
        return one_d(inputs, pool_size, strides, padding)
    if inputs.ndim == 4:
        return two_d(inputs, pool_size, strides, padding)
    raise ValueError(f"ops.{kind}_pool: input of rank 3 or 4 expected, got shape {inputs.shape}")


def max_pool(inputs, pool_size, strides=None, padding: str = "valid", data_format=None) -> Tensor:
    """Max pooling over the spatial axes (1-D or 2-D, channels last)."""
    return _pool("max", inputs, pool_size, strides, padding, data_format)


def average_pool(inputs, pool_size, strides=None, padding: str = "valid", data_format=None) -> Tensor:
    """Average pooling over the spatial axes (1-D or 2-D, channels last)."""
    return _pool("average", inputs, pool_size, strides, padding, data_format)


# ------------------------------------------------------------------ control flow, run eagerly
def cond(pred, true_fn, false_fn):
    """``true_fn()`` if pred else ``false_fn()``."""
    return true_fn() if bool(np.asarray(pred.data if isinstance(pred, Tensor) else pred)) else false_fn()


def fori_loop(lower: int, upper: int, body_fun, init_val):
    """val = body_fun(i, val) for i in lower … upper − 1."""
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def while_loop(cond, body, loop_vars, maximum_iterations: int | None = None):
    """Repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``."""
    single = not isinstance(loop_vars, (list, tuple))
    values = (loop_vars,) if single else tuple(loop_vars)
    steps = 0
    while bool(np.asarray(_data(cond(*values)))) and (maximum_iterations is None or steps < maximum_iterations):
        values = body(*values)
        values = (values,) if single else tuple(values)
        steps += 1
    return values[0] if single else type(loop_vars)(values)


def _data(value):
    return value.data if isinstance(value, Tensor) else value


def vectorized_map(function, elements):
    """``function`` applied to each slice of ``elements`` along the first axis, results stacked."""
    return reshaping.stack([function(reshaping.getitem(ensure_tensor(elements), i))
                            for i in range(len(_data(elements)))], axis=0)


def map(function, xs):  # noqa: A001 - Keras's name
    """As :func:`vectorized_map` (a loop here too)."""
    return vectorized_map(function, xs)


__all__ = ["moments", "normalize", "binary_crossentropy", "categorical_crossentropy",
           "sparse_categorical_crossentropy", "max_pool", "average_pool", "cond", "fori_loop", "while_loop",
           "vectorized_map", "map"]
