"""Growing a tree one whole level at a time, with exhaustive split search and no loop over samples.

The lecture's algorithm: at a node, for every feature j, sort the node's samples by x_j and try a
threshold at the midpoint between each pair of consecutive *distinct* values; keep the (feature,
threshold) with the largest impurity decrease; recurse on both children until a stopping rule
(max_depth, min_samples_split, min_samples_leaf, a pure node, min_impurity_decrease) fires.

This builder does exactly that search, but for every node of a level at once:

1. Each feature is sorted once, at the root (``argsort``). Row j of ``S`` lists the samples in
   increasing x_j, grouped by node: node k owns the same column range [start_k, end_k) in every row.
   (With ``max_features`` < n_features each node scores only its own random subset of the rows.)
2. A cumulative sum along each row of the per-sample statistics (class weights, or [w, w·y]),
   minus its value just before the node's range, gives the left child's statistics for a split
   after every position; the right child gets the node total minus that. One array expression then
   scores every threshold of every feature of every node of the level (see ``_criteria``).
3. The best position per node comes from a segmented max over columns and a max over features;
   features whose best splits tie (the same partition reached through another feature) are chosen
   between at random, and within a feature the first (smallest) threshold wins, as in scikit-learn.
   The threshold is the midpoint t = (x_(i) + x_(i+1)) / 2 of the two sorted values it separates.
4. The samples are partitioned stably into the children in every row at once (boolean masks keep
   each row's order: first the left children's blocks, then the right children's). The rows stay
   sorted within each child, so nothing is ever sorted again.

The work per level is a few passes over an (n_features × n_active_samples) array, and a tree costs
(depth × that), with Python running once per level, not once per node or per sample.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from glassnet.tree._criteria import (class_impurity, prefix_absolute_errors, proxy_gain,
                                     squared_error_impurity, weighted_median)
from glassnet.tree._grown_nodes import GrownNodes
from glassnet.tree._tree import Tree

FEATURE_THRESHOLD = 1e-7   # two values closer than this are treated as equal (as in scikit-learn)
EPSILON = np.finfo(np.float64).eps


def presort(X: np.ndarray) -> np.ndarray:
    """(n_features, n_samples) sample indices, each row sorted by that feature (stable); 32-bit
    where they fit, which halves the bytes every level's partition moves."""
    order = np.argsort(X, axis=0, kind="stable").T
    return np.ascontiguousarray(order, dtype=np.int32 if X.shape[0] < 2**31 else np.intp)


def random_search_planes(XT: np.ndarray) -> np.ndarray:
    """X.T in single precision when that is exact (the estimators round X to float32 first, as
    scikit-learn's trees store it): the random search only compares values with thresholds and
    takes minima and maxima, so half the bytes give the same tree, and gathering from X is its
    largest cost."""
    if XT.dtype == np.float32:
        return XT
    single = XT.astype(np.float32)
    return single if np.array_equal(single, XT) else XT


