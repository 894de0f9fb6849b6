"""cross_validate and the curves: scikit-learn's numbers, keys and failure handling."""
import numpy as np
import pytest

from glassnet.base import BaseEstimator, ClassifierMixin
from glassnet.exceptions import FitFailedWarning
from glassnet.model_selection import (KFold, cross_val_score, cross_validate, learning_curve,
                                      validation_curve)
from glassnet.naive_bayes import GaussianNB
from glassnet.neighbors import KNeighborsRegressor

sklearn = pytest.importorskip("sklearn")
import sklearn.model_selection as sk  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris  # noqa: E402


class _FailsOnLargeK(ClassifierMixin, BaseEstimator):
    """Predicts the majority class, but refuses to fit when k > 3 (to exercise error_score)."""

    def __init__(self, k=1):
        self.k = k

    def fit(self, X, y):
        if self.k > 3:
            raise RuntimeError("k too large")
        values, counts = np.unique(y, return_counts=True)
        self.majority_ = values[np.argmax(counts)]
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def test_cross_validate_matches_sklearn_with_several_metrics():
    X, y = load_breast_cancer(return_X_y=True)
    scoring = ["accuracy", "f1", "precision", "recall", "roc_auc", "neg_log_loss"]
    ours = cross_validate(GaussianNB(), X, y, cv=4, scoring=scoring, return_train_score=True,
                          return_estimator=True, return_indices=True)
    theirs = sk.cross_validate(GaussianNB(), X, y, cv=4, scoring=scoring, return_train_score=True,
                               return_estimator=True, return_indices=True)
    assert set(ours) == set(theirs)
    for key in theirs:
        if key.startswith(("test_", "train_")):
            np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-6, err_msg=key)
    assert all(e.n_features_in_ == 30 for e in ours["estimator"])
    for a, b in zip(ours["indices"]["test"], theirs["indices"]["test"]):
        np.testing.assert_array_equal(a, b)


def test_cross_val_score_regression_and_parallel_jobs():
    X, y = load_diabetes(return_X_y=True)
    cv = KFold(5, shuffle=True, random_state=0)
    for scoring in (None, "r2", "neg_mean_squared_error", "neg_mean_absolute_error"):
        ours = cross_val_score(KNeighborsRegressor(), X, y, cv=cv, scoring=scoring)
        theirs = sk.cross_val_score(KNeighborsRegressor(), X, y, cv=cv, scoring=scoring)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    parallel = cross_val_score(KNeighborsRegressor(), X, y, cv=cv, n_jobs=2)
    np.testing.assert_allclose(parallel, cross_val_score(KNeighborsRegressor(), X, y, cv=cv))


def test_validation_and_learning_curves_match_sklearn():
    X, y = load_iris(return_X_y=True)
    ours = validation_curve(GaussianNB(), X, y, param_name="var_smoothing", param_range=[1e-9, 1e-2, 1.0], cv=3)
    theirs = sk.validation_curve(GaussianNB(), X, y, param_name="var_smoothing",
                                 param_range=[1e-9, 1e-2, 1.0], cv=3)
    for a, b in zip(ours, theirs):
        assert a.shape == (3, 3)
        np.testing.assert_allclose(a, b)
    ours = learning_curve(GaussianNB(), X, y, cv=3, shuffle=True, random_state=0, return_times=True)
    theirs = sk.learning_curve(GaussianNB(), X, y, cv=3, shuffle=True, random_state=0, return_times=True)
    assert len(ours) == len(theirs) == 5
    for a, b in zip(ours[:3], theirs[:3]):
        np.testing.assert_allclose(a, b)
    np.testing.assert_array_equal(ours[0], [10, 32, 55, 77, 100])


def test_failed_fits_get_error_score():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(FitFailedWarning, match="3 fits failed out of a total of 9"):
        _, test = validation_curve(_FailsOnLargeK(), X, y, param_name="k", param_range=[1, 2, 5], cv=3)
    assert np.isnan(test[2]).all() and not np.isnan(test[:2]).any()
    with pytest.raises(ValueError, match="All the 3 fits failed"):
        cross_val_score(_FailsOnLargeK(k=9), X, y, cv=3)
    with pytest.raises(RuntimeError, match="k too large"):
        cross_val_score(_FailsOnLargeK(k=9), X, y, cv=3, error_score="raise")
    # predefined splits; the majority of the first 100 samples (class 0) is absent from the last 50
    out = cross_validate(_FailsOnLargeK(), X, y, cv=[(np.arange(100), np.arange(100, 150))] * 2)
    assert out["test_score"].tolist() == [0.0, 0.0]


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="not a valid scoring value"):
        cross_val_score(GaussianNB(), X, y, scoring="accuracy_score")
    with pytest.raises(ValueError, match="single metric"):
        cross_val_score(GaussianNB(), X, y, scoring=["accuracy", "f1_macro"])
    with pytest.raises(ValueError, match="train_sizes"):
        learning_curve(GaussianNB(), X, y, train_sizes=[0.0, 0.5])


@pytest.mark.parametrize("scoring", ["balanced_accuracy", "matthews_corrcoef", "average_precision", "jaccard", "top_k_accuracy",
                                     "neg_brier_score"])
def test_new_classification_scorer_names_match_scikit_learn(scoring):
    from sklearn.model_selection import cross_val_score as sk_cross_val_score
    from glassnet.neighbors import KNeighborsClassifier
    from glassnet.model_selection import cross_val_score as gl_cross_val_score
    from sklearn.neighbors import KNeighborsClassifier as SkKNN
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    ours = gl_cross_val_score(KNeighborsClassifier(), X, y, scoring=scoring)
    np.testing.assert_allclose(ours, sk_cross_val_score(SkKNN(), X, y, scoring=scoring))


@pytest.mark.parametrize("scoring", ["explained_variance", "neg_max_error", "neg_median_absolute_error",
                                     "neg_mean_absolute_percentage_error", "neg_mean_squared_log_error"])
def test_new_regression_scorer_names_match_scikit_learn(scoring):
    from sklearn.model_selection import cross_val_score as sk_cross_val_score
    from glassnet.neighbors import KNeighborsRegressor
    from glassnet.model_selection import cross_val_score as gl_cross_val_score
    from sklearn.neighbors import KNeighborsRegressor as SkKNN
    from sklearn.datasets import load_diabetes
    X, y = load_diabetes(return_X_y=True)
    ours = gl_cross_val_score(KNeighborsRegressor(), X, y, scoring=scoring)
    np.testing.assert_allclose(ours, sk_cross_val_score(SkKNN(), X, y, scoring=scoring))
