import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model import Lasso
from tests.linear_model.conftest import run_check_estimator

sklm = pytest.importorskip("sklearn.linear_model")
skd = pytest.importorskip("sklearn.datasets")


def test_check_estimator():
    run_check_estimator(Lasso())


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0])
def test_matches_sklearn_on_diabetes(alpha):
    X, y = skd.load_diabetes(return_X_y=True)
    kw = dict(alpha=alpha, tol=1e-10, max_iter=100000)
    ours, theirs = Lasso(**kw).fit(X, y), sklm.Lasso(**kw).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4 * np.abs(theirs.coef_).max())
    np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-8)


def test_lasso_selects_features():
    X, y, coef = skd.make_regression(200, 20, n_informative=3, noise=1.0, coef=True, random_state=0)
    model = Lasso(alpha=1.0).fit(X, y)
    np.testing.assert_array_equal(np.flatnonzero(model.coef_), np.flatnonzero(coef))


def test_default_tolerance_matches_sklearn_and_warns_when_stopped_early():
    X, y = skd.load_diabetes(return_X_y=True)
    ours, theirs = Lasso(alpha=0.1).fit(X, y), sklm.Lasso(alpha=0.1).fit(X, y)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-4)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        Lasso(alpha=0.001, max_iter=2).fit(X, y)
