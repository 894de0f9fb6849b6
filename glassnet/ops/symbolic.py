"""An op called on a symbolic tensor (from ``keras.Input``) becomes a node of the functional graph.

    inputs = keras.Input((4,))
    x = ops.square(layers.Dense(8)(inputs)) + 1.0      # as in Keras 3: no Lambda layer needed
    model = keras.Model(inputs, x)

This floor does not know what a symbolic tensor is (that lives with the layers, above it); the
layers register the type and the function that turns the call into a graph node, and every public
function of ``glassnet.ops`` checks its arguments for that type before computing anything.
"""
from __future__ import annotations

import functools

_HANDLER: dict = {"types": (), "call": None}


def register_symbolic(types: tuple, call) -> None:
    """Declare the symbolic tensor types and ``call(function, args, kwargs)`` that makes a graph node."""
    _HANDLER["types"], _HANDLER["call"] = tuple(types), call


def contains_symbolic(value) -> bool:
    types = _HANDLER["types"]
    if not types:
        return False
    if isinstance(value, types):
        return True
    if isinstance(value, (list, tuple)):
        return any(contains_symbolic(v) for v in value)
    if isinstance(value, dict):
        return any(contains_symbolic(v) for v in value.values())
    return False


def symbolic_aware(function):
    """``function`` as it is on values, and as a graph node when an argument is symbolic."""
    @functools.wraps(function)
    def op(*args, **kwargs):
        if _HANDLER["types"] and (contains_symbolic(args) or contains_symbolic(kwargs)):
            return _HANDLER["call"](op, args, kwargs)
        return function(*args, **kwargs)
    op.__glassnet_op__ = function
    return op


__all__ = ["register_symbolic", "symbolic_aware", "contains_symbolic"]
