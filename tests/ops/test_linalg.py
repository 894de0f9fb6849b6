"""glassnet.ops.linalg: inverse, solve, determinants and Cholesky with gradients (finite differences,
PyTorch); the factorisations as NumPy's, refusing to be trained through."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import linalg as L
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(10)
A = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
BATCH = RNG.normal(size=(2, 3, 3)) + 3 * np.eye(3)
B = RNG.normal(size=(3, 2))
SPD = A @ A.T + np.eye(3)


def _torch():
    return pytest.importorskip("torch")


CASES = {
    "inv": (L.inv, lambda a: _torch().linalg.inv(a), [A]),
    "inv_batched": (L.inv, lambda a: _torch().linalg.inv(a), [BATCH]),
    "solve_matrix": (L.solve, lambda a, b: _torch().linalg.solve(a, b), [A, B]),
    "solve_vector": (L.solve, lambda a, b: _torch().linalg.solve(a, b), [A, B[:, 0]]),
    "solve_triangular_lower": (lambda a, b: L.solve_triangular(a, b, lower=True),
                               lambda a, b: _torch().linalg.solve_triangular(a.tril(), b, upper=False), [A, B]),
    "solve_triangular_upper": (lambda a, b: L.solve_triangular(a, b),
                               lambda a, b: _torch().linalg.solve_triangular(a.triu(), b, upper=True), [A, B]),
    "det": (L.det, lambda a: _torch().linalg.det(a), [A]),
    "det_batched": (L.det, lambda a: _torch().linalg.det(a), [BATCH]),
    "slogdet": (lambda a: L.slogdet(a)[1], lambda a: _torch().linalg.slogdet(a)[1], [A]),
    # the gradient of a Cholesky factor is defined for symmetric perturbations: feed (X + Xᵀ)/2
    "cholesky": (lambda a: L.cholesky((a + ops.transpose(a)) * 0.5),
                 lambda a: _torch().linalg.cholesky((a + a.T) * 0.5), [SPD]),
    "cholesky_upper": (lambda a: L.cholesky((a + ops.transpose(a)) * 0.5, upper=True),
                       lambda a: _torch().linalg.cholesky((a + a.T) * 0.5, upper=True), [SPD]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_factorisations_reconstruct_the_matrix():
    q, r = L.qr(A)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), A, atol=1e-12)
    u, s, vt = L.svd(A)
    np.testing.assert_allclose(u.numpy() * s.numpy() @ vt.numpy(), A, atol=1e-12)
    np.testing.assert_allclose(L.svd(A, compute_uv=False).numpy(), s.numpy())
    w, v = L.eigh(SPD)
    np.testing.assert_allclose(SPD @ v.numpy(), v.numpy() * w.numpy(), atol=1e-10)
    w, v = L.eig(A)
    np.testing.assert_allclose(A @ v.numpy(), v.numpy() * w.numpy(), atol=1e-10)


def test_lu_factor_matches_lapack_packing():
    scipy_linalg = pytest.importorskip("scipy.linalg")
    lu, piv = L.lu_factor(A)
    ref_lu, ref_piv = scipy_linalg.lu_factor(A)
    np.testing.assert_allclose(lu.numpy(), ref_lu, atol=1e-12)
    np.testing.assert_array_equal(piv.numpy(), ref_piv)
    batched, _ = L.lu_factor(BATCH)
    np.testing.assert_allclose(batched.numpy()[1], scipy_linalg.lu_factor(BATCH[1])[0], atol=1e-12)


def test_lstsq_equals_numpy():
    tall = RNG.normal(size=(6, 3))
    np.testing.assert_allclose(L.lstsq(tall, B[:, 0].tolist() + [0, 1, 2]).numpy(),
                               np.linalg.lstsq(tall, B[:, 0].tolist() + [0, 1, 2], rcond=None)[0])


def test_training_through_a_factorisation_is_refused_loudly():
    x = Tensor(A, requires_grad=True)
    q, _ = L.qr(x)
    with pytest.raises(NotImplementedError, match="ops.qr has no gradient"):
        q.sum().backward()


def test_exported_as_ops_and_ops_linalg():
    for name in ["inv", "solve", "solve_triangular", "lstsq", "det", "slogdet", "cholesky", "qr", "svd", "eig", "eigh", "lu_factor"]:
        assert callable(getattr(ops, name)) and callable(getattr(ops.linalg, name)), name