def build_tree(X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray, *, criterion: str,
               n_classes, max_depth: int, min_samples_split: int, min_samples_leaf: int,
               max_features: int, min_impurity_decrease: float, random_state: np.random.RandomState,
               sorted_idx: np.ndarray | None = None, XT: np.ndarray | None = None,
               splitter: str = "best", min_weight_leaf: float = 0.0) -> Tree:
    """Grow a tree on (X, y) with the level-wise search described in the module docstring.

    ``y`` holds class codes 0..n_classes-1 (classification, ``n_classes >= 1``) or real targets
    (regression, ``n_classes == 0``); with several outputs y is (n, k) and ``n_classes`` lists the
    classes of each output ([0] * k for regression). Samples with zero weight are left out.
    ``sorted_idx`` and ``XT`` (= X.T, contiguous) may be passed when many trees share X (forests,
    boosting); for the random search XT may be float32 (see ``random_search_planes``). ``splitter='random'`` draws one threshold per feature instead of trying them all
    (extremely randomised trees, see ``_random_split``); it needs no sorting. ``min_weight_leaf``:
    no split may leave a side with less total sample weight (``min_weight_fraction_leaf``).
    """
    n_samples, n_features = X.shape
    n_classes = np.atleast_1d(np.asarray(n_classes, dtype=np.intp))
    classify = n_classes[0] > 0
    Y = y.reshape(n_samples, -1)
    n_outputs = Y.shape[1]
    keep = sample_weight > 0
    XT = np.ascontiguousarray(X.T) if XT is None else XT
    if splitter == "random":
        S = np.flatnonzero(keep)[None, :]      # one row: the samples grouped by node, in any order
        flat_X = None
        XT = random_search_planes(XT)
    else:
        if sorted_idx is None:
            sorted_idx = presort(X)
        S = sorted_idx if keep.all() else sorted_idx[keep[sorted_idx]].reshape(n_features, -1)
        flat_X = XT.ravel()                    # X[i, j] == flat_X[j * n_samples + i]

    # per-sample statistics whose sums describe a node
    if classify:
        stats = np.zeros((n_samples, int(n_classes.sum())))
        offsets = np.concatenate([[0], np.cumsum(n_classes)[:-1]])
        for o in range(n_outputs):
            stats[np.arange(n_samples), offsets[o] + Y[:, o]] = sample_weight
        stats_sq = None
    else:
        Y = Y.astype(np.float64)
        stats = np.column_stack([sample_weight, sample_weight[:, None] * Y])
        stats_sq = (sample_weight[:, None] * Y * Y).sum(axis=1)
    n_stats = stats.shape[1]
    stats_planes = np.ascontiguousarray(stats.T)     # (K, n): one contiguous plane per statistic
    block_sizes = n_classes if n_outputs > 1 else None
    tree_classes = n_classes if classify else np.ones(n_outputs, dtype=np.intp)

    def summarise(samples, starts, sizes, totals, totals_sq):
        """value (nodes, n_outputs, n_values), impurity and total weight of each node."""
        if classify:
            weight = totals[:, :n_classes[0]].sum(axis=1)
            value = _class_shares(totals, weight, n_classes)
            return value, class_impurity(criterion, totals, block_sizes), weight
        weight = totals[:, 0]
        if criterion == "absolute_error":
            value, impurity = _median_and_mae(samples, Y, sample_weight, starts, sizes)
            return value, impurity, weight
        safe = np.where(weight > 0, weight, 1.0)
        sums = totals[:, 1] if n_outputs == 1 else totals[:, 1:]
        return ((totals[:, 1:] / safe[:, None])[:, :, None], squared_error_impurity(safe, sums, totals_sq),
                weight)

    def can_split(sizes, impurity, depth, weight):
        ok = (sizes >= min_samples_split) & (sizes >= 2 * min_samples_leaf) & (impurity > EPSILON)
        ok &= weight >= 2 * min_weight_leaf
        return ok & (max_depth is None or depth < max_depth)

    problem = _Problem(X=X, XT=XT, flat_X=flat_X, Y=Y, sample_weight=sample_weight, stats=stats,
                       stats_planes=stats_planes, criterion=criterion, n_outputs=n_outputs,
                       max_features=max_features, min_samples_leaf=min_samples_leaf,
                       random_state=random_state, classify=classify, min_weight_leaf=min_weight_leaf,
                       weight_planes=int(n_classes[0]) if classify else 1,
                       unit_weights=bool(np.all(sample_weight[keep] == 1.0)),
                       # the random search trying most features reads them in node order: moving
                       # every feature's column at each level costs less than gathering them
                       level_X=((XT if keep.all() else XT.take(S[0], axis=1))
                                if splitter == "random" and 2 * max_features >= n_features else None),
                       integer_stats=bool(classify and criterion != "absolute_error"
                                          and np.all(sample_weight == np.floor(sample_weight))
                                          and sample_weight.sum() < 2.0 ** 52))
    if splitter == "random":
        from glassnet.tree._random_split import random_splits   # (here: it uses this module's helpers)
        search = random_splits
    else:
        search = _best_splits
    nodes = GrownNodes()
    sizes = np.array([S.shape[1]])
    totals = stats[S[0]].sum(axis=0, keepdims=True)
    totals_sq = np.array([stats_sq[S[0]].sum()]) if not classify else None
    value, impurity, node_weight = summarise(S[0], np.array([0]), sizes, totals, totals_sq)
    ids = nodes.add(value, impurity, sizes, node_weight, 0)
    total_weight = node_weight[0]
    depth = 0
    if not can_split(sizes, impurity, 0, node_weight)[0]:
        return nodes.to_tree(n_features, tree_classes)

    while True:
        k = len(sizes)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        level = search(problem, S, starts, sizes, totals)
        found, feature, threshold, left_totals = level.found, level.feature, level.threshold, level.left_totals

        # ---- the children's statistics (child 2j: left of node j); right = node − left where the
        # search counted and summed the left children already
        child = None
        if level.left_sizes is None or left_totals is None or not classify:
            left_at = level.goes_left.take(S[0]) if level.left_at is None else level.left_at
            child = 2 * np.repeat(np.arange(k), sizes) + ~left_at
        if level.left_sizes is None:
            child_sizes = np.bincount(child, minlength=2 * k)
        else:
            child_sizes = np.empty(2 * k, dtype=np.intp)
            child_sizes[0::2], child_sizes[1::2] = level.left_sizes, sizes - level.left_sizes
        if left_totals is None:
            child_totals = np.stack([np.bincount(child, weights=stats[S[0], j], minlength=2 * k)
                                     for j in range(n_stats)], axis=1)
        else:
            child_totals = np.empty((2 * k, n_stats))
            child_totals[0::2], child_totals[1::2] = left_totals, totals - left_totals
        child_sq = (np.bincount(child, weights=stats_sq[S[0]], minlength=2 * k)
                    if not classify else None)
        grouped = S[0][np.argsort(child, kind="stable")] if criterion == "absolute_error" else None
        child_starts = np.concatenate([[0], np.cumsum(child_sizes)[:-1]])
        child_value, child_imp, child_w = summarise(grouped, child_starts, child_sizes, child_totals,
                                                    child_sq)
        w_left, w_right = child_w[0::2], child_w[1::2]
        improvement = (node_weight / total_weight) * (
            impurity - (w_right / node_weight) * child_imp[1::2] - (w_left / node_weight) * child_imp[0::2])
        split = found & (improvement + EPSILON >= min_impurity_decrease)
        if not split.any():
            break

        # ---- record the children: the lefts of the split nodes, then their rights
        order = np.concatenate([2 * np.flatnonzero(split), 2 * np.flatnonzero(split) + 1])
        child_ids = nodes.add(child_value[order], child_imp[order], child_sizes[order], child_w[order],
                              depth + 1)
        n_split = int(split.sum())
        nodes.set_splits(ids[split], feature[split], threshold[split], child_ids[:n_split],
                         child_ids[n_split:])
        node_of_child = np.full(2 * k, -1)
        node_of_child[order] = child_ids
        grow = np.repeat(split, 2) & can_split(child_sizes, child_imp, depth + 1, child_w)
        if not grow.any():
            break

        # ---- partition every row: [growing left children | growing right children], order kept
        # (a one-row search says per column which samples go left; its array is not needed again)
        left = level.left_at[None, :] if level.goes_left is None else level.goes_left.take(S)
        to_left = left & np.repeat(grow[0::2], sizes)
        to_right = np.logical_not(left, out=left)
        to_right &= np.repeat(grow[1::2], sizes)
        d, n_left = S.shape[0], int(np.count_nonzero(to_left[0]))
        moved = np.empty((d, n_left + int(np.count_nonzero(to_right[0]))), dtype=S.dtype)
        moved[:, :n_left] = S[to_left].reshape(d, -1)
        moved[:, n_left:] = S[to_right].reshape(d, -1)
        S = moved
        if problem.level_X is not None:    # its columns follow S's (one row, for the random search)
            columns = np.concatenate([np.flatnonzero(to_left[0]), np.flatnonzero(to_right[0])])
            problem.level_X = problem.level_X.take(columns, axis=1)
        nxt = np.concatenate([2 * np.flatnonzero(grow[0::2]), 2 * np.flatnonzero(grow[1::2]) + 1])
        ids, sizes, totals = node_of_child[nxt], child_sizes[nxt], child_totals[nxt]
        totals_sq = child_sq[nxt] if not classify else None
        impurity, node_weight = child_imp[nxt], child_w[nxt]
        depth += 1

    return nodes.to_tree(n_features, tree_classes)


