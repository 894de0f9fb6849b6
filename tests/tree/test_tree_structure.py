"""The fitted tree_ object against scikit-learn's: impurity-based importances with and without
normalising, and the counts it reports."""
import numpy as np
import pytest

from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

sktree = pytest.importorskip("sklearn.tree")


def _data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(80, 4))
    return X, X[:, 0] * 2 + np.sin(3 * X[:, 2]) + 0.1 * rng.normal(size=80)


@pytest.mark.parametrize("normalize", [True, False])
def test_feature_importances_match_sklearn(normalize):
    X, y = _data()
    ours = DecisionTreeRegressor(max_depth=2).fit(X, y)
    theirs = sktree.DecisionTreeRegressor(max_depth=2).fit(X, y)
    np.testing.assert_allclose(ours.tree_.compute_feature_importances(normalize=normalize),
                               theirs.tree_.compute_feature_importances(normalize=normalize), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, rtol=1e-9, atol=1e-12)


def test_a_single_leaf_has_no_importance_and_depth_zero():
    X, _ = _data()
    stump = DecisionTreeRegressor().fit(X, np.ones(len(X)))
    np.testing.assert_array_equal(stump.feature_importances_, np.zeros(4))
    assert stump.get_depth() == 0 and stump.get_n_leaves() == 1


def test_counts_of_a_classifier_tree():
    X, y = _data()
    labels = np.digitize(y, [-1.0, 1.0])                      # three classes
    ours = DecisionTreeClassifier(max_depth=4).fit(X, labels)
    theirs = sktree.DecisionTreeClassifier(max_depth=4).fit(X, labels)
    assert list(ours.tree_.n_classes) == list(theirs.tree_.n_classes) == [3]
    assert ours.get_depth() == theirs.get_depth() and ours.get_n_leaves() == theirs.get_n_leaves()
    assert ours.tree_.max_depth == theirs.tree_.max_depth
