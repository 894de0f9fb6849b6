import numpy as np
import pytest

from glassnet.linear_model import LinearRegression, Ridge
from tests.linear_model.conftest import run_check_estimator

sklm = pytest.importorskip("sklearn.linear_model")
skd = pytest.importorskip("sklearn.datasets")


def test_check_estimator():
    # scikit-learn marks the same check as an expected failure for its own Ridge: n_iter_ is None
    # for the direct solvers, although the signature has max_iter for the iterative ones
    run_check_estimator(Ridge(), {"check_non_transformer_estimators_n_iter": "n_iter_ is None for direct solves"})


@pytest.mark.parametrize("alpha", [0.01, 1.0, 100.0])
@pytest.mark.parametrize("solver", ["auto", "svd"])
def test_matches_sklearn_on_diabetes(alpha, solver):
    X, y = skd.load_diabetes(return_X_y=True)
    ours, theirs = Ridge(alpha=alpha, solver=solver).fit(X, y), sklm.Ridge(alpha=alpha).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-10)


def test_wide_data_multi_target_and_weights():
    X, Y = skd.make_regression(30, 80, n_targets=2, random_state=0)  # more features than samples
    w = np.random.RandomState(1).uniform(0.5, 2, 30)
    ours = Ridge(alpha=[0.5, 2.0]).fit(X, Y, sample_weight=w)
    theirs = sklm.Ridge(alpha=[0.5, 2.0]).fit(X, Y, sample_weight=w)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-7)


def test_alpha_shrinks_and_zero_is_least_squares():
    X, y = skd.load_diabetes(return_X_y=True)
    norms = [np.linalg.norm(Ridge(alpha=a).fit(X, y).coef_) for a in (0.01, 1, 100)]
    assert norms[0] > norms[1] > norms[2]
    np.testing.assert_allclose(Ridge(alpha=0).fit(X, y).coef_, LinearRegression().fit(X, y).coef_, rtol=1e-8)


def test_bad_input():
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=-1).fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        Ridge().fit([[np.nan], [2.0]], [1.0, 2.0])


def test_positive_ridge_is_the_constrained_minimum():
    from scipy.optimize import nnls as scipy_nnls
    from sklearn.linear_model import Ridge as SkRidge
    rng = np.random.RandomState(0)
    X = rng.randn(80, 8)
    y = X @ rng.randn(8) + rng.randn(80)
    ours = Ridge(alpha=10.0, positive=True).fit(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    exact = scipy_nnls(np.vstack([Xc, np.sqrt(10.0) * np.eye(8)]), np.r_[yc, np.zeros(8)])[0]
    np.testing.assert_allclose(ours.coef_, exact, atol=1e-10)
    assert np.sum(ours.coef_ == 0) >= 2
    np.testing.assert_allclose(ours.coef_, SkRidge(alpha=10.0, positive=True).fit(X, y).coef_, atol=5e-3)
    with pytest.raises(ValueError, match="solver='svd' does not support positive"):
        Ridge(positive=True, solver="svd").fit(X, y)


@pytest.mark.parametrize("solver", ["lsqr", "sparse_cg", "sag", "saga", "lbfgs"])
def test_scikit_learn_solver_names_reach_the_same_minimum(solver):
    rng = np.random.RandomState(1)
    X = rng.randn(60, 5)
    y = X @ rng.randn(5)
    np.testing.assert_allclose(Ridge(solver=solver, max_iter=50, tol=1e-3, random_state=0).fit(X, y).coef_,
                               Ridge().fit(X, y).coef_)
