"""Cost-complexity pruning on scikit-learn's own grown trees: the same path and the same pruned trees."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier
from sklearn.tree import DecisionTreeRegressor as SkTreeRegressor

from glassnet.tree._pruning import prune, pruning_path
from glassnet.tree._tree import Tree


def _as_glassnet(t):
    depth = np.zeros(t.node_count, dtype=np.intp)
    for i in range(t.node_count):                     # preorder: a parent comes before its children
        for child in (t.children_left[i], t.children_right[i]):
            if child >= 0:
                depth[child] = depth[i] + 1
    return Tree(t.n_features, t.children_left, t.children_right, t.feature, t.threshold, t.value, t.impurity,
                t.n_node_samples, t.weighted_n_node_samples, depth)


@pytest.mark.parametrize("load, make", [(load_breast_cancer, SkTreeClassifier), (load_diabetes, SkTreeRegressor)])
def test_path_and_pruned_trees_equal_scikit_learns(load, make):
    X, y = load(return_X_y=True)
    grown = make(random_state=0).fit(X, y)
    path = grown.cost_complexity_pruning_path(X, y)
    ours = pruning_path(_as_glassnet(grown.tree_))
    np.testing.assert_array_equal(ours["ccp_alphas"], path.ccp_alphas)
    np.testing.assert_array_equal(ours["impurities"], path.impurities)
    assert np.all(np.diff(ours["ccp_alphas"]) >= 0) and ours["impurities"][-1] > ours["impurities"][0]
    for alpha in path.ccp_alphas[1::max(1, len(path.ccp_alphas) // 8)]:
        theirs = make(random_state=0, ccp_alpha=alpha).fit(X, y).tree_
        pruned = prune(_as_glassnet(grown.tree_), alpha)
        assert pruned.node_count == theirs.node_count < grown.tree_.node_count
        np.testing.assert_array_equal(pruned.children_left, theirs.children_left)
        np.testing.assert_array_equal(pruned.feature, theirs.feature)
        np.testing.assert_array_equal(pruned.children_right, theirs.children_right)
        np.testing.assert_array_equal(pruned.threshold, theirs.threshold)   # −2 at the new leaves too
        np.testing.assert_array_equal(pruned.n_node_samples, theirs.n_node_samples)
        np.testing.assert_allclose(pruned.value, theirs.value)


def test_alpha_zero_keeps_the_tree():
    X, y = load_breast_cancer(return_X_y=True)
    tree = _as_glassnet(SkTreeClassifier(random_state=0).fit(X, y).tree_)
    assert prune(tree, 0.0) is tree
