"""The split search of extremely randomised trees (Geurts, Ernst & Wehenkel 2006): one random
threshold per feature, for every node of a tree level at once.

At a node holding samples i ∈ N, for each of ``max_features`` features j drawn at random among the
node's non-constant ones:

    t_j ~ Uniform(min_{i∈N} x_ij, max_{i∈N} x_ij)     (a t_j equal to the max is moved to the min)

and the node keeps the candidate (j, t_j) with the largest impurity decrease ΔI (the same proxies as
the exhaustive search, see ``_criteria``). Only max_features candidates are scored instead of every
threshold of every feature, so nothing needs sorting: the samples are kept grouped by node in one
row, and the left child's statistics of a candidate are plain sums over the node's samples with
x_ij ≤ t_j. A candidate leaving fewer than ``min_samples_leaf`` samples on a side is not allowed.
The randomness of the thresholds decorrelates the trees of an ensemble (``ExtraTrees*``) further
than bootstrap sampling does, at the price of a slightly larger bias per tree.
"""
from __future__ import annotations

import numpy as np

from glassnet.tree._builder import FEATURE_THRESHOLD, LevelSplits, pick_among_ties, too_light
from glassnet.tree._criteria import proxy_gain, weighted_median
from glassnet.tree._segments import segment_min_max


def random_splits(p, S, starts, sizes, totals):
    """One level's random splits (``LevelSplits``): per node the feature and threshold, which
    columns of S go left, the left children's sizes and statistics (k, K) (None for 'absolute_error').

    ``S`` is a (1, m) row of the level's samples, node k owning the columns [starts[k], +sizes[k]).
    The candidates are laid out as planes: row c of an (mf, m) array holds, for every sample, the
    value of its node's c-th candidate feature, so each NumPy pass runs along the m samples (long
    inner loops) and the per-node results are (mf, k) arrays.
    """
    samples = S[0]
    n_features = p.X.shape[1]
    k, m = len(sizes), len(samples)
    rng = p.random_state

    # max_features candidates per node: a random subset, redrawn among the node's non-constant
    # features where it caught a constant one (only those nodes pay for looking at every feature)
    if p.max_features < n_features:
        rows = np.argsort(rng.random_sample((k, n_features)), axis=1)[:, :p.max_features]
    else:
        rows = np.broadcast_to(np.arange(n_features), (k, n_features))
    Xc, low, high, constant = _candidate_values(p, samples, rows, starts, sizes)
    redo = constant.any(axis=0) if p.max_features < n_features else np.zeros(k, dtype=bool)
    if redo.any():
        rows = rows.copy()
        rows[redo] = _non_constant_first(p.X, samples, starts, sizes, redo, p.max_features, rng)
        Xc, low, high, constant = _candidate_values(p, samples, rows, starts, sizes)

    threshold = low + rng.random_sample((k, low.shape[0])).T * (high - low)     # (mf, k)
    threshold = np.where(threshold == high, low, threshold)
    goes_left_c = Xc <= np.repeat(at_most(threshold, Xc.dtype), sizes, axis=1)    # (mf, m)

    n_left = np.add.reduceat(goes_left_c, starts, axis=1, dtype=np.intp)    # (mf, k)
    allowed = ((n_left >= p.min_samples_leaf) & (sizes - n_left >= p.min_samples_leaf) & ~constant)
    if p.criterion == "absolute_error":
        score = _absolute_error_scores(p, samples, goes_left_c, starts, sizes)
    else:
        left = _left_statistics(p, samples, goes_left_c, starts, n_left)   # (K, mf, k)
        right = totals.T[:, None, :] - left
        with np.errstate(divide="ignore", invalid="ignore"):
            score = proxy_gain(p.criterion, left, right, p.n_outputs)
        allowed = allowed & ~too_light(p, left, right)
    score = np.where(allowed, score, -np.inf)

    node_best = score.max(axis=0)
    found = np.isfinite(node_best)
    best = pick_among_ties(score, node_best, rng)                            # (k,)
    every = np.arange(k)
    # a node without an allowed split sends its first sample left (its children are not kept,
    # but their statistics must not be empty)
    first = np.zeros(m, dtype=bool)
    first[starts] = True
    at = np.repeat(best * m, sizes)
    at += np.arange(m)
    chosen = goes_left_c.ravel().take(at)
    left_at = np.where(np.repeat(found, sizes), chosen, first)
    left_sizes = np.where(found, n_left[best, every], 1)
    if p.criterion == "absolute_error":
        left_totals = None
    else:
        left_totals = np.where(found[:, None], left[:, best, every].T, p.stats[samples[starts]])
    return LevelSplits(found, rows[every, best], threshold[best, every], None, left_totals, left_at, left_sizes)


