"""Scores for rankings: how well a classifier's scores put positives above negatives.

The ROC curve plots, for every threshold t on the score, the true-positive rate
TPR(t) = TP/(TP + FN) against the false-positive rate FPR(t) = FP/(FP + TN).
ROC AUC, the area under it, is the probability that a random positive scores higher
than a random negative (ties count one half): 0.5 is guessing, 1 is a perfect ranking.
"""
from __future__ import annotations

import numpy as np

from glassnet.utils.validation import check_consistent_length, column_or_1d


def _binary_clf_curve(y_true, y_score, pos_label=None, sample_weight=None):
    """Cumulative (weighted) false and true positives at each distinct score, highest first."""
    y_true = column_or_1d(y_true, input_name="y_true")
    y_score = column_or_1d(y_score, input_name="y_score").astype(np.float64)
    check_consistent_length(y_true, y_score)
    if not np.all(np.isfinite(y_score)):
        raise ValueError("Input y_score contains NaN or infinity.")
    classes = np.unique(y_true)
    if pos_label is None:
        if len(classes) > 2 or not (np.array_equal(classes, [0, 1]) or np.array_equal(classes, [-1, 1])
                                    or np.array_equal(classes, [0]) or np.array_equal(classes, [1])
                                    or np.array_equal(classes, [-1])):
            raise ValueError(f"y_true takes value in {{{', '.join(map(repr, classes))}}} and pos_label is "
                             "not specified: either make y_true take value in {0, 1} or {-1, 1} or pass "
                             "pos_label explicitly.")
        pos_label = 1
    y_true = y_true == pos_label
    weight = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    order = np.argsort(y_score, kind="mergesort")[::-1]
    y_score, y_true, weight = y_score[order], y_true[order], weight[order]
    distinct = np.where(np.diff(y_score))[0]
    threshold_idx = np.r_[distinct, y_true.size - 1]
    tps = np.cumsum(y_true * weight)[threshold_idx]
    fps = np.cumsum((1 - y_true) * weight)[threshold_idx]
    return fps, tps, y_score[threshold_idx]


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate: bool = True):
    """(fpr, tpr, thresholds): the ROC curve, starting at (0, 0) with threshold +inf."""
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and len(fps) > 2:
        # keep only the corners: points where the curve changes direction
        optimal = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        fps, tps, thresholds = fps[optimal], tps[optimal], thresholds[optimal]
    fps, tps = np.r_[0, fps], np.r_[0, tps]
    thresholds = np.r_[np.inf, thresholds]
    import warnings
    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be meaningless",
                      UserWarning, stacklevel=2)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be meaningless",
                      UserWarning, stacklevel=2)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def _binary_auc(y_true, y_score, sample_weight=None) -> float:
    if len(np.unique(y_true)) != 2:
        raise ValueError("Only one class is present in y_true. ROC AUC score is not defined in that case.")
    fps, tps, _ = _binary_clf_curve(y_true, y_score, pos_label=1, sample_weight=sample_weight)
    fpr = np.r_[0, fps] / fps[-1]
    tpr = np.r_[0, tps] / tps[-1]
    return float(np.trapezoid(tpr, fpr))  # trapezoids = ties counted one half


def roc_auc_score(y_true, y_score, *, average: str = "macro", sample_weight=None,
                  multi_class: str = "raise", labels=None) -> float:
    """Area under the ROC curve.

    Binary: ``y_score`` (n,) scores for the larger label (or (n, 2) probabilities).
    Multiclass: ``y_score`` (n, k) probabilities, ``multi_class='ovr'`` averages the AUCs of each class
    against the rest (``average='macro'`` plain mean, ``'weighted'`` by class prevalence,
    ``'micro'`` one AUC of all (sample, class) pairs pooled); ``multi_class='ovo'`` averages, over
    every pair of classes (a, b), the mean of AUC(a against b) and AUC(b against a), each on the
    samples of a and b only (Hand & Till, 2001).
    """
    y_true = column_or_1d(y_true, input_name="y_true")
    y_score = np.asarray(y_score, dtype=np.float64)
    check_consistent_length(y_true, y_score)
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if y_score.ndim == 2 and y_score.shape[1] == 2 and len(classes) <= 2:
        y_score = y_score[:, 1]
    if y_score.ndim == 1:
        if len(classes) > 2:
            raise ValueError("multi_class must be in ('ovo', 'ovr') for a multiclass y_true, "
                             "and y_score must then be (n_samples, n_classes) probabilities.")
        return _binary_auc((y_true == classes[-1]).astype(int), y_score, sample_weight)
    if multi_class not in ("ovr", "ovo"):
        raise ValueError(f"multi_class must be 'ovr' or 'ovo' for a multiclass y_true, got {multi_class!r}.")
    allowed = ("macro", "weighted", "micro") if multi_class == "ovr" else ("macro", "weighted")
    if average not in allowed:
        raise ValueError(f"average must be one of {allowed} for multiclass ROC AUC with "
                         f"multi_class={multi_class!r}, got {average!r}.")
    if y_score.shape[1] != len(classes):
        raise ValueError(f"Number of classes in y_true ({len(classes)}) not equal to the number of "
                         f"columns in 'y_score' ({y_score.shape[1]}).")
    if not np.allclose(y_score.sum(axis=1), 1):
        raise ValueError("Target scores need to be probabilities for multiclass roc_auc, i.e. they "
                         "should sum up to 1.0 over classes")
    if multi_class == "ovo":
        return _one_vs_one_auc(y_true, y_score, classes, average)
    if average == "micro":
        onehot = (y_true[:, None] == classes[None, :]).astype(int)
        weight = None if sample_weight is None else np.repeat(np.asarray(sample_weight, float), len(classes))
        return _binary_auc(onehot.ravel(), y_score.ravel(), weight)
    aucs = np.array([_binary_auc((y_true == c).astype(int), y_score[:, i], sample_weight)
                     for i, c in enumerate(classes)])
    if average == "weighted":
        prevalence = np.array([(y_true == c).sum() for c in classes], dtype=np.float64)
        return float(np.average(aucs, weights=prevalence))
    return float(aucs.mean())


def _one_vs_one_auc(y_true, y_score, classes, average) -> float:
    """Hand & Till's M: the mean over class pairs of (AUC(a|b) + AUC(b|a)) / 2."""
    pair_aucs, pair_sizes = [], []
    for i in range(len(classes)):
        for j in range(i + 1, len(classes)):
            in_pair = (y_true == classes[i]) | (y_true == classes[j])
            is_a = (y_true[in_pair] == classes[i]).astype(int)
            a_vs_b = _binary_auc(is_a, y_score[in_pair, i])
            b_vs_a = _binary_auc(1 - is_a, y_score[in_pair, j])
            pair_aucs.append((a_vs_b + b_vs_a) / 2)
            pair_sizes.append(in_pair.sum())
    weights = np.asarray(pair_sizes, dtype=np.float64) if average == "weighted" else None
    return float(np.average(pair_aucs, weights=weights))


def auc(x, y) -> float:
    """Area under a curve through the points (x, y) by the trapezoid rule (x monotone)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape[0] < 2:
        raise ValueError(f"At least 2 points are needed to compute area under curve, but x.shape = {x.shape[0]}")
    d = np.diff(x)
    direction = 1
    if np.any(d < 0):
        if np.all(d <= 0):
            direction = -1
        else:
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
    return float(direction * np.trapezoid(y, x))


__all__ = ["roc_curve", "roc_auc_score", "auc"]
