"""Tests for glassnet/neighbors/_radius.py against scikit-learn's radius neighbours."""
import warnings

import numpy as np
import pytest
from sklearn import neighbors as sk
from sklearn.datasets import load_diabetes, load_iris
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import check_estimator

from glassnet.neighbors import RadiusNeighborsClassifier, RadiusNeighborsRegressor

EXPECTED = {
    # one radius cannot suit all the checks' data sets: 10 (so that no query is an outlier)
    # reaches most of the training set on the blobs of this check, where the vote is then the
    # majority class (accuracy < 0.83); the radius tests below check the predictions instead
    "check_classifiers_train": "a radius large enough for every check is a majority vote on this one",
}


def test_check_estimator():
    check_estimator(RadiusNeighborsClassifier(radius=10.0, outlier_label="most_frequent"),
                    expected_failed_checks=EXPECTED)
    check_estimator(RadiusNeighborsRegressor(radius=100.0, weights="distance"))  # no query without neighbours


@pytest.mark.parametrize("params", [dict(radius=1.0), dict(radius=1.5, weights="distance"),
                                    dict(radius=2.0, p=1), dict(radius=0.4, outlier_label="most_frequent")])
def test_classifier_matches_scikit_learn(params):
    X, y = load_iris(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours, theirs = RadiusNeighborsClassifier(**params).fit(X_tr, y_tr), sk.RadiusNeighborsClassifier(**params).fit(X_tr, y_tr)
    np.testing.assert_array_equal(ours.predict(X_te), theirs.predict(X_te))
    np.testing.assert_allclose(ours.predict_proba(X_te), theirs.predict_proba(X_te), atol=1e-12)
    dist, ind = ours.radius_neighbors(X_te[:5], sort_results=True)
    dist_ref, ind_ref = theirs.radius_neighbors(X_te[:5], sort_results=True)
    for a, b, da, db in zip(ind, ind_ref, dist, dist_ref):
        assert set(a.tolist()) == set(b.tolist())          # equal distances may come in any order
        np.testing.assert_allclose(da, db, atol=1e-9)


def test_outliers_raise_or_get_their_label():
    X, y = load_iris(return_X_y=True)
    far = np.array([[100.0, 100.0, 100.0, 100.0]])
    with pytest.raises(ValueError, match="No neighbors found"):
        RadiusNeighborsClassifier().fit(X, y).predict(far)
    assert RadiusNeighborsClassifier(outlier_label=7).fit(X, y).predict(far)[0] == 7


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressor_matches_scikit_learn(weights):
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = RadiusNeighborsRegressor(radius=0.2, weights=weights).fit(X_tr, y_tr)
    theirs = sk.RadiusNeighborsRegressor(radius=0.2, weights=weights).fit(X_tr, y_tr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_allclose(ours.predict(X_te), theirs.predict(X_te), rtol=1e-10)
    assert ours.score(X_te, y_te) == pytest.approx(theirs.score(X_te, y_te))


def test_blocks_shared_among_threads_give_scikit_learns_answers():
    from sklearn import neighbors as skn
    rng = np.random.RandomState(3)
    X, Xq = rng.normal(size=(20_000, 4)), rng.normal(size=(350, 4))    # 104 queries a block: 4 blocks
    y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1)
    params = dict(radius=0.6, weights="distance", outlier_label="most_frequent")
    theirs = skn.RadiusNeighborsClassifier(**params).fit(X, y).predict_proba(Xq)
    for n_jobs in (1, 2):
        ours = RadiusNeighborsClassifier(**params, n_jobs=n_jobs).fit(X, y).predict_proba(Xq)
        np.testing.assert_allclose(ours, theirs, atol=1e-12)
    target = X[:, 0] * 2 + X[:, 3]
    np.testing.assert_allclose(RadiusNeighborsRegressor(radius=0.6, n_jobs=2).fit(X, target).predict(Xq),
                               skn.RadiusNeighborsRegressor(radius=0.6).fit(X, target).predict(Xq), atol=1e-12)
