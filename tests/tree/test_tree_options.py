"""scikit-learn's tree options: class_weight, max_leaf_nodes, ccp_alpha, min_weight_fraction_leaf."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import RandomForestClassifier as SkForest
from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier
from sklearn.tree import DecisionTreeRegressor as SkTreeRegressor

from glassnet.ensemble import ExtraTreesClassifier, RandomForestClassifier
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

XC, YC = load_breast_cancer(return_X_y=True)
XR, YR = load_diabetes(return_X_y=True)
WEIGHTS = np.random.RandomState(0).randint(1, 5, len(YC)).astype(float)


def _same_tree(ours, theirs):
    assert ours.node_count == theirs.node_count
    np.testing.assert_array_equal(ours.children_left, theirs.children_left)
    np.testing.assert_array_equal(ours.feature, theirs.feature)
    np.testing.assert_allclose(ours.value, theirs.value)
    np.testing.assert_allclose(ours.weighted_n_node_samples, theirs.weighted_n_node_samples)


@pytest.mark.parametrize("class_weight", [{0: 5.0}, "balanced"])
def test_class_weight_grows_scikit_learns_tree(class_weight):
    ours = DecisionTreeClassifier(max_depth=2, class_weight=class_weight, random_state=0).fit(XC, YC)
    theirs = SkTreeClassifier(max_depth=2, class_weight=class_weight, random_state=0).fit(XC, YC)
    _same_tree(ours.tree_, theirs.tree_)
    plain = DecisionTreeClassifier(max_depth=2, random_state=0).fit(XC, YC)
    assert not np.allclose(plain.tree_.value, ours.tree_.value)


@pytest.mark.parametrize("leaves", [2, 5, 12])
def test_max_leaf_nodes_grows_best_first(leaves):
    ours = DecisionTreeRegressor(max_leaf_nodes=leaves, random_state=0).fit(XR, YR)
    theirs = SkTreeRegressor(max_leaf_nodes=leaves, random_state=0).fit(XR, YR)
    assert ours.get_n_leaves() == leaves
    _same_tree(ours.tree_, theirs.tree_)


def test_cost_complexity_pruning_as_scikit_learn():
    path = DecisionTreeRegressor(random_state=0, max_depth=5).cost_complexity_pruning_path(XR, YR)
    theirs = SkTreeRegressor(random_state=0, max_depth=5).cost_complexity_pruning_path(XR, YR)
    np.testing.assert_allclose(path.ccp_alphas, theirs.ccp_alphas, rtol=1e-12)
    np.testing.assert_allclose(path.impurities, theirs.impurities, rtol=1e-12)
    alpha = (path.ccp_alphas[-5] + path.ccp_alphas[-4]) / 2    # between two cuts: no rounding tie
    pruned = DecisionTreeRegressor(random_state=0, max_depth=5, ccp_alpha=alpha).fit(XR, YR)
    _same_tree(pruned.tree_, SkTreeRegressor(random_state=0, max_depth=5, ccp_alpha=alpha).fit(XR, YR).tree_)
    assert pruned.get_n_leaves() < DecisionTreeRegressor(random_state=0, max_depth=5).fit(XR, YR).get_n_leaves()


@pytest.mark.parametrize("weighted", [False, True])
def test_min_weight_fraction_leaf_as_scikit_learn(weighted):
    w = WEIGHTS if weighted else None
    ours = DecisionTreeClassifier(min_weight_fraction_leaf=0.1, random_state=0).fit(XC, YC, sample_weight=w)
    theirs = SkTreeClassifier(min_weight_fraction_leaf=0.1, random_state=0).fit(XC, YC, sample_weight=w)
    assert ours.tree_.node_count == theirs.tree_.node_count
    leaf = ours.tree_.children_left == -1
    total = WEIGHTS.sum() if weighted else len(YC)
    assert ours.tree_.weighted_n_node_samples[leaf].min() >= 0.1 * total
    extra = ExtraTreesClassifier(5, min_weight_fraction_leaf=0.2, random_state=0).fit(XC, YC)
    assert all(e.tree_.weighted_n_node_samples[e.tree_.children_left == -1].min() >= 0.2 * len(YC)
               for e in extra.estimators_)


def test_forest_weights_choose_the_bootstrap_as_scikit_learn_1_9():
    """Since scikit-learn 1.9 sample and class weights drive the draw; a tree sees draw counts."""
    for params, fit in [(dict(class_weight={0: 5.0}), {}), ({}, dict(sample_weight=WEIGHTS))]:
        ours = RandomForestClassifier(5, random_state=0, **params).fit(XC, YC, **fit)
        theirs = SkForest(5, random_state=0, **params).fit(XC, YC, **fit)
        for a, b in zip(ours.estimators_, theirs.estimators_):
            assert a.tree_.weighted_n_node_samples[0] == b.tree_.weighted_n_node_samples[0] == len(YC)
            assert a.tree_.n_node_samples[0] == b.tree_.n_node_samples[0]   # the same distinct samples drawn
    shifted = RandomForestClassifier(30, random_state=0, class_weight={0: 5.0}).fit(XC, YC)
    plain = RandomForestClassifier(30, random_state=0).fit(XC, YC)
    assert shifted.predict_proba(XC)[:, 0].mean() > plain.predict_proba(XC)[:, 0].mean()


def test_forest_warm_start_adds_the_same_trees():
    cold = RandomForestClassifier(12, random_state=0).fit(XC, YC)
    warm = RandomForestClassifier(6, random_state=0, warm_start=True).fit(XC, YC)
    first = warm.estimators_[0]
    warm.set_params(n_estimators=12).fit(XC, YC)
    assert warm.estimators_[0] is first and len(warm.estimators_) == 12
    np.testing.assert_allclose(warm.predict_proba(XC), cold.predict_proba(XC))
    with pytest.raises(ValueError, match="n_estimators=3"):
        warm.set_params(n_estimators=3).fit(XC, YC)


def test_unoffered_options_are_named():
    with pytest.raises(ValueError, match="monotonic_cst"):
        DecisionTreeClassifier(monotonic_cst=[1] * 30).fit(XC, YC)
    with pytest.raises(ValueError, match="max_leaf_nodes"):
        DecisionTreeClassifier(max_leaf_nodes=1).fit(XC, YC)
    with pytest.raises(ValueError, match="ccp_alpha"):
        DecisionTreeClassifier(ccp_alpha=-1.0).fit(XC, YC)
