"""The flat arrays of a fitted ``tree_`` use scikit-learn's markers: code that walks them (to draw
a tree, to count leaves, to read the rules) written for scikit-learn reads glassnet's the same way."""
import numpy as np
import pytest

from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

sktree = pytest.importorskip("sklearn.tree")


def _data():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(120, 3))
    return X, (X[:, 0] + X[:, 1] ** 2 > 0.5).astype(int)


@pytest.mark.parametrize("make", [DecisionTreeClassifier, DecisionTreeRegressor])
def test_leaves_are_marked_as_in_scikit_learn(make):
    X, y = _data()
    ours = make(max_depth=3).fit(X, y).tree_
    theirs = getattr(sktree, make.__name__)(max_depth=3, random_state=0).fit(X, y).tree_
    for tree in (ours, theirs):
        leaf = tree.children_left == -1
        assert leaf.sum() == tree.n_leaves and 1 < leaf.sum() < tree.node_count
        np.testing.assert_array_equal(tree.children_right[leaf], -1)
        assert set(tree.feature[leaf]) == {-2} and set(tree.threshold[leaf]) == {-2.0}
        assert np.all(tree.feature[~leaf] >= 0) and np.all(tree.children_right[~leaf] > 0)
    assert ours.n_leaves == theirs.n_leaves and ours.node_count == theirs.node_count
    assert ours.n_features == theirs.n_features == 3
    np.testing.assert_array_equal(np.sort(ours.feature), np.sort(theirs.feature))


@pytest.mark.parametrize("scale", [1e-3, 1.0, 50.0])
def test_raw_importances_are_per_unit_of_root_weight_like_sklearn(scale):
    # normalize=False gives the weighted impurity decrease divided by the root's total weight,
    # whatever that weight is (below 1 included)
    X, y = _data()
    weight = scale * np.random.RandomState(0).uniform(0.5, 1.5, size=len(y))
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y, sample_weight=weight).tree_
    theirs = sktree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y, sample_weight=weight).tree_
    raw = ours.compute_feature_importances(normalize=False)
    np.testing.assert_allclose(raw, theirs.compute_feature_importances(normalize=False), rtol=1e-6, atol=1e-12)
    assert 0 < raw.sum() < 1                      # the Gini impurity of the root is below 1


def test_a_tree_built_by_hand_from_one_output_values_predicts_by_its_rule():
    from glassnet.tree import Tree
    # the stump of the lecture: "x1 <= 0.5 ?" sends a sample left (class 0 likely) or right (class 1)
    stump = Tree(n_features=2, children_left=[1, -1, -1], children_right=[2, -1, -1], feature=[1, -2, -2],
                 threshold=[0.5, -2.0, -2.0], value=[[0.5, 0.5], [0.9, 0.1], [0.2, 0.8]],
                 impurity=[0.5, 0.18, 0.32], n_node_samples=[20, 10, 10],
                 weighted_n_node_samples=[20.0, 10.0, 10.0], depth=[0, 1, 1])
    assert stump.value.shape == (3, 1, 2) and stump.n_outputs == 1 and stump.max_n_classes == 2
    np.testing.assert_array_equal(stump.n_classes, [2])
    X = np.array([[9.0, 0.2], [-9.0, 0.7], [0.0, 0.5]])
    np.testing.assert_array_equal(stump.apply(X), [1, 2, 1])
    np.testing.assert_allclose(stump.predict(X), [[0.9, 0.1], [0.2, 0.8], [0.9, 0.1]])
    assert stump.n_leaves == 2 and stump.max_depth == 1 and stump.subtree_depth(0) == 2
    np.testing.assert_allclose(stump.compute_feature_importances(), [0.0, 1.0])
