"""KNeighborsRegressor: scikit-learn's contract and answers."""
import numpy as np
import pytest

from glassnet.neighbors import KNeighborsRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import load_diabetes, make_regression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsRegressor as SkKNR  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

EXPECTED_FAILED_CHECKS = {}


def test_check_estimator():
    check_estimator(KNeighborsRegressor(), expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("params", [{}, {"weights": "distance"}, {"metric": "manhattan"}])
def test_matches_sklearn(params):
    for X, y in [load_diabetes(return_X_y=True),
                 make_regression(n_samples=400, n_features=8, noise=5.0, random_state=0)]:
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
        ours = KNeighborsRegressor(**params).fit(X_tr, y_tr).predict(X_te)
        theirs = SkKNR(**params).fit(X_tr, y_tr).predict(X_te)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def test_multi_output_targets():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(50, 3))
    Y = np.c_[X.sum(axis=1), X[:, 0] ** 2]
    ours = KNeighborsRegressor(n_neighbors=4, weights="distance").fit(X, Y).predict(X[:7] + 0.01)
    theirs = SkKNR(n_neighbors=4, weights="distance").fit(X, Y).predict(X[:7] + 0.01)
    assert ours.shape == (7, 2)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def test_one_neighbour_recalls_training_targets():
    X = np.arange(10.0).reshape(-1, 1)
    y = X.ravel() ** 2
    np.testing.assert_array_equal(KNeighborsRegressor(n_neighbors=1).fit(X, y).predict(X), y)


def test_n_jobs():
    X = np.arange(20.0).reshape(-1, 2)
    y = X.sum(axis=1)
    np.testing.assert_allclose(KNeighborsRegressor(n_jobs=2).fit(X, y).predict(X),
                               KNeighborsRegressor(n_jobs=1).fit(X, y).predict(X))
    with pytest.raises(ValueError, match="n_jobs"):
        KNeighborsRegressor(n_jobs=0).fit(X, y).predict(X)
