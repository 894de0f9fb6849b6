"""The precision-recall curve and its summary, average precision.

Sweeping a threshold t down the scores, every sample scoring ≥ t is called positive:

    precision(t) = TP(t) / (TP(t) + FP(t))        recall(t) = TP(t) / P

Average precision sums the precision at each threshold, weighted by how much recall it adds:

    AP = Σₙ (Rₙ − Rₙ₋₁) · Pₙ

a step-wise area under the curve, without the optimistic straight-line interpolation of the
trapezoid rule. A classifier that guesses gets the fraction of positives; a perfect one gets 1.
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.metrics._ranking import _binary_clf_curve
from glassnet.utils.validation import check_consistent_length, column_or_1d


def precision_recall_curve(y_true, y_score=None, *, pos_label=None, sample_weight=None,
                           drop_intermediate: bool = False):
    """(precision, recall, thresholds), recall decreasing, ending at the point (recall 0, precision 1).

    ``precision[i]`` and ``recall[i]`` are those of the samples scoring ≥ ``thresholds[i]``; the last
    point has no threshold. ``drop_intermediate=True`` drops the thresholds where neither the
    number of true positives changes, which leave the drawn curve unchanged.
    """
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and len(fps) > 2:
        changed = np.diff(tps) != 0          # changed[j]: tps[j + 1] differs from tps[j]
        keep = np.zeros(len(tps), dtype=bool)
        keep[[0, -1]] = True
        keep[1:] |= changed                  # the first threshold of a new tps level
        keep[:-1] |= changed                 # and the last one of the level before
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    predicted_positive = tps + fps
    precision = np.divide(tps, predicted_positive, out=np.zeros_like(tps, dtype=np.float64),
                          where=predicted_positive != 0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all thresholds "
                      "which is equivalent to recall being undefined.", UserWarning, stacklevel=2)
        recall = np.ones_like(tps, dtype=np.float64)
    else:
        recall = tps / tps[-1]
    reverse = slice(None, None, -1)
    return np.r_[precision[reverse], 1.0], np.r_[recall[reverse], 0.0], thresholds[reverse]


def _binary_average_precision(y_true, y_score, pos_label=1, sample_weight=None) -> float:
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                                  sample_weight=sample_weight)
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def average_precision_score(y_true, y_score, *, average: str | None = "macro", pos_label=1,
                            sample_weight=None):
    """AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ, from the scores of the positive class.

    Binary ``y_true`` with (n,) scores; or, with (n, k) scores, a multilabel indicator ``y_true``
    (n, k) or multiclass labels (n,), each column scored against the rest and averaged:
    ``'macro'`` (plain mean), ``'weighted'`` (by number of positives), ``'micro'`` (all columns
    pooled into one ranking), ``'samples'`` (one AP per row, then their mean), None (per column).
    """
    y_score = np.asarray(y_score, dtype=np.float64)
    y_true_arr = np.asarray(y_true)
    if y_score.ndim == 1 or (y_score.ndim == 2 and y_score.shape[1] == 1):
        y_true_1d = column_or_1d(y_true_arr, input_name="y_true")
        classes = np.unique(y_true_1d)
        if len(classes) > 2:
            raise ValueError(f"y_true has {len(classes)} classes: a multiclass target needs y_score of "
                             "shape (n_samples, n_classes).")
        if len(classes) == 2 and pos_label not in classes:
            raise ValueError(f"pos_label={pos_label!r} is not a valid label. It should be one of {list(classes)}")
        return _binary_average_precision(y_true_1d, y_score.ravel(), pos_label, sample_weight)
    check_consistent_length(y_true_arr, y_score)
    if y_true_arr.ndim == 1:
        classes = np.unique(y_true_arr)
        if len(classes) != y_score.shape[1]:
            raise ValueError(f"Number of classes in y_true ({len(classes)}) not equal to the number of "
                             f"columns in y_score ({y_score.shape[1]}).")
        Y = (y_true_arr[:, None] == classes[None, :]).astype(int)
    else:
        Y = y_true_arr.astype(int)
        if Y.shape != y_score.shape:
            raise ValueError(f"y_true {Y.shape} and y_score {y_score.shape} must have the same shape.")
    if average not in (None, "micro", "macro", "weighted", "samples"):
        raise ValueError(f"average has to be one of (None, 'micro', 'macro', 'weighted', 'samples'), got {average!r}.")
    if average == "micro":
        weight = None if sample_weight is None else np.repeat(np.asarray(sample_weight, float), Y.shape[1])
        return _binary_average_precision(Y.ravel(), y_score.ravel(), 1, weight)
    if average == "samples":
        scores = [_binary_average_precision(Y[i], y_score[i]) for i in range(Y.shape[0])]
        return float(np.average(scores, weights=sample_weight))
    scores = np.array([_binary_average_precision(Y[:, j], y_score[:, j], 1, sample_weight)
                       for j in range(Y.shape[1])])
    if average is None:
        return scores
    if average == "weighted":
        support = (Y * (1 if sample_weight is None else np.asarray(sample_weight, float)[:, None])).sum(axis=0)
        return float(np.average(scores, weights=support)) if support.sum() else 0.0
    return float(scores.mean())


__all__ = ["precision_recall_curve", "average_precision_score"]
