"""Number a tree's nodes in depth-first preorder, as scikit-learn does.

glassnet grows a tree level by level, so its nodes come out numbered breadth-first. scikit-learn
numbers them depth-first: the root 0, then its whole left subtree, then its right subtree. Node ids
are visible (``apply``, ``decision_path``, ``tree_.children_left``, the lecture's "node 3 is a
leaf" printout), so glassnet renumbers once the tree is grown:

    size(v) = 1 + size(left(v)) + size(right(v))          (bottom-up, one level at a time)
    pos(root) = 0,  pos(left(v)) = pos(v) + 1,  pos(right(v)) = pos(v) + 1 + size(left(v))
"""
from __future__ import annotations

import numpy as np


def preorder_positions(left: np.ndarray, right: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """pos[v]: the preorder number of node v (children are −1 at leaves; ``depth`` from the root)."""
    n = len(left)
    size = np.ones(n, dtype=np.intp)
    internal = left >= 0
    for d in range(int(depth.max(initial=0)) - 1, -1, -1):      # a child is one level below its parent
        nodes = np.flatnonzero(internal & (depth == d))
        size[nodes] = 1 + size[left[nodes]] + size[right[nodes]]
    pos = np.zeros(n, dtype=np.intp)
    for d in range(int(depth.max(initial=0))):
        nodes = np.flatnonzero(internal & (depth == d))
        pos[left[nodes]] = pos[nodes] + 1
        pos[right[nodes]] = pos[nodes] + 1 + size[left[nodes]]
    return pos


def renumber_preorder(arrays: dict, left: np.ndarray, right: np.ndarray, depth: np.ndarray):
    """Reorder every per-node array of ``arrays`` (first axis = node) and the child links into preorder.

    Returns (arrays, left, right) with the new numbering.
    """
    pos = preorder_positions(left, right, depth)
    order = np.empty_like(pos)
    order[pos] = np.arange(len(pos))                            # order[new id] = old id
    new_left = np.where(left[order] >= 0, pos[np.maximum(left[order], 0)], left[order])
    new_right = np.where(right[order] >= 0, pos[np.maximum(right[order], 0)], right[order])
    return {key: value[order] for key, value in arrays.items()}, new_left, new_right


def in_preorder(left, right, feature, threshold, value, impurity, n, w, depth):
    """The builder's per-node arrays, renumbered depth-first (returns them in the same order)."""
    per_node = {"feature": feature, "threshold": threshold, "value": value, "impurity": impurity, "n": n,
                "w": w, "depth": depth}
    arrays, left, right = renumber_preorder(per_node, left, right, depth)
    return (left, right, arrays["feature"], arrays["threshold"], arrays["value"], arrays["impurity"],
            arrays["n"], arrays["w"], arrays["depth"])


def tree_in_preorder(tree):
    """The same tree with its nodes renumbered depth-first (a best-first tree numbers them by creation)."""
    from glassnet.tree._tree import Tree
    arrays, left, right = renumber_preorder(
        {"feature": tree.feature, "threshold": tree.threshold, "value": tree.value, "impurity": tree.impurity,
         "n": tree.n_node_samples, "w": tree.weighted_n_node_samples, "depth": tree.depth},
        tree.children_left, tree.children_right, tree.depth)
    return Tree(tree.n_features, left, right, arrays["feature"], arrays["threshold"], arrays["value"],
                arrays["impurity"], arrays["n"], arrays["w"], arrays["depth"], tree.n_classes)
