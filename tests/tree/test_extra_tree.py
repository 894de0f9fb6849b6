"""ExtraTreeClassifier / ExtraTreeRegressor and splitter='random': one random threshold per feature.

A random-split tree that silently fell back to the exhaustive search would put every threshold at
a midpoint between two consecutive training values and grow the same tree for every seed; the
tests below check that the thresholds are uniform draws inside the node's range instead.
"""
import numpy as np
import pytest

from glassnet.tree import (DecisionTreeClassifier, DecisionTreeRegressor, ExtraTreeClassifier,
                           ExtraTreeRegressor)

sklearn = pytest.importorskip("sklearn")
from sklearn import tree as sk_tree  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402


@pytest.mark.parametrize("estimator", [ExtraTreeClassifier(), ExtraTreeRegressor()],
                         ids=lambda e: type(e).__name__)
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(estimator)


@pytest.mark.parametrize("ours, theirs", [(ExtraTreeClassifier, sk_tree.ExtraTreeClassifier),
                                          (ExtraTreeRegressor, sk_tree.ExtraTreeRegressor)])
def test_defaults_are_sklearns(ours, theirs):
    mine, sk = ours().get_params(), theirs().get_params()
    assert mine["splitter"] == "random"
    assert {name: sk[name] for name in mine} == mine


def _routes(tree, X):
    """For every node, the training samples that reach it (boolean masks)."""
    t = tree.tree_
    reaching = {0: np.ones(len(X), dtype=bool)}
    for node in range(t.node_count):
        if t.children_left[node] != -1:
            left = X[:, t.feature[node]] <= t.threshold[node]
            reaching[t.children_left[node]] = reaching[node] & left
            reaching[t.children_right[node]] = reaching[node] & ~left
    return reaching


def _data(n=300, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4)) * np.array([1.0, 50.0, 0.1, 5.0])
    y = (X[:, 0] + X[:, 1] / 50 > 0).astype(int) + (X[:, 3] > 2)
    return X, y


def test_thresholds_are_uniform_draws_within_the_nodes_range():
    X, y = _data()
    tree = ExtraTreeClassifier(max_features=None, random_state=0).fit(X, y)
    t = tree.tree_
    reaching = _routes(tree, X)
    positions, midpoints = [], 0
    for node in np.flatnonzero(t.children_left != -1):
        values = np.sort(X[reaching[node], t.feature[node]])
        low, high = values[0], values[-1]
        assert low <= t.threshold[node] < high
        assert t.n_node_samples[node] == reaching[node].sum()
        positions.append((t.threshold[node] - low) / (high - low))
        between = np.searchsorted(values, t.threshold[node])
        if 0 < between < len(values) and np.isclose(t.threshold[node], (values[between - 1] + values[between]) / 2):
            midpoints += 1
    positions = np.array(positions)
    assert len(positions) > 20
    assert midpoints <= 0.1 * len(positions)        # not the exhaustive search's midpoints
    assert 0.3 < positions.mean() < 0.7            # spread over the range, not piled at one end
    assert positions.std() > 0.15
    assert tree.score(X, y) == 1.0                 # still grown until the leaves are pure


def test_seeds_give_different_trees_and_the_exhaustive_tree_is_not_one_of_them():
    X, y = _data()
    thresholds = [ExtraTreeClassifier(random_state=s).fit(X, y).tree_.threshold[0] for s in range(5)]
    assert len(set(thresholds)) == 5
    best = DecisionTreeClassifier(random_state=0).fit(X, y).tree_.threshold[0]
    assert best not in thresholds


def test_max_features_limits_the_candidates_and_skips_constant_features():
    X, y = _data()
    X = np.column_stack([X, np.ones(len(X)), np.full(len(X), -3.0)])     # two constant features
    tree = ExtraTreeClassifier(max_features=1, random_state=0).fit(X, y)
    used = tree.tree_.feature[tree.tree_.feature >= 0]
    assert not np.isin(used, [4, 5]).any()
    assert len(set(used)) >= 3                     # one random feature per node: several get used
    assert tree.score(X, y) == 1.0


def test_regressor_random_splits_with_several_outputs_and_min_samples_leaf():
    rng = np.random.RandomState(0)
    X = rng.uniform(size=(400, 3))
    Y = np.column_stack([np.sin(6 * X[:, 0]), X[:, 1] ** 2])
    tree = ExtraTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, Y)
    leaves = tree.tree_.children_left == -1
    assert tree.tree_.n_node_samples[leaves].min() >= 5
    prediction = tree.predict(X)
    assert prediction.shape == (400, 2)
    for o in range(2):
        assert 1 - np.mean((prediction[:, o] - Y[:, o]) ** 2) / Y[:, o].var() > 0.8
    absolute = ExtraTreeRegressor(criterion="absolute_error", max_depth=3, random_state=0).fit(X[:80], Y[:80])
    for node in np.flatnonzero(absolute.tree_.children_left == -1)[:3]:
        members = absolute.apply(X[:80]) == node
        np.testing.assert_allclose(absolute.tree_.value[node, :, 0], np.median(Y[:80][members], axis=0))


def test_a_single_random_tree_is_weaker_than_the_exhaustive_one_but_learns():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    order = rng.permutation(len(y))
    train, test = order[:100], order[100:]
    scores = [ExtraTreeClassifier(random_state=s).fit(X[train], y[train]).score(X[test], y[test])
              for s in range(10)]
    assert np.mean(scores) > 0.8


def test_bad_splitter_is_named():
    with pytest.raises(ValueError, match="splitter must be 'best' or 'random'; got 'fast'"):
        DecisionTreeRegressor(splitter="fast").fit(np.zeros((4, 1)), np.arange(4.0))


@pytest.mark.parametrize("Tree, max_features", [(ExtraTreeRegressor, 1.0), (ExtraTreeRegressor, 0.25),
                                                (ExtraTreeClassifier, 1), (ExtraTreeClassifier, 1.0)])
def test_zero_weight_samples_give_the_tree_grown_without_them(Tree, max_features):
    # the features of a level's samples are either gathered from X or carried along in node order
    # (most features tried); either way a sample of weight 0 is as absent, and a fully grown tree
    # routes every training sample to a leaf that predicts it
    X, y = _data(400, seed=6)
    y = y if Tree is ExtraTreeClassifier else X[:, 0] * 3 + X[:, 2] ** 2
    w = np.ones(len(y))
    w[::7] = 0.0
    kept = w > 0
    weighted = Tree(max_features=max_features, random_state=2).fit(X, y, sample_weight=w).tree_
    without = Tree(max_features=max_features, random_state=2).fit(X[kept], y[kept]).tree_
    assert weighted.node_count == without.node_count > 50
    np.testing.assert_array_equal(weighted.feature, without.feature)
    np.testing.assert_array_equal(weighted.threshold, without.threshold)
    leaf_value = without.predict(X[kept])
    expected = y[kept] if Tree is ExtraTreeRegressor else np.eye(leaf_value.shape[1])[y[kept]]
    np.testing.assert_allclose(leaf_value.reshape(expected.shape), expected, atol=1e-9)
