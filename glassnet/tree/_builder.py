"""Growing a tree one whole level at a time, with exhaustive split search and no loop over samples.

The lecture's algorithm: at a node, for every feature j, sort the node's samples by x_j and try a
threshold at the midpoint between each pair of consecutive *distinct* values; keep the (feature,
threshold) with the largest impurity decrease; recurse on both children until a stopping rule
(max_depth, min_samples_split, min_samples_leaf, a pure node, min_impurity_decrease) fires.

This builder does exactly that search, but for every node of a level at once:

1. Each feature is sorted once, at the root (``argsort``). Row j of ``order`` lists the samples in
   increasing x_j, grouped by node: node k owns the same column range [start_k, end_k) in every row.
2. A cumulative sum along each row of the per-sample statistics (class weights, or [w, w·y]),
   minus its value just before the node's range, gives the left child's statistics for a split
   after every position; the right child gets the node total minus that. One array expression then
   scores every threshold of every feature of every node of the level (see ``_criteria``).
3. The best position per node comes from a max over features and a segmented max over columns.
4. The samples are partitioned stably into the children (left block, then right block) in every
   row at once, by a cumulative count of "goes left" and a scatter. The rows stay sorted within each
   child, so nothing is ever sorted again.

The work per level is a few passes over an (n_features × n_active_samples) array, and a tree costs
(depth × that), with Python running once per level, not once per node or per sample.
"""
from __future__ import annotations

import numpy as np

from glassnet.tree._criteria import (class_impurity, prefix_absolute_errors, proxy_gain,
                                     squared_error_impurity, weighted_median)
from glassnet.tree._tree import TREE_LEAF, TREE_UNDEFINED, Tree

FEATURE_THRESHOLD = 1e-7   # two values closer than this are treated as equal (as in scikit-learn)
EPSILON = np.finfo(np.float64).eps


def presort(X: np.ndarray) -> np.ndarray:
    """(n_features, n_samples) sample indices, each row sorted by that feature (stable)."""
    return np.ascontiguousarray(np.argsort(X, axis=0, kind="stable").T)


