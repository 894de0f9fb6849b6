"""``max_leaf_nodes``: grow best-first, always splitting the leaf whose split helps most.

A leaf t's split lowers the tree's weighted impurity by

    Δ(t) = w(t)/W · (imp(t) − w(l)/w(t)·imp(l) − w(r)/w(t)·imp(r))

(W the total weight, l and r its children). With a budget of leaves, scikit-learn grows the tree
best-first: start with the root, and split the leaf of largest Δ until ``max_leaf_nodes`` leaves
exist or no leaf can be split. Each node's best split does not depend on the order in which nodes
are split, so glassnet grows the tree fully (level by level, with the same other limits) and then
replays the best-first order on it, keeping the first max_leaf_nodes − 1 splits. Nodes are numbered
in the order they are created, as in scikit-learn's best-first trees: the root 0, then both children
of each split, left first.
"""
from __future__ import annotations

import heapq

import numpy as np

from glassnet.tree._tree import Tree


def split_gains(tree: Tree) -> np.ndarray:
    """Δ(t) for every internal node (−inf at leaves)."""
    left, right = tree.children_left, tree.children_right
    w, imp = tree.weighted_n_node_samples, tree.impurity
    gain = np.full(tree.node_count, -np.inf)
    nodes = np.flatnonzero(left >= 0)
    wl, wr, wt = w[left[nodes]], w[right[nodes]], w[nodes]
    gain[nodes] = wt / w[0] * (imp[nodes] - wl / wt * imp[left[nodes]] - wr / wt * imp[right[nodes]])
    return gain


def best_first(tree: Tree, max_leaf_nodes: int) -> Tree:
    """The tree of the first ``max_leaf_nodes`` − 1 best-first splits of ``tree``."""
    gain = split_gains(tree)
    left, right = tree.children_left, tree.children_right
    order = [0]                              # old ids, in the order the new tree creates them
    split = set()
    frontier = [(-gain[0], 0)] if left[0] >= 0 else []
    leaves = 1
    while frontier and leaves < max_leaf_nodes:
        _, node = heapq.heappop(frontier)
        split.add(node)
        for child in (left[node], right[node]):
            order.append(child)
            if left[child] >= 0:
                heapq.heappush(frontier, (-gain[child], child))
        leaves += 1
    old = np.array(order, dtype=np.intp)
    new_id = np.full(tree.node_count, -1, dtype=np.intp)
    new_id[old] = np.arange(len(old))
    is_split = np.array([node in split for node in order])
    new_left = np.where(is_split, new_id[np.maximum(left[old], 0)], -1)
    new_right = np.where(is_split, new_id[np.maximum(right[old], 0)], -1)
    return Tree(tree.n_features, new_left, new_right, np.where(is_split, tree.feature[old], -2),
                np.where(is_split, tree.threshold[old], -2.0), tree.value[old], tree.impurity[old],
                tree.n_node_samples[old], tree.weighted_n_node_samples[old], tree.depth[old], tree.n_classes)
