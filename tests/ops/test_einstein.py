"""glassnet.ops.einstein (einsum): values and gradients of every operand against finite differences and PyTorch."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.ops.einstein import einsum
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(12)
A = RNG.normal(size=(2, 3, 4))
B = RNG.normal(size=(2, 4, 5))
M = RNG.normal(size=(3, 4))
V = RNG.normal(size=(4,))

CASES = {
    "batched_matmul": ("bij,bjk->bik", [A, B]),
    "ellipsis_matmul": ("...ij,...jk->...ik", [A, B]),
    "ellipsis_broadcast": ("...ij,jk->...ik", [A, B[0]]),
    "sum_all": ("ij->", [M]),
    "sum_one_axis_only_in_a": ("bij,bjk->bk", [A, B]),
    "outer": ("i,j->ij", [V, M[:, 0]]),
    "transpose": ("ij->ji", [M]),
    "implicit": ("ij,jk", [M, B[0]]),
    "implicit_ellipsis": ("...ij,...jk", [A, B]),
    "three_operands": ("i,ij,j->", [M[:, 0], M, V]),
    "attention_scores": ("bqd,bkd->bqk", [A, RNG.normal(size=(2, 5, 4))]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    spec, inputs = CASES[name]
    assert check_gradients(lambda *ts: einsum(spec, *ts), inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    torch = pytest.importorskip("torch")
    spec, inputs = CASES[name]
    assert check_against_torch(lambda *ts: einsum(spec, *ts), lambda *ts: torch.einsum(spec, *ts), inputs) < 1e-6


def test_repeated_index_has_no_gradient_but_a_clear_error():
    from glassnet.autodiff import Tensor
    t = Tensor(np.eye(3), requires_grad=True)
    out = einsum("ii->", t)
    assert float(out.numpy()) == 3.0
    with pytest.raises(ValueError, match="repeats an index"):
        out.backward()
    with pytest.raises(ValueError, match="names 2 operands, got 1"):
        einsum("ij,jk->ik", M)


def test_only_the_operands_that_need_a_gradient_get_one():
    from glassnet.autodiff import Tensor
    b = Tensor(B[0], requires_grad=True)
    out = einsum("ij,jk->ik", M, b)                       # M: a constant
    g = RNG.normal(size=out.shape)
    out.backward(g)
    np.testing.assert_allclose(b.grad, M.T @ g, rtol=1e-12)
    a = Tensor(M, requires_grad=True)
    out = einsum("ij,jk->ik", a, B[0])                    # the second operand a constant
    out.backward(g)
    np.testing.assert_allclose(a.grad, g @ B[0].T, rtol=1e-12)


def test_an_ellipsis_after_the_indices_has_no_gradient_but_a_clear_error():
    from glassnet.autodiff import Tensor
    a, b = Tensor(A, requires_grad=True), Tensor(A, requires_grad=True)
    out = einsum("i...,i...->...", a, b)
    np.testing.assert_allclose(out.numpy(), np.einsum("i...,i...->...", A, A))
    with pytest.raises(ValueError, match="operand 0 .*start of the subscripts"):
        out.backward(np.ones(out.shape))
