"""Minimal cost-complexity pruning (Breiman et al. 1984), as scikit-learn's ``ccp_alpha``.

A tree T pays for its error and its size: R_α(T) = R(T) + α·|leaves(T)|, where R(T) sums the
leaves' impurities, each weighted by its share of the training weight: R(t) = w(t)/w(root)·imp(t).
Cutting the branch below an internal node t (t becomes a leaf) changes R by R(t) − R(T_t) ≥ 0 and
removes |leaves(T_t)| − 1 leaves, so it pays off once α exceeds t's effective alpha

    α_eff(t) = (R(t) − R(T_t)) / (|leaves(T_t)| − 1).

The weakest link, the node with the smallest α_eff (the first in node order on a tie), is cut,
the branch sums of its ancestors are updated, and so on: a nested sequence of trees, one per α in
``cost_complexity_pruning_path``. ``ccp_alpha`` keeps cutting while α_eff ≤ ccp_alpha.

Nodes are in depth-first preorder (``_preorder.py``), so the subtree of node v is the range
[v, v + size(v)): ancestors and descendants are found by comparing numbers.
"""
from __future__ import annotations

import numpy as np

from glassnet.tree._tree import Tree


def _weakest_links(tree: Tree, ccp_alpha: float | None):
    """Cut weakest links while α_eff ≤ ccp_alpha (None: until only the root is left).

    Returns (alphas, impurities, kept, cut): the path (starting at α = 0 with the full tree), the
    nodes still in the tree and those turned into leaves.
    """
    left, right, depth = tree.children_left, tree.children_right, tree.depth
    n = tree.node_count
    idx = np.arange(n)
    r_node = tree.weighted_n_node_samples * tree.impurity / tree.weighted_n_node_samples[0]   # scikit-learn's rounding
    internal = left >= 0
    r_branch = np.where(internal, 0.0, r_node)
    n_leaves = (~internal).astype(np.intp)
    size = np.ones(n, dtype=np.intp)
    for d in range(int(depth.max(initial=0)) - 1, -1, -1):     # bottom-up, as scikit-learn sums them
        nodes = np.flatnonzero(internal & (depth == d))
        r_branch[nodes] = r_branch[left[nodes]] + r_branch[right[nodes]]
        n_leaves[nodes] = n_leaves[left[nodes]] + n_leaves[right[nodes]]
        size[nodes] = 1 + size[left[nodes]] + size[right[nodes]]
    kept = np.ones(n, dtype=bool)
    candidate = internal.copy()
    cut = np.zeros(n, dtype=bool)
    alphas, impurities = [0.0], [float(r_branch[0])]
    while candidate[0]:
        nodes = np.flatnonzero(candidate)
        effective = (r_node[nodes] - r_branch[nodes]) / (n_leaves[nodes] - 1)
        best = int(np.argmin(effective))                           # the first minimum, in node order
        alpha, p = float(effective[best]), int(nodes[best])
        if ccp_alpha is not None and alpha > ccp_alpha:
            break
        below = (idx > p) & (idx < p + size[p])
        kept[below] = False
        candidate[below] = False
        candidate[p] = False
        cut[p] = True
        r_diff, leaves_diff = r_node[p] - r_branch[p], n_leaves[p] - 1
        ancestors = (idx <= p) & (idx + size > p)                  # p itself and the nodes above it
        r_branch[ancestors] += r_diff
        n_leaves[ancestors] -= leaves_diff
        alphas.append(alpha)
        impurities.append(float(r_branch[0]))
    return np.array(alphas), np.array(impurities), kept, cut


def pruning_path(tree: Tree) -> dict:
    """``ccp_alphas`` (increasing, from 0) and the total leaf impurity ``impurities`` after each cut."""
    alphas, impurities, _, _ = _weakest_links(tree, None)
    return {"ccp_alphas": alphas, "impurities": impurities}


def prune(tree: Tree, ccp_alpha: float) -> Tree:
    """The subtree left after cutting every weakest link with α_eff ≤ ``ccp_alpha``."""
    _, _, kept, cut = _weakest_links(tree, ccp_alpha)
    if kept.all() and not cut.any():
        return tree
    old = np.flatnonzero(kept)                                     # preorder stays preorder
    new_id = np.full(tree.node_count, -1, dtype=np.intp)
    new_id[old] = np.arange(len(old))
    leaf = cut[old] | (tree.children_left[old] < 0)
    left = np.where(leaf, -1, new_id[np.maximum(tree.children_left[old], 0)])
    right = np.where(leaf, -1, new_id[np.maximum(tree.children_right[old], 0)])
    feature = np.where(leaf, -2, tree.feature[old])
    threshold = np.where(leaf, -2.0, tree.threshold[old])
    return Tree(tree.n_features, left, right, feature, threshold, tree.value[old], tree.impurity[old],
                tree.n_node_samples[old], tree.weighted_n_node_samples[old], tree.depth[old], tree.n_classes)
