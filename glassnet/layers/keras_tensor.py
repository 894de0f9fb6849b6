"""Symbolic tensors: a shape and a dtype, no numbers, and the memory of which layer made them.

    inputs = keras.Input(shape=(784,))     # KerasTensor, shape (None, 784), history None
    h = Dense(64)(inputs)                  # KerasTensor, shape (None, 64), history (dense, inputs)

``keras.Model(inputs, outputs)`` walks the histories back from the outputs to find the
graph of layer calls, then replays it on real data. ``h * 2``, ``h[:, 0]`` or ``ops.square(h)``
record an op node (an ``OpLayer``, layers/symbolic_op.py), as Keras 3 does.
"""
from __future__ import annotations

import numpy as np

from glassnet.config import floatx
from glassnet.layers.naming import unique_name


class KerasTensor:
    """A placeholder for the values that will flow through a functional model.

    Attributes
    ----------
    shape : tuple
        Batch axis first (None when any batch size fits).
    dtype : numpy dtype
    history : tuple or None
        ``(layer, inputs)`` for a layer's output, None for an ``Input``.
    name : str or None
    _keras_mask : KerasTensor or None
        The boolean mask (batch, timesteps) this tensor will carry, as in Keras: set when the layer
        that made it computes one (``Embedding(mask_zero=True)``, ``Masking``, a layer with
        ``supports_masking``); None for an ``Input`` and for a layer output without mask.
    """

    __slots__ = ("shape", "dtype", "history", "name", "_keras_mask")

    def __init__(self, shape, dtype=None, history=None, name: str | None = None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype) if dtype is not None else floatx()
        self.history = history
        self.name = name
        self._keras_mask = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        made = f", made by {self.history[0].name!r}" if self.history else ""
        label = f", name={self.name!r}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype.name}{label}{made}>"

    def __array__(self, *args, **kwargs):
        raise TypeError("a KerasTensor (from keras.Input) holds no values: build a keras.Model(inputs, outputs) "
                        "and call the model on data instead")

    # Arithmetic, comparisons and indexing record ops in the graph, as in Keras 3 (see layers/symbolic_op.py)
    def _op(name):
        def method(self, *args):
            from glassnet import ops
            return getattr(ops, name)(self, *args)
        method.__name__ = name
        return method

    def _reflected(name):
        def method(self, other):
            from glassnet import ops
            return getattr(ops, name)(other, self)
        method.__name__ = name
        return method

    __add__, __radd__ = _op("add"), _reflected("add")
    __sub__, __rsub__ = _op("subtract"), _reflected("subtract")
    __mul__, __rmul__ = _op("multiply"), _reflected("multiply")
    __truediv__, __rtruediv__ = _op("divide"), _reflected("divide")
    __matmul__, __rmatmul__ = _op("matmul"), _reflected("matmul")
    __pow__ = _op("power")
    __neg__, __abs__ = _op("negative"), _op("abs")
    __gt__, __ge__, __lt__, __le__ = _op("greater"), _op("greater_equal"), _op("less"), _op("less_equal")
    __getitem__ = _op("getitem")
    del _op, _reflected


def Input(shape=None, batch_size: int | None = None, name: str | None = None, dtype=None,
          batch_shape=None, **kwargs) -> KerasTensor:
    """The entry point of a functional model: ``keras.Input(shape=(784,))``.

    ``shape`` excludes the batch axis; ``batch_shape`` includes it (Keras 3).
    """
    if kwargs.get("sparse") or kwargs.get("ragged"):
        raise ValueError("Input: sparse and ragged inputs are not supported; pass dense arrays")
    unknown = set(kwargs) - {"sparse", "ragged", "tensor", "optional"}
    if unknown:
        raise TypeError(f"Input: unexpected keyword argument(s) {sorted(unknown)}")
    if batch_shape is not None:
        full = tuple(batch_shape)
    elif shape is not None:
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        full = (batch_size,) + shape
    else:
        raise ValueError("Input: give shape=(...) (without the batch axis), e.g. keras.Input(shape=(784,))")
    for d in full:
        if d is not None and (not isinstance(d, (int, np.integer)) or d < 0):
            raise ValueError(f"Input: shape entries must be non-negative integers or None, got {full}")
    if dtype in ("string", "str", str):
        dtype = object     # text: Keras's tf.string, arrays of Python strings here
    return KerasTensor(full, dtype=dtype, history=None, name=name or unique_name("input_layer"))
