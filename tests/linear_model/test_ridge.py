import numpy as np
import pytest

from glassnet.linear_model import LinearRegression, Ridge
from tests.linear_model.conftest import run_check_estimator

sklm = pytest.importorskip("sklearn.linear_model")
skd = pytest.importorskip("sklearn.datasets")


def test_check_estimator():
    run_check_estimator(Ridge())


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
