"""OpLayer: a ``keras.ops`` call (or ``+``, ``*``, ``x[:, 0]`` ...) made on symbolic tensors.

In Keras 3 ``ops.square(x)`` or ``x + y`` on tensors from ``keras.Input`` records an operation in
the functional graph. Here the call becomes an ``OpLayer`` that remembers the op and its other
arguments and is called on the symbolic tensors, so ``keras.Model(inputs, outputs)`` replays it
on data (with gradients, since the op has its backward rule) and a model file stores it as the
op's *name* (looked up among ``glassnet.ops`` functions only) and its plain arguments.
"""
from __future__ import annotations

import numpy as np

from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.layer import Layer, register
from glassnet.ops.symbolic import register_symbolic


def _template(value, tensors: list):
    """``value`` with each symbolic tensor replaced by {"__tensor__": i} (and collected in ``tensors``)."""
    if isinstance(value, KerasTensor):
        tensors.append(value)
        return {"__tensor__": len(tensors) - 1}
    if isinstance(value, (list, tuple)):
        items = [_template(v, tensors) for v in value]
        return items if isinstance(value, list) else {"__tuple__": items}
    if isinstance(value, dict):
        return {k: _template(v, tensors) for k, v in value.items()}
    if isinstance(value, slice):
        return {"__slice__": [value.start, value.stop, value.step]}
    if value is Ellipsis:
        return {"__ellipsis__": True}
    if isinstance(value, np.ndarray):
        return {"__array__": value.tolist(), "dtype": value.dtype.name}
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    return value


def _fill(template, tensors):
    """The inverse of :func:`_template`, with real tensors in their places."""
    if isinstance(template, list):
        return [_fill(v, tensors) for v in template]
    if isinstance(template, dict):
        if "__tensor__" in template:
            return tensors[template["__tensor__"]]
        if "__tuple__" in template:
            return tuple(_fill(v, tensors) for v in template["__tuple__"])
        if "__slice__" in template:
            return slice(*template["__slice__"])
        if "__ellipsis__" in template:
            return Ellipsis
        if "__array__" in template:
            return np.asarray(template["__array__"], dtype=template["dtype"])
        return {k: _fill(v, tensors) for k, v in template.items()}
    return template


def _op_by_name(name: str):
    from glassnet import ops
    found = getattr(ops, name, None) if isinstance(name, str) and not name.startswith("_") else None
    if found is None or not hasattr(found, "__glassnet_op__"):
        raise ValueError(f"OpLayer: {name!r} is not a glassnet.ops function")
    return found


@register
class OpLayer(Layer):
    """``function(*args, **kwargs)`` with the symbolic tensors among the arguments as its inputs."""

    def __init__(self, function, args=(), kwargs=None, **layer_kwargs):
        if isinstance(function, str):
            function = _op_by_name(function)
        layer_kwargs.setdefault("name", None)
        super().__init__(**layer_kwargs)
        self.function = function
        self.args_template = args
        self.kwargs_template = dict(kwargs or {})

    def _as_tensor(self, value):
        return value if not isinstance(value, np.ndarray) else super()._as_tensor(value)

    def call(self, inputs):
        tensors = list(inputs)
        return self.function(*_fill(list(self.args_template), tensors), **_fill(self.kwargs_template, tensors))

    def compute_output_shape(self, input_shape):
        with np.errstate(all="ignore"):      # run on zeros: log(0) and the like only give the shape
            return super().compute_output_shape(input_shape)

    def get_config(self):
        name = getattr(self.function, "__name__", None)
        _op_by_name(name)
        return {**super().get_config(), "function": name, "args": self.args_template,
                "kwargs": self.kwargs_template}


# What a symbolic tensor knows already: answered at once, as Keras does (``ops.shape(x)`` → (None, 8))
_STATIC = {"shape": lambda t: tuple(t.shape), "ndim": lambda t: t.ndim}


def call_op_symbolically(function, args, kwargs):
    """What an op does when an argument is symbolic: an OpLayer called on the symbolic tensors."""
    static = _STATIC.get(getattr(function, "__name__", None))
    if static is not None and len(args) == 1 and not kwargs and isinstance(args[0], KerasTensor):
        return static(args[0])
    tensors: list = []
    args_template = _template(list(args), tensors)
    kwargs_template = _template(dict(kwargs), tensors)
    name = f"{getattr(function, '__name__', 'op')}"
    from glassnet.layers.naming import unique_name
    layer = OpLayer(function, args_template, kwargs_template, name=unique_name(name))
    return layer(tensors)


register_symbolic((KerasTensor,), call_op_symbolically)

__all__ = ["OpLayer", "call_op_symbolically"]
