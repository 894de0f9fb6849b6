"""BaggingClassifier / BaggingRegressor: any base model, bootstrap rows and feature subsets."""
import numpy as np
import pytest

from glassnet.ensemble import BaggingClassifier, BaggingRegressor
from glassnet.exceptions import NotFittedError
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, ensemble as sk_ensemble  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

EXPECTED_FAILED_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "the bootstrap draws rows, so a weighted data set and the same data with repeated rows give "
        "different samples and different members; scikit-learn's bagging fails it too."),
}


@pytest.mark.parametrize("estimator", [BaggingClassifier(n_estimators=3), BaggingRegressor(n_estimators=3)],
                         ids=lambda e: type(e).__name__)
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(estimator, expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("loader", [datasets.load_iris, datasets.load_wine, datasets.load_breast_cancer])
def test_classifier_matches_sklearn(loader):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = BaggingClassifier(n_estimators=30, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    theirs = sk_ensemble.BaggingClassifier(n_estimators=30, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    assert ours >= theirs - 0.03


def test_regressor_matches_sklearn():
    X, y = datasets.make_regression(300, 6, noise=10.0, random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = BaggingRegressor(n_estimators=20, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    theirs = sk_ensemble.BaggingRegressor(n_estimators=20, random_state=0).fit(X_tr, y_tr).score(X_te, y_te)
    assert ours == pytest.approx(theirs, abs=0.03)


def test_bagging_reduces_the_variance_of_deep_trees():
    rng = np.random.RandomState(0)
    X = rng.uniform(-3, 3, size=(200, 1))
    grid = np.linspace(-3, 3, 50)[:, None]
    single, bagged = [], []
    for seed in range(6):   # new noisy training sets from the same curve
        y = np.sin(X[:, 0]) + rng.normal(scale=0.5, size=200)
        single.append(DecisionTreeRegressor().fit(X, y).predict(grid))
        bagged.append(BaggingRegressor(n_estimators=20, random_state=seed).fit(X, y).predict(grid))
    assert np.var(bagged, axis=0).mean() < 0.5 * np.var(single, axis=0).mean()


def test_any_base_estimator_feature_subsets_and_oob():
    X, y = datasets.load_iris(return_X_y=True)
    bag = BaggingClassifier(KNeighborsClassifier(3), n_estimators=8, max_features=0.5, oob_score=True,
                            random_state=0).fit(X, y)
    assert all(len(f) == 2 for f in bag.estimators_features_)
    assert bag.score(X, y) > 0.85 and bag.oob_score_ > 0.8
    np.testing.assert_allclose(bag.predict_proba(X).sum(axis=1), 1.0)
    labels = np.array(["a", "b", "c"])[y]
    assert set(BaggingClassifier(DecisionTreeClassifier(max_depth=2), n_estimators=3,
                                 random_state=0).fit(X, labels).predict(X)) <= {"a", "b", "c"}


def test_bad_input():
    X, y = datasets.load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        BaggingClassifier().predict(X)
    with pytest.raises(ValueError, match="max_features"):
        BaggingClassifier(max_features=0).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight"):
        BaggingClassifier(KNeighborsClassifier()).fit(X, y, sample_weight=np.ones(len(y)))
    with pytest.raises(ValueError, match="inconsistent"):
        BaggingRegressor().fit(X, y[:10])
