import numpy as np

from glassnet.linear_model._optimize import lbfgs, newton


def _quadratic():
    rng = np.random.RandomState(0)
    M = rng.normal(size=(6, 6))
    A = M @ M.T + 6 * np.eye(6)
    b = rng.normal(size=6)
    return A, b, (lambda x: (0.5 * x @ A @ x - b @ x, A @ x - b))


def test_lbfgs_and_newton_minimise_a_quadratic():
    A, b, fun = _quadratic()
    solution = np.linalg.solve(A, b)
    x, _, _, converged = lbfgs(fun, np.zeros(6), max_iter=200, gtol=1e-10, ftol=0)
    assert converged
    np.testing.assert_allclose(x, solution, atol=1e-8)
    x, _, n_iter, converged = newton(fun, lambda x: A, np.zeros(6), gtol=1e-10, ftol=0)
    assert converged and n_iter <= 2  # one Newton step solves a quadratic exactly
    np.testing.assert_allclose(x, solution, atol=1e-10)


def test_lbfgs_on_rosenbrock():
    def fun(x):
        f = 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2
        g = np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])
        return f, g
    x, _, _, converged = lbfgs(fun, np.array([-1.2, 1.0]), max_iter=500, gtol=1e-8, ftol=0)
    assert converged
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-6)
