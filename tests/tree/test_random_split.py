"""The random split search with the 'absolute_error' criterion: each node keeps the random
candidate with the smallest Σ w|y − median| of its two children (tree/_random_split.py)."""
import numpy as np

from glassnet.tree import ExtraTreeRegressor


def _steps(n=120, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.uniform(size=(n, 3))
    y = np.where(X[:, 0] < 0.5, 0.0, 4.0) + np.where(X[:, 1] < 0.3, 1.0, 0.0) + 0.1 * rng.normal(size=n)
    return X, y


def _absolute_error(y):
    return float(np.sum(np.abs(y - np.median(y))))


def test_absolute_error_random_splits_make_every_split_lower_the_absolute_error():
    X, y = _steps()
    tree = ExtraTreeRegressor(criterion="absolute_error", max_depth=3, random_state=0).fit(X, y)
    t = tree.tree_
    assert t.node_count >= 7
    leaves = tree.apply(X)
    reaching = {node: leaves == node for node in np.flatnonzero(t.children_left == -1)}
    for node in range(t.node_count - 1, -1, -1):              # children are numbered after parents
        if t.children_left[node] != -1:
            left, right = reaching[t.children_left[node]], reaching[t.children_right[node]]
            reaching[node] = left | right
            # each child's median is its best constant: the sum can only fall (or stay)
            assert _absolute_error(y[left]) + _absolute_error(y[right]) <= _absolute_error(y[reaching[node]]) + 1e-9
    assert _relative_error(X, y) < 0.4


def _relative_error(X, y):
    """Mean |ŷ − y| of trees with ten seeds, over that of the median alone (one draw may be unlucky)."""
    errors = [np.mean(np.abs(ExtraTreeRegressor(criterion="absolute_error", max_depth=3, random_state=seed)
                             .fit(X, y).predict(X) - y)) for seed in range(10)]
    return np.mean(errors) / np.mean(np.abs(y - np.median(y)))


def test_absolute_error_random_splits_never_pick_a_constant_feature():
    X, y = _steps()
    X = np.column_stack([np.full(len(X), 2.0), X])            # feature 0 is constant
    tree = ExtraTreeRegressor(criterion="absolute_error", max_depth=3, random_state=1).fit(X, y)
    used = tree.tree_.feature[tree.tree_.feature >= 0]
    assert len(used) >= 3 and 0 not in used
    assert _relative_error(X, y) < 0.4


def test_thresholds_compared_in_single_precision_give_the_double_precision_comparison():
    from glassnet.tree._random_split import at_most
    rng = np.random.RandomState(0)
    x = rng.normal(size=2000).astype(np.float32)
    t = np.concatenate([rng.normal(size=2000), x[:50].astype(np.float64)])   # draws and exact values
    below = at_most(t, np.dtype(np.float32))
    assert below.dtype == np.float32 and np.all(below <= t)
    # x <= t in float64 is x <= at_most(t) in float32, for every pair (and not a plain rounding:
    # at least one threshold rounds up to a float32 above it)
    assert np.any(t.astype(np.float32) > t)
    np.testing.assert_array_equal(x[:, None] <= below[None, :], x.astype(np.float64)[:, None] <= t[None, :])


def test_the_random_search_reads_single_precision_only_where_it_is_exact():
    from glassnet.tree._builder import random_search_planes
    rng = np.random.RandomState(1)
    single = rng.normal(size=(3, 50)).astype(np.float32).astype(np.float64)
    assert random_search_planes(single).dtype == np.float32
    np.testing.assert_array_equal(random_search_planes(single), single)
    double = rng.normal(size=(3, 50))
    assert random_search_planes(double) is double
