"""The tree builder's splits are what the tree says they are, whatever features each node may try.

Every internal node's (feature, threshold) must send exactly the node's training samples that
the builder put left to the left child: a split scored on one feature's values but recorded
with another's (or with a threshold read from the wrong row) breaks this, and the tree then
predicts wrong even on its own training data.
"""
import numpy as np
import pytest

from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor


def _data(n=120, seed=0):
    rng = np.random.default_rng(seed)
    # features on very different scales and ranges: a value read from the wrong feature is far off
    X = rng.normal(size=(n, 5)) * np.array([1.0, 100.0, 0.01, 10.0, 1000.0]) + np.array([0, 500, -3, 40, 0])
    label = (X[:, 1] > 500).astype(int) + (X[:, 3] > 45).astype(int) + (X[:, 0] * X[:, 4] > 0)
    target = X[:, 0] + X[:, 1] / 100 + np.sin(X[:, 3]) + rng.normal(scale=0.1, size=n)
    return X, label, target


def _check_every_split(tree, X, y, classify):
    """Route the training samples from the root and compare each node with what the tree recorded."""
    t = tree.tree_
    reaching = {0: np.ones(len(X), dtype=bool)}
    for node in range(t.node_count):
        samples = reaching[node]
        assert t.n_node_samples[node] == samples.sum()
        if classify:
            counts = np.bincount(y[samples], minlength=t.value.shape[-1]).astype(float)
            np.testing.assert_allclose(t.value[node, 0] / t.value[node, 0].sum(), counts / counts.sum())
        else:
            np.testing.assert_allclose(t.value[node, 0, 0], y[samples].mean(), rtol=1e-9, atol=1e-9)
        left, right = t.children_left[node], t.children_right[node]
        if left == -1:
            continue
        values = X[samples, t.feature[node]]
        assert values.min() <= t.threshold[node] < values.max()    # between two of the node's values
        goes_left = X[:, t.feature[node]] <= t.threshold[node]
        reaching[left], reaching[right] = samples & goes_left, samples & ~goes_left


@pytest.mark.parametrize("max_features", [1, 2, "sqrt", None])
def test_classifier_splits_route_the_training_samples_as_recorded(max_features):
    X, label, _ = _data()
    tree = DecisionTreeClassifier(max_features=max_features, random_state=0).fit(X, label)
    _check_every_split(tree, X, label, classify=True)
    assert tree.score(X, label) == 1.0            # fully grown on distinct samples: memorises
    if max_features == 1:
        assert len(set(tree.tree_.feature[tree.tree_.feature >= 0])) > 1


@pytest.mark.parametrize("max_features", [1, 3, None])
def test_regressor_splits_route_the_training_samples_as_recorded(max_features):
    X, _, target = _data()
    tree = DecisionTreeRegressor(max_features=max_features, max_depth=6, random_state=1).fit(X, target)
    _check_every_split(tree, X, target, classify=False)
    full = DecisionTreeRegressor(max_features=max_features, random_state=1).fit(X, target)
    np.testing.assert_allclose(full.predict(X), target, atol=1e-9)


def test_max_features_one_still_finds_the_only_informative_feature():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 4))
    y = (X[:, 2] > 0.3).astype(int)
    stump = DecisionTreeClassifier(max_depth=1, max_features=1, random_state=5)
    scores = [stump.set_params(random_state=seed).fit(X, y).score(X, y) for seed in range(12)]
    assert max(scores) == 1.0 and min(scores) < 1.0   # perfect only when the node drew feature 2


@pytest.mark.parametrize("min_samples_split, min_samples_leaf", [(2, 1), (5, 1), (12, 1), (13, 1), (2, 4), (9, 3)])
def test_stopping_sizes_give_the_same_tree_as_sklearn(min_samples_split, min_samples_leaf):
    sktree = pytest.importorskip("sklearn.tree")
    X, label, target = _data(n=90, seed=4)
    ours = DecisionTreeRegressor(min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf).fit(X, target)
    theirs = sktree.DecisionTreeRegressor(min_samples_split=min_samples_split,
                                          min_samples_leaf=min_samples_leaf).fit(X, target)
    assert sorted(ours.tree_.n_node_samples) == sorted(theirs.tree_.n_node_samples)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    sizes = ours.tree_.n_node_samples
    leaves = ours.tree_.children_left == -1
    assert sizes[leaves].min() >= min_samples_leaf
    assert np.all(sizes[~leaves] >= min_samples_split)


def test_presort_gives_32_bit_indices_sorted_along_each_feature():
    from glassnet.tree._builder import presort
    X, _, _ = _data(200, seed=3)
    order = presort(X)
    assert order.dtype == np.int32 and order.shape == (5, 200)
    for j in range(5):
        assert np.all(np.diff(X[order[j], j]) >= 0)
        assert sorted(order[j].tolist()) == list(range(200))


@pytest.mark.parametrize("max_features", [None, 2])
def test_integer_weights_give_the_tree_that_fractional_weights_of_the_same_ratios_give(max_features):
    # integer class weights are read off the search's cumulative sums, other weights are summed
    # afresh; gini does not change when every weight is scaled, so both paths must agree
    X, y, _ = _data(300, seed=4)
    w = np.random.default_rng(5).integers(0, 4, size=300).astype(float)
    whole = DecisionTreeClassifier(max_features=max_features, random_state=0).fit(X, y, sample_weight=w)
    third = DecisionTreeClassifier(max_features=max_features, random_state=0).fit(X, y, sample_weight=w / 3)
    assert whole.tree_.node_count == third.tree_.node_count > 9
    np.testing.assert_array_equal(whole.tree_.feature, third.tree_.feature)
    np.testing.assert_array_equal(whole.tree_.threshold, third.tree_.threshold)
    np.testing.assert_allclose(whole.tree_.value, third.tree_.value, rtol=1e-12)
    np.testing.assert_allclose(whole.tree_.weighted_n_node_samples * 1 / 3,
                               third.tree_.weighted_n_node_samples, rtol=1e-12)


@pytest.mark.parametrize("make", [DecisionTreeRegressor, DecisionTreeClassifier])
def test_random_splits_with_equal_weights_give_the_unweighted_tree(make):
    # every weight 2.5 scales every node's weight and nothing else: the same tree as without weights
    X, y, _ = _data(300, seed=6)
    plain = make(splitter="random", random_state=0).fit(X, y)
    weighted = make(splitter="random", random_state=0).fit(X, y, sample_weight=np.full(300, 2.5))
    assert plain.tree_.node_count == weighted.tree_.node_count > 9
    np.testing.assert_array_equal(plain.tree_.feature, weighted.tree_.feature)
    np.testing.assert_array_equal(plain.tree_.threshold, weighted.tree_.threshold)
    np.testing.assert_allclose(plain.tree_.value, weighted.tree_.value, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(2.5 * plain.tree_.weighted_n_node_samples, weighted.tree_.weighted_n_node_samples)