def _left_statistics(p, samples, goes_left_c, starts, n_left):
    """Σ over each node's samples with x_j ≤ t_j of every statistic plane: (K, mf, k).

    With unit weights one plane is known from the counts: W_L = n_left (regression), or the last
    class's weight = n_left − the other classes' weights (one output), and is not summed again.
    """
    def summed(plane):
        return np.add.reduceat(goes_left_c * p.stats_planes[plane].take(samples), starts, axis=1)

    n_planes = p.stats_planes.shape[0]
    if p.unit_weights and not p.classify:
        return np.stack([n_left.astype(np.float64)] + [summed(j) for j in range(1, n_planes)])
    if p.unit_weights and p.n_outputs == 1:
        others = [summed(j) for j in range(n_planes - 1)]
        return np.stack(others + [n_left - np.sum(others, axis=0)])
    return np.stack([summed(j) for j in range(n_planes)])


def _candidate_values(p, samples, rows, starts, sizes):
    """The candidates' values as planes (mf, m), and per candidate and node (mf, k) its min, max
    and constancy. ``p.level_X``, when set, holds every feature of the level's samples,
    (n_features, m) in node order (the builder partitions it with the samples): no gather from X."""
    n_samples, n_features = p.X.shape
    every_feature = rows.shape[1] == n_features and rows.strides[0] == 0   # every feature, in order
    if every_feature:
        values = p.XT.take(samples, axis=1) if p.level_X is None else p.level_X
    else:            # flat indices of the candidates' values: (feature row) * row length + column
        source, row_length, column = ((p.XT, n_samples, samples) if p.level_X is None else
                                      (p.level_X, len(samples), np.arange(len(samples))))
        index = np.repeat(rows.T * row_length, sizes, axis=1)
        index += column
        values = source.ravel().take(index, mode="clip")     # (in range by construction: clip
                                                              # only skips the bounds check)
    low, high = segment_min_max(values, starts, sizes)
    low, high = low.astype(np.float64), high.astype(np.float64)
    return values, low, high, high <= low + FEATURE_THRESHOLD


def at_most(threshold: np.ndarray, dtype) -> np.ndarray:
    """The largest value of ``dtype`` ≤ each threshold: for x of that dtype, x ≤ t ⟺ x ≤ at_most(t),
    so float32 values are compared with float64 thresholds exactly, in float32."""
    if dtype == threshold.dtype:
        return threshold
    rounded = threshold.astype(dtype)
    return np.where(rounded > threshold, np.nextafter(rounded, dtype.type(-np.inf)), rounded)


def _non_constant_first(X, samples, starts, sizes, nodes, max_features, rng):
    """For the flagged nodes: max_features features drawn at random, the non-constant ones first."""
    members = np.repeat(nodes, sizes)
    sub_sizes = sizes[nodes]
    sub_starts = np.concatenate([[0], np.cumsum(sub_sizes)[:-1]])
    values = X[samples[members]]
    low = np.minimum.reduceat(values, sub_starts, axis=0)
    high = np.maximum.reduceat(values, sub_starts, axis=0)
    constant = high <= low + FEATURE_THRESHOLD
    priority = rng.random_sample(constant.shape) + 2.0 * constant
    return np.argsort(priority, axis=1)[:, :max_features]


def _absolute_error_scores(p, samples, goes_left_c, starts, sizes):
    """−(Σ w|y − median| left + right), summed over the outputs, per (candidate, node): (mf, k)."""
    k, mf = len(sizes), goes_left_c.shape[0]
    score = np.full((mf, k), -np.inf)
    for node, (a, n) in enumerate(zip(starts, sizes)):
        idx = samples[a:a + n]
        w = p.sample_weight[idx]
        for j in range(mf):
            mask = goes_left_c[j, a:a + n]
            if mask.all() or not mask.any():
                continue
            total = 0.0
            for side in (mask, ~mask):
                for o in range(p.Y.shape[1]):
                    y = p.Y[idx[side], o]
                    total += np.sum(w[side] * np.abs(y - weighted_median(y, w[side])))
            score[j, node] = -total
    return score
