"""glassnet.ops.math: every rule against central differences and PyTorch float64, broadcasting, dtypes."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import math as M
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(21)
A = RNG.normal(size=(3, 4))
B = RNG.normal(size=(3, 4))
ROW = RNG.normal(size=(4,))
COL = RNG.normal(size=(3, 1))
POS = RNG.uniform(0.5, 2.0, size=(3, 4))
DISTINCT = RNG.permutation(12).reshape(3, 4).astype(float) + RNG.uniform(0, 0.1, size=(3, 4))


def _torch():
    return pytest.importorskip("torch")


CASES = {
    "add": (M.add, lambda a, b: a + b, [A, B]),
    "add_broadcast_row": (M.add, lambda a, b: a + b, [A, ROW]),
    "add_broadcast_col": (M.add, lambda a, b: a + b, [COL, A]),
    "subtract": (M.subtract, lambda a, b: a - b, [A, B]),
    "subtract_broadcast": (M.subtract, lambda a, b: a - b, [A, COL]),
    "multiply": (M.multiply, lambda a, b: a * b, [A, B]),
    "multiply_broadcast": (M.multiply, lambda a, b: a * b, [ROW, A]),
    "divide": (M.divide, lambda a, b: a / b, [A, POS]),
    "divide_broadcast": (M.divide, lambda a, b: a / b, [A, POS[:1]]),
    "negative": (M.negative, lambda a: -a, [A]),
    "power": (lambda a: M.power(a, 3), lambda a: a ** 3, [A]),
    "power_fractional": (lambda a: M.power(a, 1.5), lambda a: a ** 1.5, [POS]),
    "square": (M.square, lambda a: a ** 2, [A]),
    "sqrt": (M.sqrt, lambda a: a.sqrt(), [POS]),
    "abs": (M.abs, lambda a: a.abs(), [A]),
    "exp": (M.exp, lambda a: a.exp(), [A]),
    "log": (M.log, lambda a: a.log(), [POS]),
    "clip": (lambda a: M.clip(a, -0.5, 0.5), lambda a: a.clamp(-0.5, 0.5), [A]),
    "maximum": (M.maximum, lambda a, b: _torch().maximum(a, b), [A, B]),
    "matmul": (M.matmul, lambda a, b: a @ b, [A, RNG.normal(size=(4, 5))]),
    "matmul_vector": (M.matmul, lambda a, b: a @ b, [A, ROW]),
    "matmul_vector_left": (M.matmul, lambda a, b: a @ b, [RNG.normal(size=3), A]),
    "matmul_batched": (M.matmul, lambda a, b: a @ b, [RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 4, 5))]),
    "matmul_batched_shared": (M.matmul, lambda a, b: a @ b, [RNG.normal(size=(2, 3, 4)), RNG.normal(size=(4, 5))]),
    "sum_all": (M.sum, lambda a: a.sum(), [A]),
    "sum_axis0": (lambda a: M.sum(a, axis=0), lambda a: a.sum(0), [A]),
    "sum_axis1_keepdims": (lambda a: M.sum(a, axis=1, keepdims=True), lambda a: a.sum(1, keepdim=True), [A]),
    "sum_axes": (lambda a: M.sum(a, axis=(0, 2)), lambda a: a.sum((0, 2)), [RNG.normal(size=(2, 3, 4))]),
    "mean_all": (M.mean, lambda a: a.mean(), [A]),
    "mean_axis": (lambda a: M.mean(a, axis=-1), lambda a: a.mean(-1), [A]),
    "mean_keepdims": (lambda a: M.mean(a, axis=0, keepdims=True), lambda a: a.mean(0, keepdim=True), [A]),
    "max_all": (M.max, lambda a: a.max(), [DISTINCT]),
    "max_axis": (lambda a: M.max(a, axis=1), lambda a: a.max(1).values, [DISTINCT]),
    "max_keepdims": (lambda a: M.max(a, axis=0, keepdims=True), lambda a: a.max(0, keepdim=True).values, [DISTINCT]),
}


def _away_from_kinks(name, inputs):
    if name in ("abs",):
        return [np.where(np.abs(a) < 1e-2, 0.3, a) for a in inputs]
    if name == "clip":
        return [np.where(np.abs(np.abs(a) - 0.5) < 1e-2, 0.1, a) for a in inputs]
    if name == "maximum":
        a, b = inputs
        return [a, np.where(np.abs(a - b) < 1e-2, b + 0.5, b)]
    return inputs


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, _away_from_kinks(name, inputs)) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    _torch()
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, _away_from_kinks(name, inputs)) < 1e-6


def test_operators_use_the_ops():
    a, b = Tensor(A, requires_grad=True), Tensor(B, requires_grad=True)
    out = ((a + b) * a - b / 2.0) @ Tensor(np.ones((4, 1)))
    ops.sum(-out ** 2).backward()
    assert a.grad.shape == A.shape and b.grad.shape == B.shape
    assert check_gradients(lambda x, y: (2.0 - x) * (1.0 + y) / (3.0 + y * y), [A, B]) < 1e-6


@pytest.mark.parametrize("fn", [lambda t: t + 1, lambda t: 2 * t, lambda t: t / 3, lambda t: 1 - t,
                                lambda t: t ** 2, lambda t: M.exp(t), lambda t: M.mean(t, axis=0),
                                lambda t: M.max(t, axis=1), lambda t: t @ Tensor(np.ones((4, 2), dtype=np.float32))])
def test_float32_stays_float32_with_python_constants(fn):
    t = Tensor(A.astype(np.float32), requires_grad=True)
    out = fn(t)
    assert out.dtype == np.float32
    ops.sum(out).backward()
    assert t.grad.dtype == np.float32


def test_max_splits_gradient_between_ties():
    t = Tensor(np.array([[1.0, 3.0, 3.0]]), requires_grad=True)
    M.max(t).backward()
    np.testing.assert_allclose(t.grad, [[0, 0.5, 0.5]])


def test_mean_of_nothing_is_a_clear_error():
    empty = Tensor(np.zeros((0, 3), dtype=np.float32), requires_grad=True)
    with pytest.raises(ValueError, match=r"mean over 0 values.*\(0, 3\)"):
        M.mean(empty)
    with pytest.raises(ValueError, match="axis 0"):
        M.mean(empty, axis=0)
    assert M.mean(empty, axis=1).shape == (0,)  # reducing a non-empty axis is fine


def test_gradient_accumulates_when_a_tensor_is_used_twice():
    t = Tensor(A, requires_grad=True)
    (ops.sum(t * t) + ops.sum(t)).backward()
    np.testing.assert_allclose(t.grad, 2 * A + 1)
