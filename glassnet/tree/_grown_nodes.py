"""The nodes of a tree grown level by level, collected as they are made and assembled into a Tree.

Each level adds its children in one call (their values, impurities, sizes, weights and depth), and
records the splits of its nodes (feature, threshold, the ids of the two children). ``to_tree``
writes the arrays of scikit-learn's tree structure and renumbers the nodes depth-first, as
scikit-learn numbers them (see ``_preorder``).
"""
from __future__ import annotations

import numpy as np

from glassnet.tree._preorder import in_preorder
from glassnet.tree._tree import TREE_LEAF, TREE_UNDEFINED, Tree


class GrownNodes:
    """Collects the nodes (ids in order of creation: level by level) and assembles the Tree."""

    def __init__(self):
        self.parts = {k: [] for k in ("value", "impurity", "n", "w", "depth")}
        self.count = 0
        self.splits = {k: [] for k in ("id", "feature", "threshold", "left", "right")}

    def add(self, value, impurity, sizes, weights, depth):
        k = len(sizes)
        ids = np.arange(self.count, self.count + k)
        for key, part in zip(("value", "impurity", "n", "w", "depth"),
                             (value, impurity, sizes, weights, np.full(k, depth))):
            self.parts[key].append(part)
        self.count += k
        return ids

    def set_splits(self, ids, feature, threshold, left, right):
        for key, part in zip(("id", "feature", "threshold", "left", "right"),
                             (ids, feature, threshold, left, right)):
            self.splits[key].append(part)

    def to_tree(self, n_features: int, n_classes: np.ndarray) -> Tree:
        n = self.count
        left = np.full(n, TREE_LEAF, dtype=np.intp)
        right = np.full(n, TREE_LEAF, dtype=np.intp)
        feature = np.full(n, TREE_UNDEFINED, dtype=np.intp)
        threshold = np.full(n, float(TREE_UNDEFINED))
        if self.splits["id"]:
            sp = {k: np.concatenate(v) for k, v in self.splits.items()}
            left[sp["id"]], right[sp["id"]] = sp["left"], sp["right"]
            feature[sp["id"]], threshold[sp["id"]] = sp["feature"], sp["threshold"]
        cat = {k: np.concatenate(v) for k, v in self.parts.items()}
        # grown level by level, numbered depth-first as scikit-learn numbers its nodes
        return Tree(n_features, *in_preorder(left, right, feature, threshold, cat["value"], cat["impurity"],
                                             cat["n"], cat["w"], cat["depth"]), n_classes)
