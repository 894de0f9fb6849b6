"""keras.Variable: a named, assignable array that gets gradients (glassnet's weights are Tensors)."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.config import floatx


def Variable(initializer, shape=None, dtype=None, trainable: bool = True, name: str | None = None, **kwargs) -> Tensor:
    """A Keras 3 variable, which in glassnet is a Tensor with ``requires_grad=trainable``.

    ``initializer`` is an array-like value, or an initializer (name, object or callable
    ``f(shape, dtype)``) called with ``shape``. Like a layer weight it has ``.assign``,
    ``.assign_add``, ``.assign_sub``, ``.numpy()``, and after ``loss.backward()`` its ``.grad``
    is dL/dv, ready for ``optimizer.apply([v.grad], [v])``.
    """
    for ignored in ("autocast", "aggregation", "synchronization"):
        kwargs.pop(ignored, None)
    if kwargs:
        raise TypeError(f"Variable: unexpected keyword argument(s) {sorted(kwargs)}")
    dtype = np.dtype(dtype) if dtype is not None else None
    if isinstance(initializer, str) or (callable(initializer) and not isinstance(initializer, (Tensor, np.ndarray))):
        if shape is None:
            raise ValueError(f"Variable: an initializer ({initializer!r}) needs shape=, got shape=None")
        from glassnet import initializers
        values = np.asarray(initializers.get(initializer)(tuple(shape), dtype=dtype or floatx()))
    else:
        values = np.array(getattr(initializer, "data", initializer), dtype=dtype)
        if dtype is None and values.dtype.kind == "f":
            values = values.astype(floatx())
        if shape is not None and tuple(values.shape) != tuple(shape):
            raise ValueError(f"Variable: the initial value has shape {values.shape}, but shape={tuple(shape)}")
    if dtype is not None:
        values = values.astype(dtype)
    return Tensor(np.ascontiguousarray(values), requires_grad=bool(trainable) and values.dtype.kind == "f", name=name)
