"""FISTA and the active-set finish: the lasso's optimum, from any start, and honest flags and values."""
import warnings

import numpy as np
import pytest
from sklearn.linear_model import Lasso as SkLasso

from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model import LogisticRegression
from glassnet.linear_model._proximal import fista, polish_on_support


def _lasso_problem(seed, n=40, d=8, scale=1.0):
    """f(θ) = ½‖Aθ − b‖² with correlated columns, and its lasso optimum from scikit-learn at tol 1e-14."""
    rng = np.random.RandomState(seed)
    A = scale * (rng.randn(n, d) + 0.5 * rng.randn(n, 1))
    b = A[:, :3] @ np.array([2.0, -1.5, 1.0]) + 0.3 * scale * rng.randn(n)
    lam = 0.1 * np.max(np.abs(A.T @ b))
    ref = SkLasso(alpha=lam / n, fit_intercept=False, tol=1e-14, max_iter=1_000_000).fit(A, b).coef_

    def fun(theta):
        r = A @ theta - b
        return 0.5 * float(r @ r), A.T @ r
    return fun, lam, ref


@pytest.mark.parametrize("seed", range(3))
def test_fista_reaches_the_lasso_optimum_far_below_tol(seed):
    """The active-set finish makes the answer exact on its support, not only within tol."""
    fun, lam, ref = _lasso_problem(seed)
    theta, value, _, converged = fista(fun, np.zeros(len(ref)), lam, tol=1e-4)
    assert converged
    np.testing.assert_allclose(theta, ref, atol=2e-6)    # FISTA alone stops about tol / L away
    np.testing.assert_array_equal(theta == 0, ref == 0)
    assert np.any(ref == 0) and np.any(ref != 0)
    assert value == pytest.approx(fun(theta)[0] + lam * np.abs(theta).sum(), rel=1e-12)


@pytest.mark.parametrize("scale", [1.0, 0.01])          # 0.01: every gradient far below 1
@pytest.mark.parametrize("start", ["zeros", "wrong signs", "dense", "optimum"])
def test_polish_reaches_the_optimum_from_any_start(start, scale):
    """Feature-sign search: weights join, leave or change sign until the optimality conditions hold."""
    fun, lam, ref = _lasso_problem(1, scale=scale)
    rng = np.random.RandomState(3)
    x0 = {"zeros": np.zeros(len(ref)), "wrong signs": -ref + 0.5 * (ref == 0),
          "dense": rng.randn(len(ref)), "optimum": ref}[start]
    x, _, optimal = polish_on_support(fun, x0, np.full(len(ref), lam), tol=1e-6, max_iter=1000)
    assert optimal
    np.testing.assert_allclose(x, ref, atol=1e-7)
    np.testing.assert_array_equal(x == 0, ref == 0)


def test_polish_frees_an_unpenalised_entry_that_starts_at_zero():
    """An entry with λ₁ = 0 (an intercept) is always free, even at 0: it ends at its least-squares value."""
    fun, lam, ref = _lasso_problem(2)
    d = len(ref)

    def with_offset(theta):                   # one extra column of ones, the unpenalised last entry
        f, g = fun(theta[:d])
        f2 = f + 0.5 * (theta[d] - 3.0) ** 2
        return f2, np.append(g, theta[d] - 3.0)
    l1 = np.append(np.full(d, lam), 0.0)
    x, _, optimal = polish_on_support(with_offset, np.zeros(d + 1), l1, tol=1e-6, max_iter=1000)
    assert optimal
    assert x[d] == pytest.approx(3.0, abs=1e-8)
    np.testing.assert_allclose(x[:d], ref, atol=1e-7)


def test_fista_out_of_iterations_says_so():
    fun, lam, _ = _lasso_problem(0, n=60, d=20)
    _, _, n_iter, converged = fista(fun, np.zeros(20), lam / 20, max_iter=1, tol=1e-12)
    assert not converged


def test_l1_logistic_regression_out_of_iterations_warns():
    rng = np.random.RandomState(0)
    X = rng.randn(200, 10) @ rng.randn(10, 10)
    y = (X[:, 0] + 0.5 * rng.randn(200) > 0).astype(int)
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        LogisticRegression(penalty="l1", solver="saga", C=10.0, max_iter=1, tol=1e-10).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        LogisticRegression(penalty="l1", solver="saga", C=10.0, max_iter=10000, tol=1e-6).fit(X, y)


def test_fista_on_a_problem_it_solves_exactly_says_converged():
    """With f(θ) = ½‖θ − v‖², the minimiser of f + λ‖θ‖₁ is the soft threshold S(v, λ)."""
    v = np.array([3.0, -0.2, 0.5, -2.0, 0.0])
    theta, value, _, converged = fista(lambda t: (0.5 * float((t - v) @ (t - v)), t - v), np.zeros(5), 0.4,
                                       tol=1e-10)
    assert converged
    np.testing.assert_allclose(theta, [2.6, 0.0, 0.1, -1.6, 0.0], atol=1e-12)


def test_the_active_set_finish_completes_what_a_short_fista_run_began():
    """Two FISTA steps find the support; the finish solves it exactly, and the result says converged."""
    v = np.array([3.0, -0.2, 0.5, -2.0, 0.0])
    theta, _, _, converged = fista(lambda t: (0.5 * float((t - v) @ (t - v)), t - v), np.zeros(5), 0.4,
                                   tol=1e-10, max_iter=2)
    assert converged
    np.testing.assert_allclose(theta, [2.6, 0.0, 0.1, -1.6, 0.0], atol=1e-12)


def test_a_joining_weight_that_turns_the_wrong_way_stays_out_and_the_finish_is_exact():
    """Two strongly correlated features: from (0, −0.21) the first joins with the sign that lowers F
    at 0, but the minimum on the support pushes it the other way; it must stay out of that round,
    and the rounds must still end at the lasso's optimum."""
    A = np.array([[-0.114103, -0.092979], [0.047365, -0.019335], [1.535029, 0.598412],
                  [0.149265, -0.043727], [1.395472, 0.429487], [-0.569517, -0.403862]])
    b = np.array([5.852326, -1.528957, -1.314223, -3.758386, 2.332471, -4.841694])
    lam = np.full(2, 0.40204220892648745)

    def fun(t):
        r = A @ t - b
        return 0.5 * float(r @ r), A.T @ r

    x, _, optimal = polish_on_support(fun, np.array([0.0, -0.21274]), lam, tol=1e-10, max_iter=500)
    reference, _, _, _ = fista(fun, np.zeros(2), lam, tol=1e-12, max_iter=100000)
    assert optimal
    np.testing.assert_allclose(x, reference, atol=1e-8)
    g = fun(x)[1]
    assert np.all(np.abs(g[x == 0]) <= lam[x == 0] + 1e-9)
    np.testing.assert_allclose(g[x != 0], -lam[x != 0] * np.sign(x[x != 0]), atol=1e-8)