def _best_splits(p: "_Problem", S, starts, sizes, totals):
    """The exhaustive search of one level (``LevelSplits``: which samples go left by sample
    index, the left children's sizes, and their statistics where the cumulative sums are exact)."""
    n_features, n_samples = S.shape[0], p.X.shape[0]
    k, m = len(sizes), S.shape[1]
    ends = starts + sizes
    cols = np.arange(m)
    flat_X, rng = p.flat_X, p.random_state

    # ---- which features each node may try (max_features), as rows of the sorted arrays
    if p.max_features < n_features:
        offset = (np.arange(n_features) * n_samples)[:, None]
        first, last = flat_X.take(S[:, starts] + offset), flat_X.take(S[:, ends - 1] + offset)
        constant = last <= first + FEATURE_THRESHOLD                                # (d, k)
        priority = rng.random_sample((k, n_features)) + 2.0 * constant.T
        rows = np.argsort(priority, axis=1)[:, :p.max_features]                   # (k, mf)
        row_index = np.repeat(rows.T, sizes, axis=1)                               # (mf, m)
        Sg = S.ravel().take(row_index * m + cols)
        Xg = flat_X.take(Sg + row_index * n_samples)
    else:
        rows = None
        Sg = S
        Xg = flat_X.take(S + (np.arange(n_features) * n_samples)[:, None])

    # ---- score every threshold: left statistics by a cumulative sum along each row
    n_left = cols - np.repeat(starts - 1, sizes)
    valid = (n_left >= p.min_samples_leaf) & (np.repeat(sizes, sizes) - n_left >= p.min_samples_leaf)
    distinct = np.zeros(Xg.shape, dtype=bool)
    np.greater(Xg[:, 1:], Xg[:, :-1] + FEATURE_THRESHOLD, out=distinct[:, :-1])
    distinct &= valid
    if p.criterion == "absolute_error":
        score = _absolute_error_scores(Sg, p.Y, p.sample_weight, starts, sizes)
    else:
        n_stats = p.stats_planes.shape[0]
        left_stats = np.take(p.stats_planes, Sg, axis=1)                            # (K, r, m)
        np.cumsum(left_stats, axis=2, out=left_stats)
        before = np.zeros((n_stats, left_stats.shape[1], k))
        before[:, :, 1:] = left_stats[:, :, starts[1:] - 1]
        left_stats -= np.repeat(before, sizes, axis=2)
        right_stats = np.repeat(totals.T, sizes, axis=1)[:, None, :] - left_stats
        with np.errstate(divide="ignore", invalid="ignore"):
            score = proxy_gain(p.criterion, left_stats, right_stats, p.n_outputs)
        score[too_light(p, left_stats, right_stats)] = -np.inf
    score[~distinct] = -np.inf

    # ---- best (row, position) per node; equally good features are chosen between at random
    # (scikit-learn visits the features in a random order per node), then the first position
    row_best = np.maximum.reduceat(score, starts, axis=1)                         # (r, k)
    node_best = row_best.max(axis=0)
    found = np.isfinite(node_best)
    # scores equal up to rounding (the same partition reached through another feature) are ties
    row = pick_among_ties(row_best, node_best, rng)                                # (k,)
    chosen = row_best[row, np.arange(k)]
    on_row = score[np.repeat(row, sizes), cols] == np.repeat(chosen, sizes)
    best_pos = np.minimum.reduceat(np.where(on_row, cols, m), starts)
    best_pos = np.where(found, best_pos, starts)
    x_lo, x_hi = Xg[row, best_pos], Xg[row, np.minimum(best_pos + 1, m - 1)]
    threshold = x_lo / 2.0 + x_hi / 2.0
    bad = (threshold == x_hi) | ~np.isfinite(threshold)
    threshold[bad] = x_lo[bad]
    feature = rows[np.arange(k), row] if rows is not None else row

    goes_left = np.zeros(n_samples, dtype=bool)
    goes_left[Sg[np.repeat(row, sizes), cols]] = cols <= np.repeat(best_pos, sizes)
    # the left children's statistics are read off the cumulative sums where those are exact
    # (integer class weights: unit or bootstrap counts); otherwise the builder sums them afresh
    left_totals = left_stats[:, row, best_pos].T if p.integer_stats else None
    return LevelSplits(found, feature, threshold, goes_left, left_totals, None, best_pos - starts + 1)


