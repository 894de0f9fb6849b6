import numpy as np
import pytest
from scipy.optimize import nnls as scipy_nnls

from glassnet.linear_model._nnls import nnls


@pytest.mark.parametrize("seed", range(4))
def test_nnls_equals_scipys(seed):
    rng = np.random.RandomState(seed)
    A, b = rng.randn(40, 10), rng.randn(40)
    w = nnls(A, b)
    np.testing.assert_allclose(w, scipy_nnls(A, b)[0], atol=1e-10)
    assert np.all(w >= 0) and np.any(w == 0) and np.any(w > 0)
    g = A.T @ (b - A @ w)                          # KKT: zero gradient where free, none pointing up where held
    np.testing.assert_allclose(g[w > 0], 0, atol=1e-9)
    assert np.all(g[w == 0] <= 1e-9)


def test_nnls_with_a_nonnegative_unconstrained_solution_is_least_squares():
    rng = np.random.RandomState(0)
    A = rng.randn(30, 4)
    b = A @ np.array([1.0, 2.0, 0.5, 3.0])
    np.testing.assert_allclose(nnls(A, b), [1.0, 2.0, 0.5, 3.0], atol=1e-10)


@pytest.mark.parametrize("seed", [6, 7, 25])
def test_nnls_stepping_back_from_negative_weights_equals_scipys(seed):
    """Correlated columns: adding a weight pushes earlier ones below 0, so the solver must step back."""
    rng = np.random.RandomState(seed)
    A = rng.randn(30, 3) @ rng.randn(3, 8) + 0.05 * rng.randn(30, 8)
    b = rng.randn(30)
    w = nnls(A, b)
    np.testing.assert_allclose(w, scipy_nnls(A, b)[0], atol=1e-10)
    assert np.all(w >= 0)
    g = A.T @ (b - A @ w)
    np.testing.assert_allclose(g[w > 0], 0, atol=1e-9)
    assert np.all(g[w == 0] <= 1e-9)


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e6])
def test_nnls_does_not_depend_on_the_units_of_the_data(scale):
    """Measuring A and b in other units (both × scale) leaves w unchanged, as in scipy."""
    rng = np.random.RandomState(0)
    A, b = rng.randn(40, 10), rng.randn(40)
    expected = scipy_nnls(A, b)[0]
    np.testing.assert_allclose(nnls(scale * A, scale * b), expected, atol=1e-10)
    np.testing.assert_allclose(nnls(A, scale * b), scale * expected, rtol=1e-9, atol=1e-10 * scale)


def test_nnls_of_zero_data_is_zero():
    assert np.array_equal(nnls(np.zeros((5, 3)), np.zeros(5)), np.zeros(3))
