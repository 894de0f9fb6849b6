"""glassnet.ops.symbolic: an op computes on values and hands a call on a symbolic tensor to the registered handler.

These tests register a stand-in symbolic type (the layers floor registers KerasTensor; its
graph nodes are tested in tests/layers/test_symbolic_op.py) and put the real handler back after.
"""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.ops import symbolic


class Placeholder:
    """A stand-in for a symbolic tensor."""


@pytest.fixture
def handler():
    """Registers Placeholder with a handler that records its calls; restores the previous handler after."""
    saved = dict(symbolic._HANDLER)
    calls = []

    def call(function, args, kwargs):
        calls.append((function, args, kwargs))
        return "graph node"
    symbolic.register_symbolic((Placeholder,), call)
    yield calls
    symbolic._HANDLER.update(saved)


def _double(x, scale=2.0):
    """x times scale."""
    return np.asarray(x) * scale


def test_nothing_is_symbolic_before_a_type_is_registered():
    saved = dict(symbolic._HANDLER)
    symbolic._HANDLER.update(types=(), call=None)
    try:
        assert symbolic.contains_symbolic(Placeholder()) is False
        np.testing.assert_array_equal(symbolic.symbolic_aware(_double)([1.0, 2.0]), [2.0, 4.0])
    finally:
        symbolic._HANDLER.update(saved)


def test_symbolic_values_are_found_at_any_depth_of_lists_tuples_and_dicts(handler):
    p = Placeholder()
    assert symbolic.contains_symbolic(p) is True
    assert symbolic.contains_symbolic([1.0, (2.0, [p])]) is True
    assert symbolic.contains_symbolic({"a": 1.0, "b": {"c": p}}) is True
    for plain in (1.0, np.ones(3), [1.0, (2.0, [3.0])], {"a": [1.0]}, "text", None):
        assert symbolic.contains_symbolic(plain) is False


def test_an_op_computes_on_values_and_calls_the_handler_on_symbolic_arguments(handler):
    op = symbolic.symbolic_aware(_double)
    np.testing.assert_array_equal(op([1.0, 2.0], scale=3.0), [3.0, 6.0])
    assert handler == []                                           # values never reach the handler
    p = Placeholder()
    assert op(p) == "graph node"
    assert op([p, 1.0]) == "graph node"
    assert op(1.0, scale=p) == "graph node"                        # a symbolic keyword argument too
    assert [(f, a, k) for f, a, k in handler] == [(op, (p,), {}), (op, ([p, 1.0],), {}), (op, (1.0,), {"scale": p})]


def test_an_op_keeps_its_name_and_documentation_and_its_plain_function():
    op = symbolic.symbolic_aware(_double)
    assert op.__name__ == "_double" and op.__doc__ == "x times scale."
    assert op.__glassnet_op__ is _double      # how a model file's op name is checked to be a glassnet op
