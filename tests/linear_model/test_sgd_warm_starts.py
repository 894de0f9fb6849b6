"""SGD that continues: warm_start, partial_fit and coef_init/intercept_init give scikit-learn's very
coefficients (without shuffling the updates are the same), and partial_fit never warns about
convergence (one epoch is all it was asked for)."""
import warnings

import numpy as np
import pytest

import glassnet.linear_model as ours
from glassnet.exceptions import ConvergenceWarning

theirs = pytest.importorskip("sklearn.linear_model")

RNG = np.random.RandomState(1)
X = RNG.normal(size=(25, 3))
Y_CLASS = (X[:, 0] - X[:, 2] > 0).astype(int)
Y_REAL = X @ np.array([0.5, -1.0, 2.0]) + 0.1 * RNG.normal(size=25)
CASES = [("SGDClassifier", Y_CLASS), ("SGDRegressor", Y_REAL)]


def _same(mine, reference):
    np.testing.assert_allclose(mine.coef_, reference.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(mine.intercept_, reference.intercept_, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name, y", CASES)
def test_warm_start_continues_from_the_last_fit_like_sklearn(name, y):
    kwargs = dict(warm_start=True, shuffle=False, max_iter=2, tol=None, learning_rate="invscaling", eta0=0.01)
    mine, reference = getattr(ours, name)(**kwargs), getattr(theirs, name)(**kwargs)
    first = mine.fit(X, y).coef_.copy()
    reference.fit(X, y)
    mine.fit(X, y)
    reference.fit(X, y)
    _same(mine, reference)
    assert not np.allclose(mine.coef_, first)


@pytest.mark.parametrize("name, y", CASES)
def test_partial_fit_is_one_epoch_from_where_it_was_like_sklearn_and_never_warns(name, y):
    kwargs = dict(shuffle=False, learning_rate="invscaling", eta0=0.05)
    mine, reference = getattr(ours, name)(**kwargs), getattr(theirs, name)(**kwargs)
    extra = {"classes": [0, 1]} if name == "SGDClassifier" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        for _ in range(3):
            mine.partial_fit(X, y, **extra)
            reference.partial_fit(X, y, **extra)
            _same(mine, reference)
    assert mine.n_iter_ == 1


@pytest.mark.parametrize("name, y", CASES)
@pytest.mark.parametrize("with_intercept", [False, True])
def test_coef_init_and_intercept_init_start_the_descent_like_sklearn(name, y, with_intercept):
    coef = np.array([[0.3, -0.2, 0.1]]) if name == "SGDClassifier" else np.array([0.3, -0.2, 0.1])
    extra = {"intercept_init": np.array([0.5])} if with_intercept else {}
    kwargs = dict(shuffle=False, max_iter=1, tol=None, learning_rate="constant", eta0=0.01)
    mine = getattr(ours, name)(**kwargs).fit(X, y, coef_init=coef, **extra)
    reference = getattr(theirs, name)(**kwargs).fit(X, y, coef_init=coef, **extra)
    _same(mine, reference)
    assert mine.n_features_in_ == 3 and mine.t_ == reference.t_
