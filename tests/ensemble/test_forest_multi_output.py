"""Random forests and extra trees with several outputs (y of shape (n, k)), against scikit-learn."""
import warnings

import numpy as np
import pytest

from glassnet.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier,
                               RandomForestRegressor)
from glassnet.exceptions import DataConversionWarning

sklearn = pytest.importorskip("sklearn")
from sklearn import ensemble as sk_ensemble  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402


def _circle(n=200, seed=1):
    rng = np.random.RandomState(seed)
    X = np.sort(200 * rng.rand(n, 1) - 100, axis=0)
    y = np.array([np.pi * np.sin(X).ravel(), np.pi * np.cos(X).ravel()]).T
    y[::5, :] += 0.5 - rng.rand(n // 5, 2)
    return X, y


def _labels(n=400, seed=0):
    X, first = make_classification(n, 8, n_informative=5, n_classes=3, random_state=seed)
    second = (X[:, 3] + 0.5 * X[:, 5] > 0).astype(int)
    return X, np.column_stack([first, second])


def _per_output_r2(y, prediction):
    return 1 - ((y - prediction) ** 2).sum(axis=0) / ((y - y.mean(axis=0)) ** 2).sum(axis=0)


@pytest.mark.parametrize("ours, theirs", [(RandomForestRegressor, sk_ensemble.RandomForestRegressor),
                                          (ExtraTreesRegressor, sk_ensemble.ExtraTreesRegressor)])
def test_regression_matches_sklearn(ours, theirs):
    X, y = _circle()
    X_test, y_test = _circle(200, seed=2)
    r2 = {}
    for name, Forest in (("glassnet", ours), ("sklearn", theirs)):
        r2[name] = np.mean([_per_output_r2(y_test, Forest(20, random_state=s).fit(X, y).predict(X_test))
                            for s in range(3 if ours is RandomForestRegressor else 10)], axis=0)
    # (RandomForest: the very same numbers, as both draw the same bootstrap samples and the only
    # feature leaves no choice; ExtraTrees: the mean of 10 seeds varies by about ±0.01)
    np.testing.assert_allclose(r2["glassnet"], r2["sklearn"], atol=1e-9 if ours is RandomForestRegressor else 0.03)
    assert np.all(r2["glassnet"] > 0.4)      # both outputs learnt, not only the first


@pytest.mark.parametrize("ours, theirs", [(RandomForestClassifier, sk_ensemble.RandomForestClassifier),
                                          (ExtraTreesClassifier, sk_ensemble.ExtraTreesClassifier)])
def test_classification_matches_sklearn(ours, theirs):
    X, Y = _labels()
    accuracy = {}
    for name, Forest in (("glassnet", ours), ("sklearn", theirs)):
        accuracy[name] = np.mean([(Forest(30, random_state=s).fit(X[:300], Y[:300]).predict(X[300:]) == Y[300:])
                                  .mean(axis=0) for s in range(3)], axis=0)
    np.testing.assert_allclose(accuracy["glassnet"], accuracy["sklearn"], atol=0.03)
    assert np.all(accuracy["glassnet"] > 0.75)


def test_classifier_attributes_and_out_of_bag():
    X, Y = _labels(300)
    forest = RandomForestClassifier(20, random_state=0).fit(X, Y)
    assert forest.n_outputs_ == 2
    assert forest.n_classes_ == [3, 2] and isinstance(forest.classes_, list)
    proba = forest.predict_proba(X)
    assert [p.shape for p in proba] == [(300, 3), (300, 2)]
    np.testing.assert_allclose(proba[1], np.mean([t.predict_proba(X)[1] for t in forest.estimators_], axis=0))
    assert forest.predict(X).shape == (300, 2)
    with pytest.raises(ValueError, match="multiclass-multioutput"):
        RandomForestClassifier(5, oob_score=True, random_state=0).fit(X, Y)
    binary = np.column_stack([Y[:, 1], (X[:, 0] > 0).astype(int)])
    oob = RandomForestClassifier(30, oob_score=True, random_state=0).fit(X, binary)
    assert oob.oob_decision_function_.shape == (300, 2, 2)          # scikit-learn's (n, classes, outputs)
    predicted = np.argmax(oob.oob_decision_function_, axis=1)
    assert oob.oob_score_ == pytest.approx(np.mean(np.all(predicted == binary, axis=1)))
    assert 0.6 < oob.oob_score_ < 1.0


def test_regressor_out_of_bag_with_several_outputs():
    X, y = _circle()
    forest = RandomForestRegressor(30, oob_score=True, random_state=0).fit(X, y)
    assert forest.oob_prediction_.shape == (200, 2)
    assert forest.oob_score_ == pytest.approx(np.mean(_per_output_r2(y, forest.oob_prediction_)))
    assert forest.oob_score_ > 0.5


@pytest.mark.parametrize("Forest", [RandomForestClassifier, RandomForestRegressor, ExtraTreesRegressor])
def test_a_single_column_warns_and_gives_one_output(Forest):
    X, Y = _labels(120)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        column = Forest(5, random_state=0).fit(X, Y[:, :1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flat = Forest(5, random_state=0).fit(X, Y[:, 0])
    assert column.n_outputs_ == 1
    np.testing.assert_array_equal(column.predict(X), flat.predict(X))
    assert column.predict(X).shape == (120,)
