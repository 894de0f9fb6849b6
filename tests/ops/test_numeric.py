"""glassnet.ops.numeric: logarithms in other bases, logaddexp, the safe division and NaN cleaning."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import numeric as N
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(4)
POS = RNG.uniform(0.3, 3.0, size=(3, 4))
ANY = RNG.normal(size=(3, 4)) * 3


def _t():
    return pytest.importorskip("torch")


CASES = {
    "log2": (N.log2, lambda a: a.log2(), [POS]),
    "log10": (N.log10, lambda a: a.log10(), [POS]),
    "exp2": (N.exp2, lambda a: a.exp2(), [ANY]),
    "rsqrt": (N.rsqrt, lambda a: a.rsqrt(), [POS]),
    "logaddexp": (N.logaddexp, lambda a, b: _t().logaddexp(a, b), [ANY, ANY.T[:1, :3].T[:, :1] * 2]),
    "divide_no_nan_nonzero": (N.divide_no_nan, lambda a, b: a / b, [ANY, POS]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_logaddexp_does_not_overflow():
    np.testing.assert_allclose(N.logaddexp(1000.0, 1000.0).numpy(), 1000 + np.log(2))


def test_divide_no_nan_gives_zero_and_a_zero_gradient_where_the_divisor_is_zero():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([2.0, 0.0, -1.0]), requires_grad=True)
    out = N.divide_no_nan(a, b)
    np.testing.assert_array_equal(out.numpy(), [0.5, 0.0, -3.0])
    out.sum().backward()
    np.testing.assert_array_equal(a.grad, [0.5, 0.0, -1.0])
    np.testing.assert_array_equal(b.grad, [-0.25, 0.0, -3.0])


def test_nan_to_num_replaces_and_stops_the_gradient_there():
    x = Tensor(np.array([1.0, np.nan, np.inf, -np.inf]), requires_grad=True)
    out = N.nan_to_num(x, nan=0.0, posinf=9.0, neginf=-9.0)
    np.testing.assert_array_equal(out.numpy(), [1.0, 0.0, 9.0, -9.0])
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 0.0, 0.0])
    assert N.nan_to_num(np.array([np.inf], dtype=np.float32)).numpy()[0] == np.finfo(np.float32).max


def test_trunc_rounds_toward_zero_without_a_graph():
    out = N.trunc(Tensor(np.array([-1.7, 1.7]), requires_grad=True))
    np.testing.assert_array_equal(out.numpy(), [-1.0, 1.0])
    assert not out.requires_grad
