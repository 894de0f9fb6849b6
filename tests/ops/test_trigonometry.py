"""glassnet.ops.trigonometry against PyTorch and finite differences."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.ops import trigonometry as T
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(3)
ANY = RNG.normal(size=(3, 4))
UNIT = RNG.uniform(-0.9, 0.9, size=(3, 4))
ABOVE_ONE = RNG.uniform(1.2, 3.0, size=(3, 4))
SMALL = RNG.uniform(-1.2, 1.2, size=(3, 4))


def _t():
    return pytest.importorskip("torch")


CASES = {
    "tan": (T.tan, lambda a: a.tan(), [SMALL]),
    "arcsin": (T.arcsin, lambda a: a.arcsin(), [UNIT]),
    "arccos": (T.arccos, lambda a: a.arccos(), [UNIT]),
    "arctan": (T.arctan, lambda a: a.arctan(), [ANY]),
    "sinh": (T.sinh, lambda a: a.sinh(), [ANY]),
    "cosh": (T.cosh, lambda a: a.cosh(), [ANY]),
    "arcsinh": (T.arcsinh, lambda a: a.arcsinh(), [ANY]),
    "arccosh": (T.arccosh, lambda a: a.arccosh(), [ABOVE_ONE]),
    "arctanh": (T.arctanh, lambda a: a.arctanh(), [UNIT]),
    "arctan2": (T.arctan2, lambda y, x: _t().atan2(y, x), [ANY, ABOVE_ONE - 2]),
    "hypot": (T.hypot, lambda a, b: _t().hypot(a, b), [ANY, UNIT]),
    "arctan2_broadcast": (T.arctan2, lambda y, x: _t().atan2(y, x), [ANY, ABOVE_ONE[:1]]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_exported_under_keras_names_and_keep_float32():
    x = np.array([0.5, -0.25], dtype=np.float32)
    for name in ["tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arctanh"]:
        assert getattr(ops, name)(x).dtype == np.float32, name
    assert ops.hypot(np.float32(3), np.float32(4)).numpy() == 5
