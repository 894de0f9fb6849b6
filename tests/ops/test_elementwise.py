"""glassnet.ops.elementwise: minimum, where, erf and friends against finite differences and PyTorch;
comparisons and logic as constants."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import elementwise as E
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(5)
A = RNG.normal(size=(3, 4))
B = A + RNG.choice([-1.0, 1.0], size=(3, 4)) * RNG.uniform(0.2, 1.0, size=(3, 4))  # never tied with A
POS = RNG.uniform(0.5, 2.0, size=(3, 4))
MASK = A > 0


def _torch():
    return pytest.importorskip("torch")


CASES = {
    "minimum": (E.minimum, lambda a, b: _torch().minimum(a, b), [A, B]),
    "minimum_broadcast": (E.minimum, lambda a, b: _torch().minimum(a, b), [A, B[:1] + 3]),
    "where": (lambda a, b: E.where(MASK, a, b), lambda a, b: _torch().where(_torch().tensor(MASK), a, b), [A, B]),
    "where_broadcast": (lambda a, b: E.where(MASK, a, b), lambda a, b: _torch().where(_torch().tensor(MASK), a, b),
                        [A, B[:, :1]]),
    "erf": (E.erf, lambda a: _torch().erf(a), [A]),
    "log1p": (E.log1p, lambda a: _torch().log1p(a), [POS]),
    "expm1": (E.expm1, lambda a: _torch().expm1(a), [A]),
    "sin": (E.sin, lambda a: a.sin(), [A]),
    "cos": (E.cos, lambda a: a.cos(), [A]),
    "reciprocal": (E.reciprocal, lambda a: a.reciprocal(), [POS]),
    "softsign": (E.softsign, lambda a: _torch().nn.functional.softsign(a), [A]),
    "power_tensor_exponent": (lambda a, p: ops.power(a, p), lambda a, p: a ** p, [POS, A]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    _torch()
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_comparisons_and_logic_give_boolean_constants():
    a, b = Tensor(A, requires_grad=True), B
    for op, reference in [(ops.equal, np.equal), (ops.not_equal, np.not_equal), (ops.greater, np.greater),
                          (ops.greater_equal, np.greater_equal), (ops.less, np.less),
                          (ops.less_equal, np.less_equal)]:
        out = op(a, b)
        assert out.dtype == bool and not out.requires_grad
        np.testing.assert_array_equal(out.numpy(), reference(A, B))
    np.testing.assert_array_equal(ops.logical_and(A > 0, B > 0).numpy(), (A > 0) & (B > 0))
    np.testing.assert_array_equal(ops.logical_or(A > 0, B > 0).numpy(), (A > 0) | (B > 0))
    np.testing.assert_array_equal(ops.logical_not(A > 0).numpy(), A <= 0)


def test_rounding_and_sign_are_constants_with_numpy_values():
    x = Tensor(np.array([-1.5, -0.2, 0.0, 0.5, 2.5]), requires_grad=True)
    np.testing.assert_array_equal(ops.sign(x).numpy(), [-1, -1, 0, 1, 1])
    np.testing.assert_array_equal(ops.floor(x).numpy(), [-2, -1, 0, 0, 2])
    np.testing.assert_array_equal(ops.ceil(x).numpy(), [-1, -0, 0, 1, 3])
    np.testing.assert_array_equal(ops.round(x).numpy(), [-2, -0, 0, 0, 2])
    assert not ops.round(x).requires_grad


def test_where_with_condition_only_gives_indices():
    rows, cols = ops.where(np.array([[0, 1], [1, 0]]))
    np.testing.assert_array_equal(rows.numpy(), [0, 1])
    np.testing.assert_array_equal(cols.numpy(), [1, 0])
    with pytest.raises(ValueError, match="both x1 and x2"):
        ops.where(MASK, A)


def test_float32_stays_float32():
    t = Tensor(A.astype(np.float32), requires_grad=True)
    for out in (E.minimum(t, 0.0), E.where(MASK, t, 0.0), E.erf(t), E.sin(t)):
        assert out.dtype == np.float32
