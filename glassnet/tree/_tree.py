"""The fitted tree as flat arrays, one entry per node (the layout scikit-learn's ``tree_`` uses).

Node 0 is the root. An internal node t asks "is x[feature[t]] <= threshold[t]?" and sends the
sample to ``children_left[t]`` when yes, ``children_right[t]`` when no. A leaf has
``children_left[t] == children_right[t] == -1`` and ``feature[t] == -2``; its ``value[t]`` is the
prediction (class shares for a classifier, the mean or median for a regressor), one row per output
when y has several columns.
Nodes are numbered breadth first (level by level), because the builder grows a whole level at once.
"""
from __future__ import annotations

import numpy as np

TREE_LEAF = -1
TREE_UNDEFINED = -2


class Tree:
    """Flat arrays describing a binary decision tree.

    Attributes
    ----------
    children_left, children_right : (node_count,) int arrays, -1 at leaves
    feature : (node_count,) int array, -2 at leaves
    threshold : (node_count,) float array, -2 at leaves
    value : (node_count, n_outputs, n_values) float array: per output, the class shares (padded
        with zeros to the largest number of classes) or the mean/median (n_values = 1)
    impurity : (node_count,) the node's impurity under the tree's criterion
    n_node_samples : (node_count,) samples (with positive weight) reaching the node in training
    weighted_n_node_samples : (node_count,) their total weight
    depth : (node_count,) distance from the root
    """

    def __init__(self, n_features: int, children_left, children_right, feature, threshold,
                 value, impurity, n_node_samples, weighted_n_node_samples, depth, n_classes=None):
        self.n_features = int(n_features)
        self.children_left = np.asarray(children_left, dtype=np.intp)
        self.children_right = np.asarray(children_right, dtype=np.intp)
        self.feature = np.asarray(feature, dtype=np.intp)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        value = np.asarray(value, dtype=np.float64)
        self.value = value if value.ndim == 3 else value.reshape(len(value), 1, -1)
        self.impurity = np.asarray(impurity, dtype=np.float64)
        self.n_node_samples = np.asarray(n_node_samples, dtype=np.intp)
        self.weighted_n_node_samples = np.asarray(weighted_n_node_samples, dtype=np.float64)
        self.depth = np.asarray(depth, dtype=np.intp)
        # classes per output (scikit-learn's ``tree_.n_classes``); 1 per output for a regressor
        self.n_classes = (np.full(self.value.shape[1], self.value.shape[2], dtype=np.intp) if n_classes is None
                          else np.asarray(n_classes, dtype=np.intp))

    @property
    def node_count(self) -> int:
        return len(self.feature)

    @property
    def max_depth(self) -> int:
        return int(self.depth.max()) if self.node_count else 0

    @property
    def n_leaves(self) -> int:
        return int(np.count_nonzero(self.children_left == TREE_LEAF))

    @property
    def n_outputs(self) -> int:
        return self.value.shape[1]

    @property
    def max_n_classes(self) -> int:
        return self.value.shape[2]

    def apply(self, X: np.ndarray) -> np.ndarray:
        """The leaf each row of X lands in: all rows descend one level per step (vectorised)."""
        n = X.shape[0]
        node = np.zeros(n, dtype=np.intp)
        active = np.arange(n)
        while active.size:
            current = node[active]
            feature = self.feature[current]
            internal = feature >= 0
            if not internal.all():
                active, current, feature = active[internal], current[internal], feature[internal]
                if not active.size:
                    break
            go_left = X[active, feature] <= self.threshold[current]
            node[active] = np.where(go_left, self.children_left[current], self.children_right[current])
        return node

    def decision_paths(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nodes each row of X passes through, root first, in CSR form: row i's nodes are
        ``indices[indptr[i]:indptr[i + 1]]`` (scikit-learn's ``decision_path`` layout)."""
        leaves = self.apply(X)
        parent = np.full(self.node_count, -1, dtype=np.intp)
        internal = np.flatnonzero(self.children_left >= 0)
        parent[self.children_left[internal]] = internal
        parent[self.children_right[internal]] = internal
        distinct, which = np.unique(leaves, return_inverse=True)
        paths = []
        for leaf in distinct:                        # one walk up per distinct leaf, not per row
            path = [leaf]
            while parent[path[-1]] >= 0:
                path.append(parent[path[-1]])
            paths.append(np.array(path[::-1], dtype=np.intp))
        starts = np.concatenate([[0], np.cumsum([len(p) for p in paths])])
        flat = np.concatenate(paths) if paths else np.zeros(0, dtype=np.intp)
        lengths = self.depth[leaves] + 1
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.intp)
        offset_in_row = np.arange(indptr[-1]) - np.repeat(indptr[:-1], lengths)
        indices = flat[np.repeat(starts[which], lengths) + offset_in_row]
        return indptr, indices

    def predict(self, X: np.ndarray) -> np.ndarray:
        """value of the reached leaf: shape (n_samples, n_values) with one output (as scikit-learn's
        ``tree_.predict``), (n_samples, n_outputs, n_values) with several."""
        leaves = self.apply(X)
        return self.value[leaves, 0, :] if self.n_outputs == 1 else self.value[leaves]

    def compute_feature_importances(self, normalize: bool = True) -> np.ndarray:
        """Mean decrease in impurity: Σ over the nodes that split on feature j of
        W_t I_t − W_L I_L − W_R I_R, normalised to sum to one."""
        internal = np.flatnonzero(self.children_left != TREE_LEAF)
        left, right = self.children_left[internal], self.children_right[internal]
        w, imp = self.weighted_n_node_samples, self.impurity
        decrease = w[internal] * imp[internal] - w[left] * imp[left] - w[right] * imp[right]
        importances = np.bincount(self.feature[internal], weights=decrease, minlength=self.n_features)
        importances = importances / w[0] if self.node_count and w[0] > 0 else importances
        total = importances.sum()
        if normalize and total > 0:
            importances = importances / total
        return importances

    def subtree_depth(self, node: int) -> int:
        """Number of levels below and including ``node`` (1 for a leaf)."""
        best, stack = 0, [(node, 1)]
        while stack:
            t, d = stack.pop()
            best = max(best, d)
            if self.children_left[t] != TREE_LEAF:
                stack.append((self.children_left[t], d + 1))
                stack.append((self.children_right[t], d + 1))
        return best
