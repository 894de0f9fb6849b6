"""Estimators trained by gradient descent keep the path of their parameters when asked (record_path=True)."""
import numpy as np
import pytest

from glassnet.linear_model import LinearRegression, LogisticRegression, SGDRegressor


def _line(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 1))
    return X, 2.0 * X[:, 0] + 1.0 + 0.05 * rng.normal(size=n)


def test_full_batch_gd_path_follows_the_update_rule_and_ends_at_the_fit():
    X, y = _line()
    model = LinearRegression(solver="gd", learning_rate=0.1, max_iter=5, gd_tol=0, record_path=True)
    with pytest.warns(Warning):
        model.fit(X, y)
    theta = np.zeros(2)
    expected = [theta.copy()]
    for _ in range(5):
        residual = X[:, 0] * theta[0] + theta[1] - y
        theta = theta - 0.1 * np.array([X[:, 0] @ residual, residual.sum()]) / len(y)
        expected.append(theta.copy())
    np.testing.assert_allclose(model.path_, expected)
    np.testing.assert_allclose(model.path_[-1], [model.coef_[0], model.intercept_])


def test_sgd_solver_records_one_point_per_sample_update():
    X, y = _line(n=10)
    model = LinearRegression(solver="sgd", learning_rate=0.05, max_iter=3, gd_tol=0, random_state=0,
                             record_path=True)
    with pytest.warns(Warning):
        model.fit(X, y)
    assert model.path_.shape == (1 + 3 * 10, 2)
    assert np.all(np.any(np.diff(model.path_, axis=0) != 0, axis=1))


def test_no_path_unless_asked():
    X, y = _line()
    assert not hasattr(LinearRegression(solver="gd").fit(X, y), "path_")
    assert not hasattr(SGDRegressor(max_iter=5, tol=None).fit(X, y), "path_")


def test_sgd_regressor_path_ends_at_its_coefficients():
    X, y = _line(n=20)
    model = SGDRegressor(max_iter=4, tol=None, learning_rate="constant", eta0=0.05, random_state=0,
                         record_path=True).fit(X, y)
    assert model.path_.shape == (1 + 4 * 20, 2)
    np.testing.assert_allclose(model.path_[0], [0, 0])
    np.testing.assert_allclose(model.path_[-1], [model.coef_[0], model.intercept_[0]])
    start, end = np.linalg.norm(model.path_[0] - [2, 1]), np.linalg.norm(model.path_[-1] - [2, 1])
    assert end < 0.5 * start


@pytest.mark.parametrize("solver", ["lbfgs", "newton"])
def test_logistic_regression_records_every_iterate(solver):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 1))
    y = (X[:, 0] + 0.5 * rng.normal(size=60) > 0).astype(int)
    model = LogisticRegression(solver=solver, record_path=True).fit(X, y)
    assert model.path_.shape == (model.n_iter_[0] + 1, 2)
    np.testing.assert_allclose(model.path_[0], [0, 0])
    np.testing.assert_allclose(model.path_[-1], [model.coef_[0, 0], model.intercept_[0]])
