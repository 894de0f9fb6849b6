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


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


