"""Every way out of the L-BFGS and Newton solvers (glassnet/linear_model/_optimize.py), which
LogisticRegression uses: the stopping rule max|g| <= gtol (as scipy's pgtol), the last iteration,
a Hessian that cannot be inverted, an uphill Newton step, and a line search that finds no decrease."""
import numpy as np
import pytest

from glassnet.linear_model._optimize import lbfgs, newton


def half_square(x):
    """f = ½‖x‖², g = x, H = I."""
    return 0.5 * float(x @ x), x.copy()


@pytest.mark.parametrize("solve", [lbfgs, lambda fun, x0, **kw: newton(fun, lambda x: np.eye(len(x)), x0, **kw)])
def test_a_gradient_exactly_at_gtol_is_converged_before_any_step(solve):
    x0 = np.array([1e-4, -5e-5])
    x, f, n_iter, converged = solve(half_square, x0, gtol=1e-4)
    assert converged and n_iter == 0
    np.testing.assert_array_equal(x, x0)


def test_the_last_iteration_counts_for_convergence():
    # from x = 4: the first L-BFGS step is t = 1/|g| = 1/4 along −g, to x = 3, where |g| = 3 = gtol
    x, f, n_iter, converged = lbfgs(half_square, np.array([4.0]), gtol=3.0, max_iter=1, ftol=0.0)
    np.testing.assert_array_equal(x, [3.0])
    assert f == 4.5 and n_iter == 1 and converged
    x, f, n_iter, converged = lbfgs(half_square, np.array([4.0]), gtol=2.9, max_iter=1, ftol=0.0)
    assert n_iter == 1 and not converged
    # one Newton step solves a quadratic: g = 0 after the last (only) iteration
    x, f, n_iter, converged = newton(half_square, lambda x: np.eye(1), np.array([4.0]), gtol=0.0, max_iter=1, ftol=0.0)
    np.testing.assert_array_equal(x, [0.0])
    assert n_iter == 1 and converged


def test_newton_with_a_singular_hessian_takes_the_least_squares_step():
    # f = ½(x₀ + 2x₁ − 2)²: H = [[1, 2], [2, 4]] has no inverse; the minimum-norm solution of
    # H d = −g lands on the minimum (0.4, 0.8) in one step (plain −g steps would need many)
    def fun(x):
        r = x[0] + 2 * x[1] - 2.0
        return 0.5 * r * r, r * np.array([1.0, 2.0])
    H = np.array([[1.0, 2.0], [2.0, 4.0]])
    x, f, n_iter, converged = newton(fun, lambda x: H, np.zeros(2), gtol=1e-12, ftol=0.0)
    assert converged and n_iter == 1
    np.testing.assert_allclose(x, [0.4, 0.8], atol=1e-12)


def test_newton_goes_downhill_where_the_hessian_is_negative():
    # f = x⁴/4 − x²/2 at x = 0.3: f'' < 0, so the Newton step points uphill (towards the maximum
    # at 0); the solver takes −g instead and reaches the minimum at 1
    def fun(x):
        return float(x[0] ** 4 / 4 - x[0] ** 2 / 2), np.array([x[0] ** 3 - x[0]])
    x, f, n_iter, converged = newton(fun, lambda x: np.array([[3 * x[0] ** 2 - 1]]), np.array([0.3]), gtol=1e-10)
    assert converged
    np.testing.assert_allclose(x, [1.0], atol=1e-8)
    assert f == pytest.approx(-0.25)


@pytest.mark.parametrize("solve", [lbfgs, lambda fun, x0, **kw: newton(fun, lambda x: np.eye(len(x)), x0, **kw)])
def test_a_line_search_that_finds_no_decrease_stops_without_converging(solve):
    # f is finite only at the start: every trial step is refused, so x stays where it was (x0 = 0,
    # so that even the smallest trial step t = 2⁻⁶⁰ moves x)
    x0 = np.zeros(2)

    def fun(x):
        return (1.0 if np.array_equal(x, x0) else np.inf), np.array([1.0, -1.0])
    x, f, n_iter, converged = solve(fun, x0, gtol=1e-6)
    np.testing.assert_array_equal(x, x0)
    assert f == 1.0 and n_iter == 1 and converged is False