class LevelSplits(NamedTuple):
    """What a split search returns for the k nodes of a level: ``found``, ``feature``,
    ``threshold`` per node; which samples go left, as ``goes_left`` (n_samples,) by sample index
    or ``left_at`` (m,) by column of the one-row S; and, where the search has them, the left
    children's statistics ``left_totals`` (k, K) and sizes ``left_sizes`` (k,) (else None)."""
    found: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    goes_left: np.ndarray | None
    left_totals: np.ndarray | None
    left_at: np.ndarray | None
    left_sizes: np.ndarray | None


def pick_among_ties(candidate_best: np.ndarray, node_best: np.ndarray, rng) -> np.ndarray:
    """For each node (column), a random one of the candidates (rows) whose score equals the best
    up to rounding (the same partition reached through another feature is a tie)."""
    tie_key = rng.random_sample(candidate_best.shape)
    tie_key[candidate_best < node_best - 1e-12 * np.abs(node_best)] = 2.0
    return np.argmin(tie_key, axis=0)


def _class_shares(totals: np.ndarray, weight: np.ndarray, n_classes: np.ndarray) -> np.ndarray:
    """(nodes, n_outputs, max n_classes) class shares, each output's block padded with zeros."""
    if len(n_classes) == 1:
        return (totals / weight[:, None])[:, None, :]
    value = np.zeros((len(totals), len(n_classes), int(n_classes.max())))
    start = 0
    for o, c in enumerate(n_classes):
        value[:, o, :c] = totals[:, start:start + c] / weight[:, None]
        start += c
    return value


