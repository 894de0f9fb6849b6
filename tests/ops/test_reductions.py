"""glassnet.ops.reductions: min, var, std, prod, logsumexp, norm, cumsum, cumprod, arg-reductions."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import reductions as R
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(6)
A = RNG.normal(size=(3, 4))
A3 = RNG.normal(size=(2, 3, 4))
DISTINCT = RNG.permutation(12).reshape(3, 4) + RNG.uniform(0, 0.1, size=(3, 4))
NONZERO = RNG.uniform(0.5, 1.5, size=(3, 4)) * RNG.choice([-1, 1], size=(3, 4))


def _torch():
    return pytest.importorskip("torch")


CASES = {
    "min_all": (R.min, lambda a: a.min(), [DISTINCT]),
    "min_axis": (lambda a: R.min(a, axis=1), lambda a: a.min(1).values, [DISTINCT]),
    "var_all": (R.var, lambda a: a.var(unbiased=False), [A]),
    "var_axis_keepdims": (lambda a: R.var(a, axis=0, keepdims=True),
                          lambda a: a.var(0, unbiased=False, keepdim=True), [A]),
    "std_axis": (lambda a: R.std(a, axis=-1), lambda a: a.std(-1, unbiased=False), [A]),
    "prod_all": (R.prod, lambda a: a.prod(), [A]),
    "prod_axis": (lambda a: R.prod(a, axis=1), lambda a: a.prod(1), [A3]),
    "prod_axes": (lambda a: R.prod(a, axis=(0, 2)), lambda a: a.prod(2).prod(0), [A3]),
    "logsumexp_all": (R.logsumexp, lambda a: a.logsumexp((0, 1)), [A]),
    "logsumexp_axis": (lambda a: R.logsumexp(a, axis=1, keepdims=True), lambda a: a.logsumexp(1, keepdim=True), [A]),
    "norm_default": (R.norm, lambda a: a.norm(), [A]),
    "norm_rows": (lambda a: R.norm(a, axis=-1), lambda a: a.norm(dim=-1), [A]),
    "norm_l1": (lambda a: R.norm(a, ord=1, axis=0), lambda a: a.norm(p=1, dim=0), [NONZERO]),
    "norm_inf_rows": (lambda a: R.norm(a, ord=np.inf, axis=1), lambda a: a.norm(p=float("inf"), dim=1), [DISTINCT]),
    "norm_l3": (lambda a: R.norm(a, ord=3, axis=1), lambda a: a.norm(p=3, dim=1), [NONZERO]),
    "cumsum_axis": (lambda a: R.cumsum(a, axis=1), lambda a: a.cumsum(1), [A]),
    "cumsum_flat": (R.cumsum, lambda a: a.flatten().cumsum(0), [A]),
    "cumprod_axis": (lambda a: R.cumprod(a, axis=0), lambda a: a.cumprod(0), [NONZERO]),
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


def test_prod_gradient_is_right_with_a_zero():
    x = Tensor(np.array([2.0, 0.0, 3.0]), requires_grad=True)
    R.prod(x).backward()
    np.testing.assert_allclose(x.grad, [0.0, 6.0, 0.0])


def test_logsumexp_does_not_overflow():
    out = R.logsumexp(np.array([1000.0, 1000.0]))
    np.testing.assert_allclose(out.numpy(), 1000 + np.log(2))


def test_arg_reductions_and_truth_reductions():
    assert ops.argmax(DISTINCT).numpy() == np.argmax(DISTINCT)
    np.testing.assert_array_equal(ops.argmax(DISTINCT, axis=1).numpy(), np.argmax(DISTINCT, axis=1))
    np.testing.assert_array_equal(ops.argmin(DISTINCT, axis=0).numpy(), np.argmin(DISTINCT, axis=0))
    assert ops.argmax(DISTINCT, axis=1).dtype == np.int32
    np.testing.assert_array_equal(ops.any(A > 1, axis=0).numpy(), np.any(A > 1, axis=0))
    np.testing.assert_array_equal(ops.all(A > -3, axis=1).numpy(), np.all(A > -3, axis=1))


def test_unsupported_norm_names_the_argument():
    with pytest.raises(ValueError, match="ord='nuc'"):
        R.norm(A, ord="nuc")


@pytest.mark.parametrize("order", [None, 1, 2, 3, np.inf])
def test_norm_of_a_vector_without_axis_is_numpys(order):
    v = np.array([3.0, -4.0, 1.0])
    np.testing.assert_allclose(R.norm(v, ord=order).numpy(), np.linalg.norm(v, order), rtol=1e-12)
