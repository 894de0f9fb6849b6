"""Making tensors and asking about them: Keras's ``ones``, ``zeros``, ``arange``, ``cast``, ``shape`` ...

These build the constants that custom layers and losses need. Every function returns a
glassnet ``Tensor`` (as Keras returns a backend tensor); ``convert_to_numpy`` gives back an
ndarray. Floating-point values get ``floatx()`` (float32) unless a ``dtype`` says otherwise;
integers stay integers, as in Keras (``ops.arange(3)`` is int32).

``cast`` is differentiable between float dtypes (dL/da = dL/dc, cast back); casting to an
integer or boolean dtype cuts the graph, as it does in every framework.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.config import floatx


def standardize_dtype(dtype) -> np.dtype:
    """A NumPy dtype for a Keras dtype name (``"float32"``, ``"int32"``, ``"bool"`` ...) or object."""
    if dtype is None or (isinstance(dtype, str) and dtype == "floatx"):
        return floatx()
    try:
        return np.dtype(dtype)
    except TypeError:
        raise ValueError(f"unknown dtype {dtype!r}: expected a name such as 'float32', 'int32' or 'bool'") from None


def _python_default(array: np.ndarray, value) -> np.ndarray:
    """Python numbers and lists: floats become floatx, ints int32 (Keras's defaults); arrays keep theirs."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        return array
    if array.dtype.kind == "f":
        return array.astype(floatx())
    if array.dtype.kind in "iu":
        return array.astype(np.int32)
    return array


def _constant(array: np.ndarray) -> Tensor:
    return Tensor.from_op(array, (), None)


def is_tensor(x) -> bool:
    """Whether ``x`` is a glassnet Tensor."""
    return isinstance(x, Tensor)


def convert_to_tensor(x, dtype=None, sparse=None) -> Tensor:
    """``x`` as a Tensor: a Tensor passes through (cast if ``dtype`` differs), anything else is wrapped."""
    if isinstance(x, Tensor):
        return x if dtype is None else cast(x, dtype)
    array = np.asarray(x)
    array = _python_default(array, x) if dtype is None else array.astype(standardize_dtype(dtype))
    return _constant(array)


def convert_to_numpy(x) -> np.ndarray:
    """The values of ``x`` as an ndarray (a Tensor's data, or ``np.asarray(x)``)."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def shape(x) -> tuple:
    """The shape of ``x`` as a tuple of ints (a function, as in Keras: ``ops.shape(x)[0]`` is the batch)."""
    return tuple(np.shape(x.data if isinstance(x, Tensor) else x))


def ndim(x) -> int:
    """The number of axes of ``x``."""
    return len(shape(x))


def size(x) -> int:
    """The number of values in ``x``."""
    return int(np.prod(shape(x), dtype=np.int64))


def dtype(x) -> str:
    """The name of the dtype of ``x``: ``"float32"``, ``"int32"`` ..."""
    return np.asarray(convert_to_numpy(x)).dtype.name


def cast(x, dtype) -> Tensor:
    """c = a converted to ``dtype``;  dL/da = dL/dc cast back (float to float only; else no gradient)."""
    target = standardize_dtype(dtype)
    if not isinstance(x, Tensor):
        return _constant(np.asarray(x).astype(target))
    if target.kind == "f" and x.dtype.kind == "f":
        source = x.dtype
        return Tensor.from_op(x.data.astype(target), (x,), lambda g: (g.astype(source),), name="cast")
    return _constant(x.data.astype(target))


def stop_gradient(x) -> Tensor:
    """The same values with no path back: dL/dx = 0 through this node."""
    return _constant(convert_to_numpy(x))


def zeros(shape, dtype=None) -> Tensor:
    """A tensor of zeros of this shape (``floatx`` unless ``dtype`` is given)."""
    return _constant(np.zeros(shape, dtype=standardize_dtype(dtype)))


def ones(shape, dtype=None) -> Tensor:
    """A tensor of ones of this shape."""
    return _constant(np.ones(shape, dtype=standardize_dtype(dtype)))


def full(shape, fill_value, dtype=None) -> Tensor:
    """A tensor of this shape holding ``fill_value`` everywhere."""
    if dtype is None:
        dtype = np.int32 if isinstance(fill_value, (int, np.integer)) and not isinstance(fill_value, bool) else None
    return _constant(np.full(shape, convert_to_numpy(fill_value), dtype=standardize_dtype(dtype)))


def _like_dtype(x, dtype):
    return standardize_dtype(dtype) if dtype is not None else np.asarray(convert_to_numpy(x)).dtype


def zeros_like(x, dtype=None) -> Tensor:
    """Zeros of the shape (and dtype) of ``x``."""
    return _constant(np.zeros(shape(x), dtype=_like_dtype(x, dtype)))


def ones_like(x, dtype=None) -> Tensor:
    """Ones of the shape (and dtype) of ``x``."""
    return _constant(np.ones(shape(x), dtype=_like_dtype(x, dtype)))


def full_like(x, fill_value, dtype=None) -> Tensor:
    """``fill_value`` in the shape (and dtype) of ``x``."""
    return _constant(np.full(shape(x), convert_to_numpy(fill_value), dtype=_like_dtype(x, dtype)))


def arange(start, stop=None, step=1, dtype=None) -> Tensor:
    """Evenly spaced values in [start, stop): int32 when all arguments are ints, else floatx."""
    if dtype is None:
        integral = all(isinstance(v, (int, np.integer)) for v in (start, stop, step) if v is not None)
        dtype = np.int32 if integral else floatx()
    return _constant(np.arange(start, stop, step, dtype=standardize_dtype(dtype)))


def linspace(start, stop, num: int = 50, endpoint: bool = True, dtype=None, axis: int = 0) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop``."""
    return _constant(np.linspace(start, stop, num, endpoint=endpoint, axis=axis, dtype=standardize_dtype(dtype)))


def eye(N: int, M: int | None = None, k: int = 0, dtype=None) -> Tensor:  # noqa: N803 - Keras's names
    """An N×M matrix with ones on the k-th diagonal."""
    return _constant(np.eye(N, M, k, dtype=standardize_dtype(dtype)))


def identity(n: int, dtype=None) -> Tensor:
    """The n×n identity matrix."""
    return eye(n, dtype=dtype)


__all__ = ["is_tensor", "convert_to_tensor", "convert_to_numpy", "shape", "ndim", "size", "dtype", "cast", "stop_gradient",
           "zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "arange", "linspace", "eye",
           "identity"]
