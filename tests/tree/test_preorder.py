import numpy as np

from glassnet.tree._preorder import preorder_positions, renumber_preorder


def _breadth_first_example():
    #          0
    #       1     2
    #     3   4  5  6
    #        7 8
    left = np.array([1, 3, 5, -1, 7, -1, -1, -1, -1])
    right = np.array([2, 4, 6, -1, 8, -1, -1, -1, -1])
    depth = np.array([0, 1, 1, 2, 2, 2, 2, 3, 3])
    return left, right, depth


def test_positions_are_depth_first_preorder():
    left, right, depth = _breadth_first_example()
    # preorder visits 0, 1, 3, 4, 7, 8, 2, 5, 6
    np.testing.assert_array_equal(preorder_positions(left, right, depth), [0, 1, 6, 2, 3, 7, 8, 4, 5])


def test_renumbering_keeps_the_tree():
    left, right, depth = _breadth_first_example()
    label = np.arange(9) * 10                                     # a per-node value to follow
    arrays, new_left, new_right = renumber_preorder({"label": label, "depth": depth}, left, right, depth)
    np.testing.assert_array_equal(arrays["label"], [0, 10, 30, 40, 70, 80, 20, 50, 60])
    np.testing.assert_array_equal(new_left, [1, 2, -1, 4, -1, -1, 7, -1, -1])
    np.testing.assert_array_equal(new_right, [6, 3, -1, 5, -1, -1, 8, -1, -1])
    for v in np.flatnonzero(new_left >= 0):                      # every child comes after its parent
        assert new_left[v] == v + 1 and new_right[v] > new_left[v]
        assert arrays["depth"][new_left[v]] == arrays["depth"][v] + 1


def test_grown_trees_are_numbered_like_scikit_learns():
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier

    from glassnet.tree import DecisionTreeClassifier
    X, y = load_iris(return_X_y=True)
    ours = DecisionTreeClassifier(random_state=0, max_depth=4).fit(X, y).tree_
    theirs = SkTreeClassifier(random_state=0, max_depth=4).fit(X, y).tree_
    np.testing.assert_array_equal(ours.children_left, theirs.children_left)
    np.testing.assert_array_equal(ours.children_right, theirs.children_right)
    np.testing.assert_array_equal(ours.feature, theirs.feature)
    np.testing.assert_array_equal(ours.n_node_samples, theirs.n_node_samples)


def test_decision_path_as_scikit_learns():
    from sklearn.datasets import load_breast_cancer
    from sklearn.tree import DecisionTreeClassifier as SkTreeClassifier

    from glassnet.tree import DecisionTreeClassifier
    from tests.tree.test_pruning import _as_glassnet
    X, y = load_breast_cancer(return_X_y=True)
    X = X.astype(np.float32).astype(np.float64)          # scikit-learn compares in float32
    sk = SkTreeClassifier(random_state=0).fit(X, y)
    indptr, indices = _as_glassnet(sk.tree_).decision_paths(X)
    expected = sk.decision_path(X)
    np.testing.assert_array_equal(indptr, expected.indptr)
    np.testing.assert_array_equal(indices, expected.indices)
    ours = DecisionTreeClassifier(random_state=0).fit(X, y)
    path = ours.decision_path(X[:7])
    assert path.shape == (7, ours.tree_.node_count)
    for i, leaf in enumerate(ours.apply(X[:7])):
        nodes = path.indices[path.indptr[i]:path.indptr[i + 1]]
        assert nodes[0] == 0 and nodes[-1] == leaf and len(nodes) == ours.tree_.depth[leaf] + 1
