"""glassnet.ops.arrays: values as NumPy's, gradients against finite differences (and PyTorch for products)."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import arrays as A
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(7)
M34 = RNG.normal(size=(3, 4))
SQ = RNG.normal(size=(4, 4))
V3, W3 = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))


def test_unstack_gives_the_slices_and_their_gradients_return_home():
    x = Tensor(M34, requires_grad=True)
    parts = A.unstack(x, axis=1)
    assert len(parts) == 4
    np.testing.assert_array_equal(parts[2].numpy(), M34[:, 2])
    (parts[2] * 3.0).sum().backward()
    expected = np.zeros_like(M34)
    expected[:, 2] = 3.0
    np.testing.assert_array_equal(x.grad, expected)
    with pytest.raises(ValueError, match="num=3"):
        A.unstack(x, num=3, axis=1)


def test_meshgrid_tri_logspace_and_empty_equal_numpy():
    gx, gy = A.meshgrid(np.arange(3), np.arange(2))
    rx, ry = np.meshgrid(np.arange(3), np.arange(2))
    np.testing.assert_array_equal(gx.numpy(), rx)
    np.testing.assert_array_equal(gy.numpy(), ry)
    assert A.meshgrid(np.arange(3), np.arange(2), indexing="ij")[0].shape == (3, 2)
    np.testing.assert_array_equal(A.tri(3, 4, 1).numpy(), np.tri(3, 4, 1))
    np.testing.assert_allclose(A.logspace(0, 2, 3).numpy(), [1, 10, 100])
    assert A.empty((2, 3)).shape == (2, 3) and not A.empty((2,)).numpy().any()


CASES = {
    "roll": (lambda a: A.roll(a, 2, axis=1), [M34]),
    "roll_flat": (lambda a: A.roll(a, -5), [M34]),
    "roll_two_axes": (lambda a: A.roll(a, (1, -1), axis=(0, 1)), [M34]),
    "diagonal": (lambda a: A.diagonal(a, 1), [M34]),
    "diag_of_matrix": (lambda a: A.diag(a, -1), [SQ]),
    "diag_of_vector": (lambda a: A.diag(a, 1), [M34[0]]),
    "trace": (lambda a: A.trace(a), [SQ]),
    "outer": (A.outer, [M34[0], M34[1, :3]]),
    "vdot": (A.vdot, [M34, M34 * 2 + 1]),
    "cross": (A.cross, [V3, W3]),
    "diff": (lambda a: A.diff(a, 2, axis=1), [M34]),
    "select": (lambda a, b: A.select([M34 > 0.5, M34 < -0.5], [a, b], 0.0), [M34, M34 * 3]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


def test_values_equal_numpy():
    np.testing.assert_array_equal(A.roll(M34, 2, axis=1).numpy(), np.roll(M34, 2, axis=1))
    np.testing.assert_array_equal(A.diag(M34[0], 1).numpy(), np.diag(M34[0], 1))
    np.testing.assert_allclose(A.trace(SQ).numpy(), np.trace(SQ))
    np.testing.assert_allclose(A.outer(M34[0], M34[1]).numpy(), np.outer(M34[0], M34[1]))
    np.testing.assert_allclose(A.vdot(M34, M34).numpy(), np.vdot(M34, M34))
    np.testing.assert_allclose(A.cross(V3, W3).numpy(), np.cross(V3, W3))
    np.testing.assert_allclose(A.diff(M34, 2).numpy(), np.diff(M34, 2))
    conds, choices = [M34 > 0.5, M34 < -0.5], [M34, M34 * 3]
    np.testing.assert_allclose(A.select(conds, choices, -1.0).numpy(), np.select(conds, choices, -1.0))


@pytest.mark.parametrize("name", ["outer", "cross"])
def test_products_match_torch(name):
    torch = pytest.importorskip("torch")
    fn, inputs = CASES[name]
    reference = {"outer": lambda a, b: torch.outer(a, b), "cross": lambda a, b: torch.linalg.cross(a, b)}[name]
    assert check_against_torch(fn, reference, inputs) < 1e-6


def test_switch_calls_the_chosen_branch_and_clamps_the_index():
    branches = [lambda x: x + 1, lambda x: x * 10]
    assert A.switch(1, branches, 2) == 20
    assert A.switch(7, branches, 2) == 20 and A.switch(-3, branches, 2) == 3


def test_exported_in_ops():
    for name in ["unstack", "meshgrid", "roll", "diagonal", "diag", "trace", "tri", "outer", "vdot", "cross", "diff",
                 "logspace", "empty", "select", "switch"]:
        assert callable(getattr(ops, name)), name
