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
