"""Nodes collected level by level and assembled into a Tree numbered depth-first (tree/_grown_nodes.py)."""
import numpy as np

from glassnet.tree._grown_nodes import GrownNodes


def test_two_levels_become_a_tree_numbered_depth_first():
    nodes = GrownNodes()
    value = lambda *shares: np.array([[s] for s in shares])[:, :, None]   # noqa: E731  (k, 1 output, 1 value)
    root = nodes.add(value(2.0), np.array([1.0]), np.array([4]), np.array([4.0]), 0)
    left_right = nodes.add(value(1.0, 3.0), np.array([0.5, 0.25]), np.array([2, 2]), np.array([2.0, 2.0]), 1)
    nodes.set_splits(root, np.array([3]), np.array([0.5]), left_right[:1], left_right[1:])
    # the left child splits again: its children are numbered right after it, before the root's right
    grand = nodes.add(value(0.0, 2.0), np.array([0.0, 0.0]), np.array([1, 1]), np.array([1.0, 1.0]), 2)
    nodes.set_splits(left_right[:1], np.array([1]), np.array([-2.0]), grand[:1], grand[1:])
    tree = nodes.to_tree(5, np.array([1]))
    np.testing.assert_array_equal(tree.children_left, [1, 2, -1, -1, -1])
    np.testing.assert_array_equal(tree.children_right, [4, 3, -1, -1, -1])
    np.testing.assert_array_equal(tree.feature, [3, 1, -2, -2, -2])
    np.testing.assert_array_equal(tree.threshold, [0.5, -2.0, -2.0, -2.0, -2.0])
    np.testing.assert_array_equal(tree.value[:, 0, 0], [2.0, 1.0, 0.0, 2.0, 3.0])
    np.testing.assert_array_equal(tree.n_node_samples, [4, 2, 1, 1, 2])
    np.testing.assert_array_equal(tree.impurity, [1.0, 0.5, 0.0, 0.0, 0.25])
