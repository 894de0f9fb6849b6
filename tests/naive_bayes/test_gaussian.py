"""GaussianNB: scikit-learn's contract and answers, online updates, clear errors."""
import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.naive_bayes import GaussianNB

sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.naive_bayes import GaussianNB as SkGNB  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

EXPECTED_FAILED_CHECKS = {}


def test_check_estimator():
    check_estimator(GaussianNB(), expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer, load_digits])
def test_matches_sklearn(loader):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = GaussianNB().fit(X_tr, y_tr)
    theirs = SkGNB().fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - theirs.score(X_te, y_te)) <= 0.01
    np.testing.assert_allclose(ours.theta_, theirs.theta_, rtol=1e-10)
    np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict_log_proba(X_te), theirs.predict_log_proba(X_te),
                               rtol=1e-6, atol=1e-6)


def test_partial_fit_equals_fit_and_weights():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    w = rng.uniform(0.5, 2.0, size=len(y))
    whole = GaussianNB().fit(X, y, sample_weight=w)
    online = GaussianNB()
    order = rng.permutation(len(y))
    for batch in np.array_split(order, 5):
        online.partial_fit(X[batch], y[batch], classes=[0, 1, 2], sample_weight=w[batch])
    np.testing.assert_allclose(online.theta_, whole.theta_, rtol=1e-10)
    # ε is recomputed from the last batch's spread, so the variances agree up to that smoothing
    np.testing.assert_allclose(online.var_, whole.var_, rtol=1e-6)
    np.testing.assert_allclose(online.class_count_, whole.class_count_)
    theirs = SkGNB().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(whole.var_, theirs.var_, rtol=1e-10)


def test_priors_and_probabilities_sum_to_one():
    X, y = load_iris(return_X_y=True)
    model = GaussianNB(priors=[0.8, 0.1, 0.1]).fit(X, y)
    np.testing.assert_allclose(model.class_prior_, [0.8, 0.1, 0.1])
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)
    np.testing.assert_allclose(model.predict_proba(X),
                               SkGNB(priors=[0.8, 0.1, 0.1]).fit(X, y).predict_proba(X), atol=1e-9)


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        GaussianNB().predict(X)
    with pytest.raises(ValueError, match="infinity"):
        GaussianNB().fit(np.where(X > 7, np.inf, X), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        GaussianNB().fit(X[:-3], y)
    with pytest.raises(ValueError, match="Expected 2D array"):
        GaussianNB().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="priors"):
        GaussianNB(priors=[0.5, 0.5]).fit(X, y)
    with pytest.raises(ValueError, match="sum of the priors"):
        GaussianNB(priors=[0.5, 0.5, 0.5]).fit(X, y)
    with pytest.raises(ValueError, match="classes must be passed"):
        GaussianNB().partial_fit(X, y)
    with pytest.raises(ValueError, match=r"label\(s\) \[7\]"):
        GaussianNB().partial_fit(X, y, classes=[0, 1, 2]).partial_fit(X[:1], [7])
    with pytest.raises(ValueError, match="4 features"):
        GaussianNB().fit(X, y).predict(X[:, :2])


def test_classroom_posterior_by_hand():
    """Two classes on a line: the posterior is Bayes' rule with the fitted normals, worked by hand."""
    X = np.array([[0.0], [2.0], [4.0], [6.0], [8.0], [10.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    model = GaussianNB(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(model.theta_, [[2.0], [8.0]])
    np.testing.assert_allclose(model.var_, [[8 / 3], [8 / 3]])
    x = 4.5
    like = np.exp(-(x - np.array([2.0, 8.0])) ** 2 / (2 * 8 / 3))  # equal variances and priors cancel
    np.testing.assert_allclose(model.predict_proba([[x]])[0], like / like.sum())
    assert model.predict([[4.9], [5.1]]).tolist() == [0, 1]  # the boundary is halfway, at x = 5
