"""RandomForestClassifier / RandomForestRegressor against scikit-learn, and what forests teach."""
import numpy as np
import pytest

from glassnet.ensemble import RandomForestClassifier, RandomForestRegressor
from glassnet.exceptions import NotFittedError
from glassnet.tree import DecisionTreeRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, ensemble as sk_ensemble  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

EXPECTED_FAILED_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "the bootstrap draws rows, so a weighted data set and the same data with repeated rows give "
        "different bootstrap samples and different trees; scikit-learn's forests fail it too."),
}


@pytest.mark.parametrize("estimator", [RandomForestClassifier(n_estimators=5),
                                       RandomForestRegressor(n_estimators=5)],
                         ids=lambda e: type(e).__name__)
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(estimator, expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("loader", [datasets.load_iris, datasets.load_wine,
                                    datasets.load_breast_cancer, datasets.load_digits])
def test_classifier_matches_sklearn(loader):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    theirs = sk_ensemble.RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    assert ours >= theirs - 0.02


def test_regressor_matches_sklearn():
    X, y = datasets.make_regression(400, 8, noise=10.0, random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = RandomForestRegressor(n_estimators=30, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    theirs = sk_ensemble.RandomForestRegressor(n_estimators=30, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    assert ours == pytest.approx(theirs, abs=0.02)


def test_bootstrap_draws_and_trees_follow_random_state():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    a = RandomForestClassifier(n_estimators=5, random_state=1).fit(X, y)
    b = RandomForestClassifier(n_estimators=5, random_state=1, n_jobs=2).fit(X, y)
    c = RandomForestClassifier(n_estimators=5, random_state=2).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))
    # each tree saw about 63 % distinct samples (1 − 1/e)
    distinct = [t.tree_.n_node_samples[0] / len(y) for t in a.estimators_]
    assert np.mean(distinct) == pytest.approx(1 - np.exp(-1), abs=0.04)


def test_averaging_beats_one_deep_tree_on_noisy_data():
    rng = np.random.RandomState(0)
    X = rng.uniform(-3, 3, size=(600, 2))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] + rng.normal(scale=0.5, size=600)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    tree = DecisionTreeRegressor(random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    forest = RandomForestRegressor(n_estimators=40, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    assert forest > tree + 0.05


def test_oob_score_estimates_the_test_score():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    forest = RandomForestClassifier(n_estimators=60, oob_score=True, random_state=0).fit(X_tr, y_tr)
    assert forest.oob_score_ == pytest.approx(forest.score(X_te, y_te), abs=0.05)
    assert forest.oob_decision_function_.shape == (len(y_tr), 2)
    reg = RandomForestRegressor(n_estimators=30, oob_score=True, random_state=0).fit(
        *datasets.make_regression(300, 5, noise=5.0, random_state=0))
    assert 0.5 < reg.oob_score_ <= 1.0


def test_feature_importances_find_the_informative_features():
    X, y = datasets.make_classification(600, 8, n_informative=2, n_redundant=0, shuffle=False,
                                        random_state=0)
    forest = RandomForestClassifier(n_estimators=30, random_state=0).fit(X, y)
    importances = forest.feature_importances_
    assert importances.sum() == pytest.approx(1.0)
    assert set(np.argsort(importances)[-2:]) == {0, 1}


def test_max_samples_and_apply():
    X, y = datasets.load_iris(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=4, max_samples=0.5, random_state=0).fit(X, y)
    assert all(t.tree_.weighted_n_node_samples[0] == 75 for t in forest.estimators_)
    assert forest.apply(X).shape == (150, 4)


def test_bad_input():
    X, y = datasets.load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        RandomForestClassifier().predict(X)
    with pytest.raises(ValueError, match="n_estimators"):
        RandomForestClassifier(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="max_samples"):
        RandomForestClassifier(max_samples=2.0).fit(X, y)
    with pytest.raises(ValueError, match="oob_score"):
        RandomForestClassifier(bootstrap=False, oob_score=True).fit(X, y)
    with pytest.raises(ValueError, match="inf"):
        RandomForestRegressor().fit(np.where(X > 7, np.inf, X), y)
    fitted = RandomForestClassifier(n_estimators=2).fit(X, y)
    with pytest.raises(ValueError, match="4 features"):
        fitted.predict(X[:, :2])
