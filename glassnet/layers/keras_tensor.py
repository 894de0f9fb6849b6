"""Symbolic tensors: a shape and a dtype, no numbers, and the memory of which layer made them.

    inputs = keras.Input(shape=(784,))     # KerasTensor, shape (None, 784), history None
    h = Dense(64)(inputs)                  # KerasTensor, shape (None, 64), history (dense, inputs)

``keras.Model(inputs, outputs)`` walks the histories back from the outputs to find the
graph of layer calls, then replays it on real data.
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
    """

    __slots__ = ("shape", "dtype", "history", "name")

    def __init__(self, shape, dtype=None, history=None, name: str | None = None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype) if dtype is not None else floatx()
        self.history = history
        self.name = name

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

    def __neg__(self):
        return self.__array__()

    def _arithmetic(self, other):
        raise TypeError(f"arithmetic on a KerasTensor ({self!r}) is not part of glassnet's functional API: "
                        "join tensors with layers.Add(), layers.Subtract(), layers.Multiply() or "
                        "layers.Average(), or subclass keras.Model and write the arithmetic in call()")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _arithmetic
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __pow__ = __rpow__ = _arithmetic


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
    return KerasTensor(full, dtype=dtype, history=None, name=name or unique_name("input_layer"))
