"""The engine: a ``Tensor`` remembers how it was made, and ``backward()`` walks back.

Reverse-mode automatic differentiation in one idea: every operation records its inputs
(``parents``) and a rule that turns the gradient of its output into gradients of its
inputs (``backward``). For a loss L, ``L.backward()`` visits the graph from L to the
leaves in reverse topological order and applies the chain rule at every node:

    dL/d(parent) += backward(dL/d(node))      for each parent of each node

After the call every tensor of the graph that needs a gradient holds ``.grad = dL/dt``,
the weights and every intermediate value alike (a student can print δ = dL/dz of each
layer). Gradients are computed fresh by each ``backward()`` call (they are not summed
across calls as in PyTorch): to combine two losses, add them first.

This module knows nothing about layers; the operations themselves live in ``glassnet.ops``.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Callable, Sequence

import numpy as np

from glassnet.config import floatx



class _GradMode(threading.local):
    """Whether operations record the graph, per thread (one thread may predict while another trains)."""

    enabled = True


_GRAD_MODE = _GradMode()


@contextlib.contextmanager
def no_grad():
    """Inside this block no graph is recorded (in this thread): faster inference, no memory kept."""
    previous, _GRAD_MODE.enabled = _GRAD_MODE.enabled, False
    try:
        yield
    finally:
        _GRAD_MODE.enabled = previous


def is_grad_enabled() -> bool:
    return _GRAD_MODE.enabled


def as_array(value, dtype=None) -> np.ndarray:
    """Convert to an ndarray of a float dtype: floats keep theirs, everything else gets floatx."""
    if isinstance(value, Tensor):
        value = value.data
    array = np.asarray(value, dtype=dtype)
    if dtype is None and array.dtype.kind != "f" and not holds_text(array):
        array = array.astype(floatx())
    return array


def holds_text(array: np.ndarray) -> bool:
    """An array of strings (kept as they are for TextVectorization and the lookup layers)."""
    return array.dtype.kind in "US" or (array.dtype == object and array.size > 0
                                        and isinstance(array.flat[0], (str, bytes)))


def unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum a gradient back to ``shape`` after NumPy broadcasting stretched the input.

    If x of shape (3,) was added to a (32, 3) batch, dL/dx is the sum of dL/dout over
    the batch axis: each element of x took part in 32 outputs.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


class Tensor:
    """An ndarray with a gradient and the memory of the operation that made it.

    Parameters
    ----------
    data : array-like
        The value. Python numbers and integer arrays become ``floatx()`` (float32 by
        default); float arrays keep their dtype.
    requires_grad : bool
        Whether ``backward()`` should compute ``dL/d(this)``. Weights set it; inputs don't.
    name : str, optional
        Shown in ``repr`` and in graph pictures.
    """

    __slots__ = ("data", "grad", "requires_grad", "parents", "backward_fn", "name", "__weakref__")
    __array_priority__ = 100  # so that ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data, requires_grad: bool = False, name: str | None = None, dtype=None):
        self.data = as_array(data, dtype)
        self.grad: np.ndarray | None = None
        self.requires_grad = bool(requires_grad)
        self.parents: tuple[Tensor, ...] = ()
        self.backward_fn: Callable | None = None
        self.name = name

    @classmethod
    def from_op(cls, data: np.ndarray, parents: Sequence["Tensor"],
                backward: Callable[[np.ndarray], Sequence[np.ndarray | None]],
                name: str = "") -> "Tensor":
        """Wrap the result of an operation.

        ``backward(g)`` receives dL/d(result) and returns one gradient (or ``None``) per
        parent, each already of that parent's shape. When no parent needs a gradient, or
        inside ``no_grad()``, nothing is recorded.
        """
        out = cls.__new__(cls)
        out.data = data
        out.grad = None
        out.name = name
        if _GRAD_MODE.enabled and any(p.requires_grad for p in parents):
            out.requires_grad = True
            out.parents = tuple(parents)
            out.backward_fn = backward
        else:
            out.requires_grad = False
            out.parents = ()
            out.backward_fn = None
        return out

    # ------------------------------------------------------------------ backward
    def backward(self, grad=None) -> None:
        """Compute dL/dt for every tensor t of the graph that ends here (L = this tensor).

        ``grad`` defaults to 1 for a scalar; a non-scalar needs an explicit upstream gradient.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward(): this tensor does not depend on any weight (requires_grad=False); "
                "was it computed inside no_grad(), or from inputs only?")
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward(): the tensor has shape {self.data.shape}; pass grad= of that shape "
                    "or reduce it to a scalar loss first")
            grad = np.ones_like(self.data)
        else:
            grad = as_array(grad, self.data.dtype)
            if grad.shape != self.data.shape:
                raise ValueError(f"backward(): grad has shape {grad.shape}, expected {self.data.shape}")

        grads: dict[int, np.ndarray] = {id(self): grad}
        for node in self._reverse_topological_order():
            g = grads.pop(id(node), None)
            if g is None:
                continue
            node.grad = g
            if node.backward_fn is None:
                continue
            for parent, pg in zip(node.parents, node.backward_fn(g)):
                if pg is None or not parent.requires_grad:
                    continue
                key = id(parent)
                grads[key] = pg if key not in grads else grads[key] + pg

    def _reverse_topological_order(self) -> list["Tensor"]:
        order: list[Tensor] = []
        seen: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for parent in node.parents:
                if parent.requires_grad and id(parent) not in seen:
                    stack.append((parent, False))
        order.reverse()
        return order

    def zero_grad(self) -> None:
        self.grad = None

    def __reduce__(self):
        """Pickled (or deep-copied) as its values: the graph that made it is not kept, since backward rules
        are closures, and a copy of a model should not drag the last batch's computation along."""
        return (_rebuild_tensor, (self.data, self.grad, self.requires_grad, self.name))

    # Keras Variable methods: change the values in place (same object, so layers and optimizers keep it)
    def assign(self, value) -> "Tensor":
        """this ← value (in place, keeping shape and dtype)."""
        value = value.data if isinstance(value, Tensor) else np.asarray(value)
        try:
            fits = np.broadcast_shapes(self.data.shape, np.shape(value)) == self.data.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"assign: value of shape {np.shape(value)} does not fit a tensor of shape {self.data.shape}")
        self.data[...] = value
        return self

    def assign_add(self, value) -> "Tensor":
        """this ← this + value (in place)."""
        return self.assign(self.data + (value.data if isinstance(value, Tensor) else np.asarray(value)))

    def assign_sub(self, value) -> "Tensor":
        """this ← this − value (in place)."""
        return self.assign(self.data - (value.data if isinstance(value, Tensor) else np.asarray(value)))

    @property
    def value(self) -> "Tensor":
        """Keras's ``variable.value``: the tensor itself."""
        return self

    def detach(self) -> "Tensor":
        """The same values, cut from the graph."""
        return Tensor(self.data)

    # ------------------------------------------------------------------ looking inside
    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def size(self) -> int:
        return self.data.size

    def numpy(self) -> np.ndarray:
        return self.data

    def item(self) -> float:
        return self.data.item()

    def __array__(self, dtype=None, copy=None):
        return self.data if dtype is None else self.data.astype(dtype)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        made = f", made by {self.name}" if self.name and self.parents else ""
        label = f", name={self.name!r}" if self.name and not self.parents else ""
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({np.array2string(self.data, precision=4, threshold=20)}{grad}{label}{made})"

    # ------------------------------------------------------------------ operators
    # The rules live in glassnet.ops.math; these only give them the usual symbols.
    def __add__(self, other):
        from glassnet.ops import math
        return math.add(self, other)

    def __radd__(self, other):
        from glassnet.ops import math
        return math.add(other, self)

    def __sub__(self, other):
        from glassnet.ops import math
        return math.subtract(self, other)

    def __rsub__(self, other):
        from glassnet.ops import math
        return math.subtract(other, self)

    def __mul__(self, other):
        from glassnet.ops import math
        return math.multiply(self, other)

    def __rmul__(self, other):
        from glassnet.ops import math
        return math.multiply(other, self)

    def __truediv__(self, other):
        from glassnet.ops import math
        return math.divide(self, other)

    def __rtruediv__(self, other):
        from glassnet.ops import math
        return math.divide(other, self)

    def __neg__(self):
        from glassnet.ops import math
        return math.negative(self)

    def __pow__(self, exponent):
        from glassnet.ops import math
        return math.power(self, exponent)

    def __rpow__(self, base):
        """base ** t = e^(t · ln base) for a constant base > 0;  dL/dt = dL/dc · ln(base) · base^t."""
        from glassnet.ops import math
        return math.exp(math.multiply(self, np.log(as_array(base, self.data.dtype))))
    def __abs__(self):
        from glassnet.ops import math
        return math.abs(self)

    # Comparisons give boolean constants (no gradient), as ops.greater etc. == and != compare
    # values elementwise, as an eager Keras tensor's do (a custom metric's `y_true == y_pred`);
    # the hash stays the object's identity, so a Tensor can still be a dict key or a set member.
    # glassnet itself never searches lists of Tensors with `in` (that would compare values).
    __hash__ = object.__hash__

    def __eq__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented        # None, strings, layers…: Python's identity comparison
        from glassnet.ops import elementwise
        return elementwise.equal(self, other)

    def __ne__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        from glassnet.ops import elementwise
        return elementwise.not_equal(self, other)

    def __gt__(self, other):
        from glassnet.ops import elementwise
        return elementwise.greater(self, other)

    def __ge__(self, other):
        from glassnet.ops import elementwise
        return elementwise.greater_equal(self, other)

    def __lt__(self, other):
        from glassnet.ops import elementwise
        return elementwise.less(self, other)

    def __le__(self, other):
        from glassnet.ops import elementwise
        return elementwise.less_equal(self, other)

    def __float__(self) -> float:
        return float(self.data.item())    # .item(): a one-element Tensor of any rank, as NumPy 1 allowed

    def __int__(self) -> int:
        return int(self.data.item())

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(f"the truth value of a Tensor of shape {self.data.shape} is ambiguous; "
                             "use ops.any(x) or ops.all(x)")
        return bool(self.data)

    def __matmul__(self, other):
        from glassnet.ops import math
        return math.matmul(self, other)

    def __rmatmul__(self, other):
        from glassnet.ops import math
        return math.matmul(other, self)

    def __getitem__(self, index):
        from glassnet.ops import reshaping as shape_ops
        return shape_ops.getitem(self, index)

    @property
    def T(self):
        from glassnet.ops import reshaping as shape_ops
        return shape_ops.transpose(self)

    def sum(self, axis=None, keepdims=False):
        from glassnet.ops import math
        return math.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        from glassnet.ops import math
        return math.mean(self, axis=axis, keepdims=keepdims)

    def reshape(self, *shape):
        from glassnet.ops import reshaping as shape_ops
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return shape_ops.reshape(self, shape)


# what `Tensor == other` compares by value; anything else (None, a string, a layer) by identity
_COMPARABLE = (Tensor, np.ndarray, np.generic, bool, int, float, complex, list, tuple)


def _rebuild_tensor(data, grad, requires_grad, name) -> Tensor:
    tensor = Tensor.__new__(Tensor)
    tensor.data, tensor.grad, tensor.requires_grad, tensor.name = data, grad, requires_grad, name
    tensor.parents, tensor.backward_fn = (), None
    return tensor


def ensure_tensor(value, dtype=None) -> Tensor:
    """Pass a Tensor through; wrap anything else (a constant: no gradient)."""
    if isinstance(value, Tensor):
        return value
    return Tensor(value, dtype=dtype)