def build_tree(X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray, *, criterion: str,
               n_classes: int, max_depth: int, min_samples_split: int, min_samples_leaf: int,
               max_features: int, min_impurity_decrease: float, random_state: np.random.RandomState,
               sorted_idx: np.ndarray | None = None, XT: np.ndarray | None = None) -> Tree:
    """Grow a tree on (X, y) with the level-wise exhaustive search described in the module docstring.

    ``y`` holds class codes 0..n_classes-1 (classification, ``n_classes >= 1``) or real targets
    (regression, ``n_classes == 0``). Samples with zero weight are left out. ``sorted_idx`` and
    ``XT`` (= X.T, contiguous) may be passed when many trees share X (forests, boosting).
    """
    n_samples, n_features = X.shape
    classify = n_classes > 0
    XT = np.ascontiguousarray(X.T) if XT is None else XT
    keep = sample_weight > 0
    if sorted_idx is None:
        sorted_idx = presort(X)
    S = sorted_idx if keep.all() else sorted_idx[keep[sorted_idx]].reshape(n_features, -1)
    # a random order of the features per tree: among equally good splits the first row wins,
    # so ties between features are broken at random (scikit-learn visits features in random order)
    perm = random_state.permutation(n_features)
    S = S[perm]
    Xs = np.take_along_axis(XT[perm], S, axis=1)

    # per-sample statistics whose sums describe a node
    if classify:
        stats = np.zeros((n_samples, n_classes))
        stats[np.arange(n_samples), y] = sample_weight
    else:
        y = y.astype(np.float64)
        stats = np.column_stack([sample_weight, sample_weight * y])
        stats_sq = sample_weight * y * y
    n_stats = stats.shape[1]

    level = _Levels(classify, n_classes)
    root_samples = S[0]
    sizes = np.array([S.shape[1]])
    totals = stats[root_samples].sum(axis=0, keepdims=True)
    totals_sq = np.array([stats_sq[root_samples].sum()]) if not classify else None
    depth = 0
    total_weight = totals[0].sum() if classify else totals[0, 0]

    while True:
        k = len(sizes)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        seg_of_col = np.repeat(np.arange(k), sizes)
        node_weight = totals.sum(axis=1) if classify else totals[:, 0]
        if classify:
            impurity = class_impurity(criterion, totals)
            value = totals / node_weight[:, None]
        elif criterion == "absolute_error":
            value, impurity = _median_and_mae(S[0], y, sample_weight, starts, sizes)
        else:
            value = (totals[:, 1] / node_weight)[:, None]
            impurity = squared_error_impurity(node_weight, totals[:, 1], totals_sq)
        ids = level.add(value, impurity, sizes, node_weight, depth)

        candidate = ((sizes >= min_samples_split) & (sizes >= 2 * min_samples_leaf)
                     & (impurity > EPSILON))
        if max_depth is not None and depth >= max_depth:
            candidate[:] = False
        if not candidate.any():
            break
        if not candidate.all():   # drop the columns of nodes that are leaves already
            cols = candidate[seg_of_col]
            S, Xs = S[:, cols], Xs[:, cols]
            ids, sizes, totals = ids[candidate], sizes[candidate], totals[candidate]
            totals_sq = totals_sq[candidate] if totals_sq is not None else None
            node_weight, impurity = node_weight[candidate], impurity[candidate]
            k = len(sizes)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            seg_of_col = np.repeat(np.arange(k), sizes)
        m = S.shape[1]
        ends = starts + sizes

        # ---- which features each node may try (max_features), as rows of the sorted arrays
        if max_features < n_features:
            constant = Xs[:, ends - 1] <= Xs[:, starts] + FEATURE_THRESHOLD          # (d, k)
            priority = random_state.random_sample((k, n_features)) + 2.0 * constant.T
            rows = np.argsort(priority, axis=1)[:, :max_features]                     # (k, mf)
            row_index = rows[seg_of_col].T                                             # (mf, m)
            cols = np.arange(m)
            Sg, Xg = S[row_index, cols], Xs[row_index, cols]
        else:
            rows = None
            Sg, Xg = S, Xs

        # ---- score every threshold: left statistics by a cumulative sum along each row
        position = np.arange(m) - starts[seg_of_col]              # 0-based position in the node
        n_left = position + 1
        valid = (n_left >= min_samples_leaf) & (sizes[seg_of_col] - n_left >= min_samples_leaf)
        distinct = np.zeros(Xg.shape, dtype=bool)
        np.greater(Xg[:, 1:], Xg[:, :-1] + FEATURE_THRESHOLD, out=distinct[:, :-1])
        distinct &= valid
        if criterion == "absolute_error":
            score = _absolute_error_scores(Sg, y, sample_weight, starts, sizes)
            left_stats = None
        else:
            cum = np.cumsum(stats[Sg], axis=1)                                       # (r, m, K)
            before = np.zeros((cum.shape[0], k, n_stats))
            before[:, 1:] = cum[:, starts[1:] - 1]
            left_stats = cum
            left_stats -= before[:, seg_of_col]
            right_stats = totals[seg_of_col] - left_stats
            with np.errstate(divide="ignore", invalid="ignore"):
                score = proxy_gain(criterion, left_stats, right_stats)
        score[~distinct] = -np.inf

        # ---- best (row, position) per node
        best_row = np.argmax(score, axis=0)
        col_best = score[best_row, np.arange(m)]
        node_best = np.maximum.reduceat(col_best, starts)
        is_best = col_best == node_best[seg_of_col]
        best_pos = np.minimum.reduceat(np.where(is_best, np.arange(m), m), starts)
        found = np.isfinite(node_best)
        best_pos = np.where(found, best_pos, starts)
        row = best_row[best_pos]
        x_lo, x_hi = Xg[row, best_pos], Xg[row, np.minimum(best_pos + 1, m - 1)]
        threshold = x_lo / 2.0 + x_hi / 2.0
        bad = (threshold == x_hi) | ~np.isfinite(threshold)
        threshold[bad] = x_lo[bad]
        feature = perm[rows[np.arange(k), row] if rows is not None else row]

        # ---- which samples go left, and the children's statistics
        goes_left = np.zeros(n_samples, dtype=bool)
        col_row = row[seg_of_col]
        goes_left[Sg[col_row, np.arange(m)]] = np.arange(m) <= best_pos[seg_of_col]
        child = 2 * seg_of_col + ~goes_left[S[0]]
        child_sizes = np.bincount(child, minlength=2 * k)
        child_totals = np.stack([np.bincount(child, weights=stats[S[0], j], minlength=2 * k)
                                 for j in range(n_stats)], axis=1)
        child_w = child_totals.sum(axis=1) if classify else child_totals[:, 0]
        if classify:
            child_imp = class_impurity(criterion, child_totals)
        elif criterion == "absolute_error":
            child_order = np.argsort(child, kind="stable")
            child_starts = np.concatenate([[0], np.cumsum(child_sizes)[:-1]])
            _, child_imp = _median_and_mae(S[0][child_order], y, sample_weight, child_starts,
                                           child_sizes)
        else:
            child_sq = np.bincount(child, weights=stats_sq[S[0]], minlength=2 * k)
            child_imp = squared_error_impurity(np.where(child_w > 0, child_w, 1.0),
                                               child_totals[:, 1], child_sq)
        w_left, w_right = child_w[0::2], child_w[1::2]
        improvement = (node_weight / total_weight) * (
            impurity - (w_right / node_weight) * child_imp[1::2] - (w_left / node_weight) * child_imp[0::2])
        split = found & (improvement + EPSILON >= min_impurity_decrease)
        if not split.any():
            break
        level.set_splits(ids[split], feature[split], threshold[split])

        # ---- partition every row stably into [left child | right child] blocks of the split nodes
        if not split.all():
            cols = split[seg_of_col]
            S, Xs = S[:, cols], Xs[:, cols]
            seg_of_col = np.repeat(np.arange(int(split.sum())), sizes[split])
            starts = np.concatenate([[0], np.cumsum(sizes[split])[:-1]])
        keep_child = np.repeat(split, 2)
        sizes = child_sizes[keep_child]
        totals = child_totals[keep_child]
        if not classify:
            totals_sq = child_sq[keep_child] if criterion != "absolute_error" else np.zeros(len(sizes))
        n_left_node = sizes[0::2]
        S, Xs = _partition(S, Xs, goes_left, seg_of_col, starts, n_left_node)
        depth += 1

    return level.to_tree(n_features)


