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

Several outputs (y of shape (n, k), as in scikit-learn): a classification node's impurity is the
mean of the k outputs' impurities, I = (1/k) Σ_o I_o, and a regression node's is the mean of the
k outputs' MSEs. The statistics of the k outputs are stacked along the first axis (the k blocks of
class weights one after the other; [W, S_1, ..., S_k] for regression), and the proxies become sums
over the outputs (the constant 1/k does not change which split is best):

- Gini:          Σ_o (Σ_c L_oc² / W_L + Σ_c R_oc² / W_R)
- Entropy:       Σ_o Σ_c (L_oc log L_oc + R_oc log R_oc) − k (W_L log W_L + W_R log W_R)
- Squared error: Σ_o (S_oL² / W_L + S_oR² / W_R)
- Friedman MSE:  Σ_o (W_R S_oL − W_L S_oR)² / (W_L W_R)   (ranks splits as squared error does, as in
  scikit-learn ≥ 1.9; older versions summed the outputs' S before squaring)
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


def proxy_gain(criterion: str, left: np.ndarray, right: np.ndarray, n_outputs: int = 1) -> np.ndarray:
    """The proxy of the impurity decrease (larger is better) for each candidate split.

    ``left``/``right``: (K, ...) statistics of the two children, one plane per statistic along the
    first axis: for classification the class weights (the ``n_outputs`` blocks of class weights one
    after the other), for regression K = 1 + n_outputs planes [W, S_1 = Σ w y_1, ...].
    """
    if criterion == "gini":
        if n_outputs == 1:    # (one expression: NumPy reuses its temporaries, measurably faster)
            return (left * left).sum(axis=0) / left.sum(axis=0) + \
                (right * right).sum(axis=0) / right.sum(axis=0)
        # every block of class weights sums to the same W
        w_left, w_right = left.sum(axis=0) / n_outputs, right.sum(axis=0) / n_outputs
        return (left * left).sum(axis=0) / w_left + (right * right).sum(axis=0) / w_right
    if criterion in ("entropy", "log_loss"):
        if n_outputs == 1:
            return (_xlogx(left).sum(axis=0) - _xlogx(left.sum(axis=0))
                    + _xlogx(right).sum(axis=0) - _xlogx(right.sum(axis=0)))
        w_left, w_right = left.sum(axis=0) / n_outputs, right.sum(axis=0) / n_outputs
        return (_xlogx(left).sum(axis=0) - n_outputs * _xlogx(w_left)
                + _xlogx(right).sum(axis=0) - n_outputs * _xlogx(w_right))
    w_left, w_right = left[0], right[0]
    if len(left) == 2:                     # one output: the planes themselves, no sums
        s_left, s_right = left[1], right[1]
    else:
        s_left, s_right = left[1:], right[1:]
    if criterion == "squared_error":
        if s_left.ndim == w_left.ndim:
            return s_left * s_left / w_left + s_right * s_right / w_right
        return (s_left * s_left).sum(axis=0) / w_left + (s_right * s_right).sum(axis=0) / w_right
    if criterion == "friedman_mse":
        diff = w_right * s_left - w_left * s_right
        if s_left.ndim > w_left.ndim:
            return (diff * diff).sum(axis=0) / (w_left * w_right)
        return diff * diff / (w_left * w_right)
    raise ValueError(f"proxy_gain: unknown criterion {criterion!r}")


def class_impurity(criterion: str, counts: np.ndarray, n_classes=None) -> np.ndarray:
    """Gini 1 − Σ p_c² or entropy −Σ p_c log₂ p_c of nodes with (..., C) class weights.

    With ``n_classes`` = [C_1, ..., C_k] (several outputs, their class weights side by side along
    the last axis): the mean over the k outputs of each output's impurity.
    """
    if n_classes is not None and len(n_classes) > 1:
        edges = np.concatenate([[0], np.cumsum(n_classes)])
        return np.mean([class_impurity(criterion, counts[..., a:b]) for a, b in zip(edges[:-1], edges[1:])],
                       axis=0)
    total = counts.sum(axis=-1, keepdims=True)
    p = counts / np.where(total > 0, total, 1.0)
    if criterion == "gini":
        return 1.0 - np.einsum("...k,...k->...", p, p)
    return -_xlogx(p).sum(axis=-1) / np.log(2.0)


def squared_error_impurity(weight: np.ndarray, total: np.ndarray, total_sq: np.ndarray) -> np.ndarray:
    """MSE = Σ w y² / W − ȳ² from the sums W = Σ w, S = Σ w y, Q = Σ w y².

    Several outputs: ``total`` is (nodes, k) (S_o per output), ``total_sq`` = Σ_o Σ w y_o², and the
    result is the mean over the outputs, (Q / W − Σ_o ȳ_o²) / k.
    """
    if total.ndim == 2:
        mean = total / weight[:, None]
        return np.maximum((total_sq / weight - (mean * mean).sum(axis=1)) / total.shape[1], 0.0)
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


def weighted_percentile(y: np.ndarray, w: np.ndarray, q: float) -> float:
    """The lower weighted q-th percentile: the smallest y whose cumulative weight reaches q % of the total."""
    order = np.argsort(y, kind="stable")
    ys, cw = y[order], np.cumsum(w[order])
    k = min(int(np.searchsorted(cw, q / 100.0 * cw[-1])), len(ys) - 1)
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
