import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning, NotFittedError
from glassnet.linear_model import LinearRegression
from tests.linear_model.conftest import run_check_estimator, scaled_split

sklm = pytest.importorskip("sklearn.linear_model")
skd = pytest.importorskip("sklearn.datasets")


def test_check_estimator():
    run_check_estimator(LinearRegression())


def test_check_estimator_gradient_descent_after_scaling():
    """Descent needs features of one scale (the checks' data are not): behind a StandardScaler it passes."""
    from glassnet.pipeline import make_pipeline
    from glassnet.preprocessing import StandardScaler
    run_check_estimator(make_pipeline(StandardScaler(), LinearRegression(solver="gd", learning_rate=0.1)),
                        {"check_estimators_overwrite_params": "a Pipeline fits its steps in place"})


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_normal_equation_matches_sklearn_on_diabetes(fit_intercept):
    X, y = skd.load_diabetes(return_X_y=True)
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    theirs = sklm.LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8, atol=1e-10)


def test_multi_output_and_sample_weight_match_sklearn():
    X, Y = skd.make_regression(200, 8, n_targets=3, noise=5.0, random_state=0)
    w = np.random.RandomState(0).uniform(0.1, 3, 200)
    ours = LinearRegression().fit(X, Y, sample_weight=w)
    theirs = sklm.LinearRegression().fit(X, Y, sample_weight=w)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8, atol=1e-10)
    assert ours.predict(X).shape == (200, 3)


def test_rank_deficient_design_is_solved_stably():
    X = np.random.RandomState(0).normal(size=(50, 3))
    X = np.column_stack([X, X[:, 0] + X[:, 1]])  # XᵀX is singular: inv(XᵀX) would fail
    y = X @ np.array([1.0, 2.0, -1.0, 0.5]) + 3
    model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.predict(X), y, atol=1e-9)
    np.testing.assert_allclose(model.coef_, sklm.LinearRegression().fit(X, y).coef_, atol=1e-9)


@pytest.mark.filterwarnings("ignore::glassnet.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("solver,batch_size,rate", [("gd", None, 0.1), ("gd", 16, 0.02), ("sgd", None, 0.005),
                                                    ("sgd", 1, 0.005)])
def test_descent_solvers_reach_the_normal_equation(solver, batch_size, rate):
    X, y = skd.make_regression(300, 5, noise=10.0, bias=3.0, random_state=0)
    exact = LinearRegression().fit(X, y)
    model = LinearRegression(solver=solver, batch_size=batch_size, learning_rate=rate,
                             max_iter=500 if solver == "gd" and batch_size is None else 30,
                             gd_tol=1e-10, random_state=0).fit(X, y)
    assert model.score(X, y) == pytest.approx(exact.score(X, y), abs=0.005)
    assert len(model.loss_curve_) == model.n_iter_
    if batch_size is None and solver == "gd":
        # full-batch descent with a small enough step never increases the loss, and converges
        assert np.all(np.diff(model.loss_curve_) <= 1e-9)
        assert model.n_iter_ < 500
        np.testing.assert_allclose(model.coef_, exact.coef_, rtol=1e-4)
        assert model.intercept_ == pytest.approx(exact.intercept_, rel=1e-3)


def test_mini_batch_stopping_warns():
    X, y = skd.make_regression(100, 3, noise=10.0, random_state=0)
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        LinearRegression(solver="sgd", learning_rate=0.01, max_iter=5, random_state=0).fit(X, y)


def test_gd_tol_is_the_stopping_rule():
    X, _, y, _ = scaled_split("diabetes")
    loose = LinearRegression(solver="gd", learning_rate=0.1, gd_tol=1e-2, max_iter=100000).fit(X, y)
    tight = LinearRegression(solver="gd", learning_rate=0.1, gd_tol=1e-8, max_iter=100000).fit(X, y)
    assert loose.n_iter_ < tight.n_iter_


def test_divergence_is_reported():
    X, y = skd.load_diabetes(return_X_y=True)
    with pytest.raises(ValueError, match="diverged.*smaller learning_rate"):
        LinearRegression(solver="gd", learning_rate=100.0).fit(X * 100, y)


def test_bad_input():
    model = LinearRegression()
    with pytest.raises(NotFittedError):
        model.predict([[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        model.fit([[1.0], [np.nan]], [1.0, 2.0])
    with pytest.raises(ValueError, match="infinity"):
        model.fit([[1.0], [np.inf]], [1.0, 2.0])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        model.fit([[1.0], [2.0]], [1.0])
    with pytest.raises(ValueError, match="2D array"):
        model.fit([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="solver"):
        LinearRegression(solver="inverse").fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="expecting 1 features"):
        model.fit([[1.0], [2.0]], [1.0, 2.0]).predict([[1.0, 2.0]])


def test_ill_conditioned_design_is_cut_off_as_scikit_learn_does():
    """scikit-learn's under/over-fitting example: degree-15 polynomial features of 30 points."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    from sklearn.model_selection import cross_val_score as sk_cross_val_score
    from sklearn.pipeline import make_pipeline as sk_make_pipeline
    from sklearn.preprocessing import PolynomialFeatures as SkPolynomialFeatures
    from glassnet.model_selection import cross_val_score
    from glassnet.pipeline import make_pipeline
    from glassnet.preprocessing import PolynomialFeatures
    rng = np.random.RandomState(0)
    X = np.sort(rng.rand(30))[:, None]
    y = np.cos(1.5 * np.pi * X.ravel()) + rng.randn(30) * 0.1
    ours = -cross_val_score(make_pipeline(PolynomialFeatures(15, include_bias=False), LinearRegression()),
                            X, y, scoring="neg_mean_squared_error", cv=10)
    theirs = -sk_cross_val_score(sk_make_pipeline(SkPolynomialFeatures(15, include_bias=False),
                                                  SkLinearRegression()), X, y, scoring="neg_mean_squared_error", cv=10)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)
    assert ours.mean() < 1.0                      # not 1e8: the noise directions are cut off
    Xp = PolynomialFeatures(15, include_bias=False).fit_transform(X)
    model = LinearRegression().fit(Xp, y)
    reference = SkLinearRegression().fit(Xp, y)
    assert model.rank_ == reference.rank_ < 15
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-6, atol=1e-6)
    exact = LinearRegression(tol=0.0).fit(Xp, y)  # no cut-off: every direction is kept
    assert exact.rank_ == 15 and not np.allclose(exact.coef_, model.coef_, rtol=0.1)


def test_positive_is_scikit_learns_non_negative_least_squares():
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    rng = np.random.RandomState(0)
    X = rng.randn(200, 10)
    y = X @ rng.randn(10) + rng.randn(200)
    w = rng.rand(200)
    for fit in ({}, {"sample_weight": w}):
        ours = LinearRegression(positive=True).fit(X, y, **fit)
        theirs = SkLinearRegression(positive=True).fit(X, y, **fit)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-12)
        assert ours.intercept_ == pytest.approx(theirs.intercept_, abs=1e-12)
    assert np.all(ours.coef_ >= 0) and np.sum(ours.coef_ == 0) >= 3
    assert np.any(LinearRegression().fit(X, y).coef_ < 0)
    with pytest.raises(ValueError, match="positive=True.*solver='normal'"):
        LinearRegression(positive=True, solver="gd").fit(X, y)