def _partition(S, Xs, goes_left, seg_of_col, starts, n_left_node):
    """Stable partition of each row's node blocks into left-then-right, by destination scatter."""
    d, m = S.shape
    left = goes_left[S]                                         # (d, m)
    left_so_far = np.cumsum(left, axis=1)                       # inclusive count of lefts
    before = np.zeros((d, len(starts)), dtype=left_so_far.dtype)
    before[:, 1:] = left_so_far[:, starts[1:] - 1]
    left_so_far -= before[:, seg_of_col]
    base = starts[seg_of_col]
    right_base = n_left_node[seg_of_col] + np.arange(m) - base  # n_left + position in node
    dest = np.where(left, left_so_far - 1, right_base - left_so_far)
    dest += base
    dest += (np.arange(d) * m)[:, None]
    dest = dest.ravel()
    new_S = np.empty(d * m, dtype=S.dtype)
    new_S[dest] = S.ravel()
    new_X = np.empty(d * m, dtype=Xs.dtype)
    new_X[dest] = Xs.ravel()
    return new_S.reshape(d, m), new_X.reshape(d, m)


def _median_and_mae(samples, y, w, starts, sizes):
    """Per node: the weighted median of y and the weighted mean absolute deviation from it."""
    medians, maes = np.empty(len(sizes)), np.empty(len(sizes))
    for i, (a, n) in enumerate(zip(starts, sizes)):
        idx = samples[a:a + n]
        if n == 0:
            medians[i], maes[i] = 0.0, 0.0
            continue
        medians[i] = weighted_median(y[idx], w[idx])
        maes[i] = np.sum(w[idx] * np.abs(y[idx] - medians[i])) / np.sum(w[idx])
    return medians[:, None], maes


def _absolute_error_scores(Sg, y, w, starts, sizes):
    """−(Σ|left deviations| + Σ|right deviations|) for each split position, node by node."""
    r, m = Sg.shape
    score = np.empty((r, m))
    for a, n in zip(starts, sizes):
        for j in range(r):
            idx = Sg[j, a:a + n]
            prefix = prefix_absolute_errors(y[idx], w[idx])
            suffix = prefix_absolute_errors(y[idx][::-1], w[idx][::-1])[::-1]
            score[j, a:a + n - 1] = -(prefix[:-1] + suffix[1:])
            score[j, a + n - 1] = -np.inf
    return score


class _Levels:
    """Collects the nodes level by level (breadth-first ids) and assembles the Tree."""

    def __init__(self, classify: bool, n_classes: int):
        self.parts = {k: [] for k in ("value", "impurity", "n", "w", "depth")}
        self.count = 0
        self.split_ids, self.split_feature, self.split_threshold = [], [], []

    def add(self, value, impurity, sizes, weights, depth):
        k = len(sizes)
        ids = np.arange(self.count, self.count + k)
        self.parts["value"].append(value)
        self.parts["impurity"].append(impurity)
        self.parts["n"].append(sizes)
        self.parts["w"].append(weights)
        self.parts["depth"].append(np.full(k, depth))
        self.count += k
        return ids

    def set_splits(self, ids, feature, threshold):
        self.split_ids.append(ids)
        self.split_feature.append(feature)
        self.split_threshold.append(threshold)
        self.next_children = self.count     # children of this level are numbered next, in order

    def to_tree(self, n_features: int) -> Tree:
        n = self.count
        left = np.full(n, TREE_LEAF, dtype=np.intp)
        right = np.full(n, TREE_LEAF, dtype=np.intp)
        feature = np.full(n, TREE_UNDEFINED, dtype=np.intp)
        threshold = np.full(n, float(TREE_UNDEFINED))
        # the children of the split nodes are numbered consecutively in split order, level by level
        if self.split_ids:
            ids = np.concatenate(self.split_ids)
            first_child = 1 + 2 * np.arange(len(ids))
            left[ids], right[ids] = first_child, first_child + 1
            feature[ids] = np.concatenate(self.split_feature)
            threshold[ids] = np.concatenate(self.split_threshold)
        cat = {k: np.concatenate(v) for k, v in self.parts.items()}
        return Tree(n_features, left, right, feature, threshold, cat["value"], cat["impurity"],
                    cat["n"], cat["w"], cat["depth"])
