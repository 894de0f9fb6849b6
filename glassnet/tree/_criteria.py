"""Impurity criteria: how mixed a node is, and how much a split unmixes it.

A node holds samples with weights w_i. For classification let p_c = (Σ_{i: y_i = c} w_i) / W be the
weighted share of class c among the node's total weight W.

- Gini impurity:     G = 1 − Σ_c p_c²       (the chance that two draws disagree)
- Entropy:           H = − Σ_c p_c log₂ p_c  (bits needed to name the class; 'log_loss' is the same)
- Squared error:     MSE = Σ w_i (y_i − ȳ)² / W,  ȳ the weighted mean (the leaf predicts ȳ)
- Absolute error:    MAE = Σ w_i |y_i − m| / W,   m the weighted median (the leaf predicts m)

A split sends the node's samples to a left child (weight W_L) and a right child (W_R) and is worth
its impurity decrease  ΔI = I(node) − (W_L/W) I(left) − (W_R/W) I(right).
Maximising ΔI over all candidate splits of one node is the same as maximising a cheaper *proxy*
that drops the terms common to every split (this is what scikit-learn does too):

- Gini:          Σ_c L_c² / W_L + Σ_c R_c² / W_R     (L_c, R_c: class weights left and right)
- Entropy:       Σ_c L_c log L_c − W_L log W_L + (same for R)
- Squared error: S_L² / W_L + S_R² / W_R             (S_L = Σ_{left} w_i y_i)
- Friedman MSE:  (W_R S_L − W_L S_R)² / (W_L W_R)    (= W_L W_R (ȳ_L − ȳ_R)², Friedman's improvement)

``proxy_gain`` takes arrays whose first axis holds the statistics of one side (class weights for
classification, [W, S] for regression) and works on any trailing shape, so one call scores every
candidate threshold of every feature of every node of a tree level at once.
"""
from __future__ import annotations

import numpy as np

CLASSIFICATION = ("gini", "entropy", "log_loss")
REGRESSION = ("squared_error", "friedman_mse", "absolute_error")


def _xlogx(x: np.ndarray) -> np.ndarray:
    """x log x with the limit 0 log 0 = 0."""
    out = np.zeros_like(x)
    positive = x > 0
    np.multiply(x, np.log(x, where=positive, out=np.ones_like(x)), out=out, where=positive)
    return out


def proxy_gain(criterion: str, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The proxy of the impurity decrease (larger is better) for each candidate split.

    ``left``/``right``: (K, ...) statistics of the two children, one plane per statistic along the
    first axis: for classification the K class weights, for regression K = 2 planes [W, S = Σ w y].
    """
    if criterion == "gini":
        return (left * left).sum(axis=0) / left.sum(axis=0) + \
            (right * right).sum(axis=0) / right.sum(axis=0)
    if criterion in ("entropy", "log_loss"):
        return (_xlogx(left).sum(axis=0) - _xlogx(left.sum(axis=0))
                + _xlogx(right).sum(axis=0) - _xlogx(right.sum(axis=0)))
    w_left, s_left = left[0], left[1]
    w_right, s_right = right[0], right[1]
    if criterion == "squared_error":
        return s_left * s_left / w_left + s_right * s_right / w_right
    if criterion == "friedman_mse":
        diff = w_right * s_left - w_left * s_right
        return diff * diff / (w_left * w_right)
    raise ValueError(f"proxy_gain: unknown criterion {criterion!r}")


def class_impurity(criterion: str, counts: np.ndarray) -> np.ndarray:
    """Gini 1 − Σ p_c² or entropy −Σ p_c log₂ p_c of nodes with (..., C) class weights."""
    total = counts.sum(axis=-1, keepdims=True)
    p = counts / np.where(total > 0, total, 1.0)
    if criterion == "gini":
        return 1.0 - np.einsum("...k,...k->...", p, p)
    return -_xlogx(p).sum(axis=-1) / np.log(2.0)


def squared_error_impurity(weight: np.ndarray, total: np.ndarray, total_sq: np.ndarray) -> np.ndarray:
    """MSE = Σ w y² / W − ȳ² from the sums W = Σ w, S = Σ w y, Q = Σ w y²."""
    mean = total / weight
    return np.maximum(total_sq / weight - mean * mean, 0.0)


def weighted_median(y: np.ndarray, w: np.ndarray, average: bool = True) -> float:
    """The weighted median: the smallest y whose cumulative weight reaches half the total
    (with ``average``, the mean of the two middle values when the half falls exactly between them)."""
    order = np.argsort(y, kind="stable")
    ys, cw = y[order], np.cumsum(w[order])
    half = cw[-1] / 2.0
    k = int(np.searchsorted(cw, half))
    if average and k + 1 < len(ys) and np.isclose(cw[k], half, rtol=1e-12, atol=0.0):
        return float((ys[k] + ys[k + 1]) / 2.0)
    return float(ys[k])


def prefix_absolute_errors(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """For each prefix y[:i+1]: Σ w |y − median(prefix)|, in O(n²) vectorised work.

    Row i of a (n, n) membership matrix marks which samples (in y-sorted order) belong to the
    prefix; its cumulative weights locate the median, and the absolute deviations are summed
    row by row. Used by the 'absolute_error' criterion, which is meant for classroom-sized nodes.
    """
    n = len(y)
    order = np.argsort(y, kind="stable")
    ys, ws = y[order], w[order]
    out = np.empty(n)
    chunk = max(1, 4_000_000 // max(n, 1))
    for lo in range(0, n, chunk):
        rows = np.arange(lo, min(n, lo + chunk))
        member = order[None, :] <= rows[:, None]   # order[r]: where the r-th smallest sits
        wm = member * ws[None, :]
        cw = np.cumsum(wm, axis=1)
        half = cw[:, -1:] / 2.0
        median_idx = np.argmax(cw >= half, axis=1)
        median = ys[median_idx]
        out[rows] = (wm * np.abs(ys[None, :] - median[:, None])).sum(axis=1)
    return out
