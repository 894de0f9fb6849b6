"""A ceiling on the bytes of weights that layers may create while a model file is loaded.

A model file of a few kilobytes can describe a ``Dense(20_000)`` on 20,000 inputs: building
it would allocate 1.6 GB before a single array is read. While :func:`weight_budget` is active,
:meth:`Layer.add_weight` charges every weight's size here *before* allocating it, and a
weight that would pass the ceiling raises a ``ValueError`` naming the layer, the weight's
shape and the limit. Outside a budget (models built in code) nothing is checked.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
import os

import numpy as np

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: 268 million float32 weights, far beyond any course model
ENVIRONMENT_VARIABLE = "GLASSNET_MAX_MODEL_BYTES"

_budget: contextvars.ContextVar = contextvars.ContextVar("glassnet_weight_budget", default=None)


def max_model_bytes(max_bytes: int | None = None) -> int:
    """The limit in force: ``max_bytes`` if given, else ``$GLASSNET_MAX_MODEL_BYTES``, else 1 GiB."""
    if max_bytes is not None:
        return int(max_bytes)
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    if value:
        try:
            return int(float(value))
        except ValueError:
            raise ValueError(f"${ENVIRONMENT_VARIABLE} must be a number of bytes, got {value!r}") from None
    return DEFAULT_MAX_BYTES


class _Budget:
    def __init__(self, limit: int, where: str):
        self.limit, self.where, self.used = limit, where, 0


@contextlib.contextmanager
def weight_budget(max_bytes: int, where: str):
    """Within this block, layers may create at most ``max_bytes`` of weights (``where``: the file)."""
    token = _budget.set(_Budget(int(max_bytes), where))
    try:
        yield
    finally:
        _budget.reset(token)


def charge(layer_name: str, weight_name, shape: tuple, dtype) -> None:
    """Count a weight about to be created; refuse it if the active budget would be exceeded."""
    budget = _budget.get()
    if budget is None:
        return
    size = math.prod(int(d) for d in shape) * np.dtype(dtype).itemsize  # Python ints: no overflow
    budget.used += size
    if budget.used > budget.limit:
        raise ValueError(
            f"Cannot load {budget.where}: layer {layer_name!r} declares a weight {weight_name!r} of shape "
            f"{tuple(shape)} ({size:,} bytes), and the model's weights would exceed the limit of "
            f"{budget.limit:,} bytes. If you trust this file, raise the limit: "
            f"load_model(path, max_bytes=...) or ${ENVIRONMENT_VARIABLE}.")
