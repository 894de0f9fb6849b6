"""cross_val_predict: out-of-fold predictions in the samples' order, as scikit-learn's."""
import numpy as np
import pytest

from glassnet.linear_model import LinearRegression, LogisticRegression
from glassnet.model_selection import KFold, ShuffleSplit, cross_val_predict
from glassnet.neighbors import KNeighborsClassifier

sms = pytest.importorskip("sklearn.model_selection")
sk_datasets = pytest.importorskip("sklearn.datasets")


def test_regression_matches_scikit_learn_and_is_out_of_fold():
    from sklearn.linear_model import LinearRegression as SkLinearRegression
    X, y = sk_datasets.load_diabetes(return_X_y=True)
    ours = cross_val_predict(LinearRegression(), X, y, cv=10)
    np.testing.assert_allclose(ours, sms.cross_val_predict(SkLinearRegression(), X, y, cv=10), rtol=1e-9)
    in_sample = LinearRegression().fit(X, y).predict(X)
    assert not np.allclose(ours, in_sample)   # each sample predicted by a model that did not see it


@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_classifier_methods_match_scikit_learn(method):
    from sklearn.neighbors import KNeighborsClassifier as SkKNN
    X, y = sk_datasets.load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    ours = cross_val_predict(KNeighborsClassifier(7), X, labels, cv=5, method=method)
    theirs = sms.cross_val_predict(SkKNN(7), X, labels, cv=5, method=method)
    if method == "predict":
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(ours, theirs)


def test_class_missing_from_a_fold_gets_zero_probability():
    X = np.random.RandomState(0).randn(22, 2)
    y = np.r_[np.zeros(10), np.ones(10), [2, 2]].astype(int)
    with pytest.warns(RuntimeWarning, match="Number of classes in training fold"):
        probabilities = cross_val_predict(LogisticRegression(), X, y, cv=KFold(2), method="predict_proba")
    assert probabilities.shape == (22, 3)
    np.testing.assert_array_equal(probabilities[11:, 2], 0.0)   # the second half's model never saw class 2
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)


def test_splits_that_are_not_a_partition_are_refused():
    X, y = np.arange(20.0)[:, None], np.arange(20.0)
    with pytest.raises(ValueError, match="partitions"):
        cross_val_predict(LinearRegression(), X, y, cv=ShuffleSplit(3, random_state=0))