def _median_and_mae(samples, Y, w, starts, sizes):
    """Per node and output: the weighted median of y_o and the weighted mean absolute deviation
    from it; the impurity is the mean over the outputs. Returns values (nodes, k, 1), impurities."""
    n_outputs = Y.shape[1]
    medians, maes = np.zeros((len(sizes), n_outputs)), np.zeros((len(sizes), n_outputs))
    for i, (a, n) in enumerate(zip(starts, sizes)):
        idx = samples[a:a + n]
        if n == 0:
            continue
        for o in range(n_outputs):
            y = Y[idx, o]
            medians[i, o] = weighted_median(y, w[idx])
            maes[i, o] = np.sum(w[idx] * np.abs(y - medians[i, o])) / np.sum(w[idx])
    return medians[:, :, None], maes.mean(axis=1)


def _absolute_error_scores(Sg, Y, w, starts, sizes):
    """−(Σ|left deviations| + Σ|right deviations|), summed over the outputs, for each split
    position, node by node."""
    r, m = Sg.shape
    score = np.zeros((r, m))
    for a, n in zip(starts, sizes):
        for j in range(r):
            idx = Sg[j, a:a + n]
            for o in range(Y.shape[1]):
                y = Y[idx, o]
                prefix = prefix_absolute_errors(y, w[idx])
                suffix = prefix_absolute_errors(y[::-1], w[idx][::-1])[::-1]
                score[j, a:a + n - 1] -= prefix[:-1] + suffix[1:]
            score[j, a + n - 1] = -np.inf
    return score


def too_light(p: "_Problem", left: np.ndarray, right: np.ndarray) -> np.ndarray | bool:
    """Candidates leaving a side lighter than ``min_weight_leaf`` (the first planes of the statistics
    sum to the side's weight: the class weights of the first output, or the weight itself)."""
    if p.min_weight_leaf <= 0:
        return False
    planes = slice(0, p.weight_planes)
    return (left[planes].sum(axis=0) < p.min_weight_leaf) | (right[planes].sum(axis=0) < p.min_weight_leaf)


class _Problem:
    """What every level's split search reads: the data, the per-sample statistics, the settings."""

    def __init__(self, **fields):
        self.__dict__.update(fields)
