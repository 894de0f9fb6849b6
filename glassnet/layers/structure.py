"""Small helpers for the nested inputs and shapes a layer is called with (lists, tuples of shapes)."""
from __future__ import annotations

import numpy as np


def _flatten(structure) -> list:
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _map(fn, structure):
    if isinstance(structure, list):
        return [_map(fn, item) for item in structure]
    if isinstance(structure, tuple) and not all(d is None or isinstance(d, (int, np.integer)) for d in structure):
        return tuple(_map(fn, item) for item in structure)
    return fn(structure)


def _unique(weights: list) -> list:
    seen, out = set(), []
    for w in weights:
        if id(w) not in seen:
            seen.add(id(w))
            out.append(w)
    return out


def _flatten_shapes(shapes) -> list[tuple]:
    if isinstance(shapes, list):
        return [s for item in shapes for s in _flatten_shapes(item)]
    return [tuple(shapes)]


def _shapes_of_call(run, input_shapes, batch) -> object:
    """The output shape(s) of ``run(fill)``, a call on zeros whose unknown input sizes are ``fill``.

    When a size past the batch axis is unknown (a sequence of any length), the call runs twice,
    with 2 then 4 in its place, and an output size that changes with it is unknown too (None):
    ``not_equal(x, 0)`` for x of shape (None, None) has shape (None, None), not (None, 2).
    """
    if not any(d is None for s in _flatten_shapes(input_shapes) for d in tuple(s)[1:]):
        return _map(lambda t: (batch,) + tuple(t.shape[1:]), run(1))
    from glassnet.layers.call_context import probing_shapes
    with probing_shapes():
        first, second = run(2), iter(_flatten(run(4)))

    def merge(t):
        other = next(second)
        return (batch,) + tuple(None if a != b else a for a, b in zip(t.shape[1:], other.shape[1:]))
    return _map(merge, first)


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


