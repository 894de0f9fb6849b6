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

from glassnet.tree._builder import FEATURE_THRESHOLD, pick_among_ties
from glassnet.tree._criteria import proxy_gain, weighted_median


def random_splits(p, S, starts, sizes, seg_of_col, totals):
    """One level's random splits: (found, feature, threshold, goes_left) per node.

    ``S`` is a (1, m) row of the level's samples, node k owning the columns [starts[k], +sizes[k]).
    """
    samples = S[0]
    n_samples, n_features = p.X.shape
    k, m = len(sizes), len(samples)
    rng = p.random_state
    Xs = p.X[samples]                                            # (m, d), rows grouped by node
    low = np.minimum.reduceat(Xs, starts, axis=0)                # (k, d)
    high = np.maximum.reduceat(Xs, starts, axis=0)
    constant = high <= low + FEATURE_THRESHOLD

    # max_features candidates per node, the non-constant features first (in random order)
    if p.max_features < n_features:
        priority = rng.random_sample((k, n_features)) + 2.0 * constant
        rows = np.argsort(priority, axis=1)[:, :p.max_features]             # (k, mf)
        low, high = np.take_along_axis(low, rows, 1), np.take_along_axis(high, rows, 1)
        constant = np.take_along_axis(constant, rows, 1)
        Xc = Xs[np.arange(m)[:, None], rows[seg_of_col]]                    # (m, mf)
    else:
        rows = np.broadcast_to(np.arange(n_features), (k, n_features))
        Xc = Xs
    threshold = low + rng.random_sample(low.shape) * (high - low)
    threshold = np.where(threshold == high, low, threshold)
    goes_left_c = Xc <= threshold[seg_of_col]                               # (m, mf)

    n_left = np.add.reduceat(goes_left_c.astype(np.intp), starts, axis=0)  # (k, mf)
    allowed = ((n_left >= p.min_samples_leaf) & (sizes[:, None] - n_left >= p.min_samples_leaf)
               & ~constant)
    if p.criterion == "absolute_error":
        score = _absolute_error_scores(p, samples, goes_left_c, starts, sizes)
    else:
        stats = p.stats[samples]                                             # (m, K)
        left = np.add.reduceat(goes_left_c[:, :, None] * stats[:, None, :], starts, axis=0)  # (k, mf, K)
        left = np.moveaxis(left, 2, 0)                                       # (K, k, mf)
        right = totals.T[:, :, None] - left
        with np.errstate(divide="ignore", invalid="ignore"):
            score = proxy_gain(p.criterion, left, right, p.n_outputs)
    score = np.where(allowed, score, -np.inf)

    node_best = score.max(axis=1)
    found = np.isfinite(node_best)
    best = pick_among_ties(score.T, node_best, rng)                          # (k,)
    every = np.arange(k)
    goes_left = np.zeros(n_samples, dtype=bool)
    goes_left[samples] = goes_left_c[np.arange(m), best[seg_of_col]]
    return found, rows[every, best], threshold[every, best], goes_left


def _absolute_error_scores(p, samples, goes_left_c, starts, sizes):
    """−(Σ w|y − median| left + right), summed over the outputs, per (node, candidate)."""
    k, mf = len(sizes), goes_left_c.shape[1]
    score = np.full((k, mf), -np.inf)
    for node, (a, n) in enumerate(zip(starts, sizes)):
        idx = samples[a:a + n]
        w = p.sample_weight[idx]
        for j in range(mf):
            mask = goes_left_c[a:a + n, j]
            if mask.all() or not mask.any():
                continue
            total = 0.0
            for side in (mask, ~mask):
                for o in range(p.Y.shape[1]):
                    y = p.Y[idx[side], o]
                    total += np.sum(w[side] * np.abs(y - weighted_median(y, w[side])))
            score[node, j] = -total
    return score
