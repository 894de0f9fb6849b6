"""max_leaf_nodes by replaying the best-first order on a grown tree (scikit-learn's grown trees here)."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier
from sklearn.tree import DecisionTreeRegressor as SkTreeRegressor

from glassnet.tree._best_first import best_first, split_gains
from tests.tree.test_pruning import _as_glassnet


@pytest.mark.parametrize("load, make", [(load_iris, SkTreeClassifier), (load_diabetes, SkTreeRegressor)])
@pytest.mark.parametrize("leaves", [2, 3, 5, 13])
def test_same_tree_as_scikit_learns_best_first_builder(load, make, leaves):
    X, y = load(return_X_y=True)
    grown = _as_glassnet(make(random_state=0).fit(X, y).tree_)
    theirs = make(random_state=0, max_leaf_nodes=leaves).fit(X, y).tree_
    ours = best_first(grown, leaves)
    assert ours.n_leaves == theirs.n_leaves <= leaves
    np.testing.assert_array_equal(ours.children_left, theirs.children_left)
    np.testing.assert_array_equal(ours.children_right, theirs.children_right)
    np.testing.assert_array_equal(ours.feature, theirs.feature)
    np.testing.assert_array_equal(ours.threshold, theirs.threshold)     # −2 at every leaf, as scikit-learn
    np.testing.assert_allclose(ours.value, theirs.value)


def test_same_gains_where_features_tie():
    """On breast_cancer two features split one node equally well; the two builders break the tie
    differently, but every split's gain is the same."""
    X, y = load_breast_cancer(return_X_y=True)
    grown = _as_glassnet(SkTreeClassifier(random_state=0).fit(X, y).tree_)
    theirs = _as_glassnet(SkTreeClassifier(random_state=0, max_leaf_nodes=8).fit(X, y).tree_)
    np.testing.assert_allclose(split_gains(best_first(grown, 8)), split_gains(theirs))


def test_a_smaller_budget_keeps_the_first_splits_of_a_larger_one():
    X, y = load_diabetes(return_X_y=True)
    grown = _as_glassnet(SkTreeRegressor(random_state=0).fit(X, y).tree_)
    small, large = best_first(grown, 4), best_first(grown, 12)
    assert small.n_leaves == 4 and large.n_leaves == 12
    splits = lambda t: {(int(f), float(v)) for f, v in zip(t.feature, t.threshold) if f >= 0}
    assert splits(small) < splits(large)
    assert split_gains(small)[0] == split_gains(grown)[0]
