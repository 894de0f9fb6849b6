"""AdaBoostClassifier (SAMME) against scikit-learn, and boosting as the lecture draws it."""
import numpy as np
import pytest

from glassnet.ensemble import AdaBoostClassifier
from glassnet.exceptions import NotFittedError
from glassnet.tree import DecisionTreeClassifier

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, ensemble as sk_ensemble  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

EXPECTED_FAILED_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "repeated rows change the count-based stopping rules and tie-breaking of the stumps, and the "
        "re-weighting compounds small differences; scikit-learn's AdaBoost fails it too."),
}


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(AdaBoostClassifier(n_estimators=5), expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("loader", [datasets.load_iris, datasets.load_wine,
                                    datasets.load_breast_cancer, datasets.load_digits])
def test_matches_sklearn(loader):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = AdaBoostClassifier(n_estimators=30, random_state=0).fit(X_tr, y_tr)
    theirs = sk_ensemble.AdaBoostClassifier(n_estimators=30, random_state=0).fit(X_tr, y_tr)
    assert ours.score(X_te, y_te) == pytest.approx(theirs.score(X_te, y_te), abs=0.03)


def test_same_weights_as_sklearn_without_ties():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3))
    y = (X[:, 0] + X[:, 1] > 0.2).astype(int)
    ours = AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    theirs = sk_ensemble.AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.estimator_weights_, theirs.estimator_weights_, rtol=1e-6)
    np.testing.assert_allclose(ours.estimator_errors_, theirs.estimator_errors_, rtol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-6)


def test_stumps_add_up_to_a_diagonal_boundary():
    # one stump can only cut along an axis; boosting many of them approximates x0 + x1 > 0
    rng = np.random.RandomState(1)
    X = rng.uniform(-1, 1, size=(400, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    boost = AdaBoostClassifier(n_estimators=60, random_state=0).fit(X, y)
    accuracies = [np.mean(p == y) for p in boost.staged_predict(X)]
    assert accuracies[0] < 0.85 and accuracies[-1] > 0.95
    np.testing.assert_array_equal(list(boost.staged_predict(X))[-1], boost.predict(X))
    np.testing.assert_allclose(list(boost.staged_predict_proba(X))[-1], boost.predict_proba(X))


def test_perfect_learner_stops_early():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 0, 1, 1])
    boost = AdaBoostClassifier(n_estimators=10).fit(X, y)
    assert len(boost.estimators_) == 1 and boost.estimator_errors_[0] == 0.0


def test_bad_input():
    X, y = datasets.load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        AdaBoostClassifier().predict(X)
    with pytest.raises(ValueError, match="learning_rate"):
        AdaBoostClassifier(learning_rate=0).fit(X, y)
    with pytest.raises(ValueError, match="continuous"):
        AdaBoostClassifier().fit(X, y + 0.3)
    with pytest.raises(ValueError, match="sample_weight"):
        from sklearn.neighbors import KNeighborsClassifier
        AdaBoostClassifier(KNeighborsClassifier()).fit(X, y)
    assert isinstance(AdaBoostClassifier(DecisionTreeClassifier(max_depth=2), n_estimators=2).fit(X, y),
                      AdaBoostClassifier)
