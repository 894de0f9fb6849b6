"""Scores for classifiers: how often, and in which way, the predicted labels are right.

With TP, FP, FN, TN the counts of true/false positives/negatives for one class:

- accuracy  = (number of correct predictions) / n
- precision = TP / (TP + FP)     (of those called positive, how many are)
- recall    = TP / (TP + FN)     (of the positives, how many were found)
- F1        = 2 · precision · recall / (precision + recall)
- log loss  = −(1/n) Σᵢ Σₖ yᵢₖ log pᵢₖ
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.utils.validation import check_consistent_length, column_or_1d


class UndefinedMetricWarning(UserWarning):
    """A ratio had a zero denominator (e.g. precision with no predicted positives); it was set to 0."""


def _check_targets(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = column_or_1d(y_true, input_name="y_true")
    y_pred = column_or_1d(y_pred, input_name="y_pred")
    check_consistent_length(y_true, y_pred)
    if y_true.dtype.kind == "f" and not np.all(np.isfinite(y_true)):
        raise ValueError("Input y_true contains NaN or infinity.")
    if y_true.dtype.kind == "f" and y_true.size and np.any(np.mod(y_true, 1) != 0):
        raise ValueError("Classification metrics can't handle a continuous target y_true; "
                         "expected discrete class labels.")
    return y_true, y_pred


def _weighted_count(mask: np.ndarray, sample_weight) -> float:
    return float(mask.sum()) if sample_weight is None else float(np.dot(mask, sample_weight))


def accuracy_score(y_true, y_pred, *, normalize: bool = True, sample_weight=None) -> float:
    """Fraction (or, with ``normalize=False``, number) of samples whose predicted label is right."""
    y_true, y_pred = _check_targets(y_true, y_pred)
    correct = (y_true == y_pred).astype(np.float64)
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
        check_consistent_length(y_true, sample_weight)
    if not normalize:
        return float(correct.sum() if sample_weight is None else np.dot(correct, sample_weight))
    return float(np.average(correct, weights=sample_weight))


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None) -> np.ndarray:
    """C[i, j] = number of samples of true class i predicted as class j (classes in sorted order).

    ``normalize``: None (counts), ``'true'`` (rows sum to 1), ``'pred'`` (columns), ``'all'``.
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    else:
        labels = np.asarray(labels)
        if labels.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if not np.isin(labels, y_true).any():
            raise ValueError("At least one label specified must be in y_true.")
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be one of {{'true', 'pred', 'all', None}}, got {normalize!r}.")
    k = len(labels)
    weight = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    check_consistent_length(y_true, weight)
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    # index of each label in `labels`; samples whose label is not listed are dropped
    def index_of(y):
        pos = np.clip(np.searchsorted(sorted_labels, y), 0, k - 1)
        found = sorted_labels[pos] == y
        return order[pos], found
    i, found_true = index_of(y_true)
    j, found_pred = index_of(y_pred)
    keep = found_true & found_pred
    cm = np.zeros((k, k), dtype=np.float64)
    np.add.at(cm, (i[keep], j[keep]), weight[keep])
    if normalize is None:
        if sample_weight is None or np.issubdtype(np.asarray(sample_weight).dtype, np.integer):
            return cm.astype(np.int64)
        return cm
    with np.errstate(invalid="ignore", divide="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        else:
            cm = cm / cm.sum()
    return np.nan_to_num(cm)


def _safe_divide(num: np.ndarray, den: np.ndarray, metric: str, zero_division) -> np.ndarray:
    den_zero = den == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / np.where(den_zero, 1, den)
    if np.any(den_zero):
        fill = 0.0 if zero_division == "warn" else (np.nan if zero_division is np.nan else float(zero_division))
        out = np.where(den_zero, fill, out)
        if zero_division == "warn":
            warnings.warn(f"{metric} is ill-defined and being set to 0.0 in labels with no "
                          f"{'predicted' if metric == 'Precision' else 'true'} samples. "
                          "Use `zero_division` parameter to control this behavior.",
                          UndefinedMetricWarning, stacklevel=4)
    return out


def precision_recall_fscore_support(y_true, y_pred, *, beta: float = 1.0, labels=None, pos_label=1,
                                    average=None, sample_weight=None, zero_division="warn"):
    """Precision, recall, F-beta and support (number of true samples) per class, or averaged.

    ``average``: ``'binary'`` (only ``pos_label``), ``'micro'`` (pool the counts of all classes),
    ``'macro'`` (plain mean over classes), ``'weighted'`` (mean weighted by support), None (per class).
    F_β = (1 + β²) · P · R / (β² · P + R).
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    if average not in (None, "binary", "micro", "macro", "weighted"):
        raise ValueError(f"average has to be one of (None, 'binary', 'micro', 'macro', 'weighted'), "
                         f"got {average!r}.")
    present = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if len(present) > 2:
            raise ValueError("Target is multiclass but average='binary'. Please choose another average "
                             "setting, one of [None, 'micro', 'macro', 'weighted'].")
        if pos_label not in present:
            if len(present) >= 2:
                raise ValueError(f"pos_label={pos_label!r} is not a valid label. It should be one of "
                                 f"{list(present)}")
        labels = np.asarray([pos_label])
    elif labels is None:
        labels = present
    else:
        labels = np.asarray(labels)
    cm = confusion_matrix(y_true, y_pred, labels=np.concatenate([labels, present[~np.isin(present, labels)]])
                          if len(present) else labels, sample_weight=sample_weight).astype(np.float64)
    k = len(labels)
    tp = np.diag(cm)[:k]
    pred_pos = cm.sum(axis=0)[:k]
    true_pos = cm.sum(axis=1)[:k]
    if average == "micro":
        tp, pred_pos, true_pos = tp.sum(keepdims=True), pred_pos.sum(keepdims=True), true_pos.sum(keepdims=True)
    precision = _safe_divide(tp, pred_pos, "Precision", zero_division)
    recall = _safe_divide(tp, true_pos, "Recall", zero_division)
    beta2 = beta * beta
    denom = beta2 * precision + recall
    f_den_zero = denom == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        f_score = (1 + beta2) * precision * recall / np.where(f_den_zero, 1, denom)
    # F = (1+β²)TP / ((1+β²)TP + β²FN + FP): undefined only when TP+FN+FP = 0
    if np.any(f_den_zero):
        undefined = (tp + (true_pos - tp) + (pred_pos - tp)) == 0
        fill = 0.0 if zero_division == "warn" else (np.nan if zero_division is np.nan else float(zero_division))
        f_score = np.where(f_den_zero & undefined, fill, np.where(f_den_zero, 0.0, f_score))
    support = cm.sum(axis=1)[:k]
    if sample_weight is None:
        support = support.astype(np.int64)
    if average is None:
        return precision, recall, f_score, support
    if average == "weighted":
        weights = support
        if weights.sum() == 0:
            return 0.0, 0.0, 0.0, None
    else:
        weights = None
    return (float(np.average(precision, weights=weights)), float(np.average(recall, weights=weights)),
            float(np.average(f_score, weights=weights)), None)


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """Precision = TP / (TP + FP): of the samples predicted positive, the share that are."""
    p, _, _, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                                 average=average, sample_weight=sample_weight,
                                                 zero_division=zero_division)
    return p


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """Recall = TP / (TP + FN): of the truly positive samples, the share that were found."""
    _, r, _, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                                 average=average, sample_weight=sample_weight,
                                                 zero_division=zero_division)
    return r


def fbeta_score(y_true, y_pred, *, beta: float, labels=None, pos_label=1, average="binary",
                sample_weight=None, zero_division="warn"):
    """F_β = (1 + β²) · P · R / (β² · P + R): recall counts β times as much as precision."""
    _, _, f, _ = precision_recall_fscore_support(y_true, y_pred, beta=beta, labels=labels,
                                                 pos_label=pos_label, average=average,
                                                 sample_weight=sample_weight, zero_division=zero_division)
    return f


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """F1 = 2 · P · R / (P + R), the harmonic mean of precision and recall."""
    return fbeta_score(y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
                       sample_weight=sample_weight, zero_division=zero_division)


def log_loss(y_true, y_pred, *, normalize: bool = True, sample_weight=None, labels=None) -> float:
    """Cross-entropy −(1/n) Σᵢ Σₖ yᵢₖ log pᵢₖ of predicted probabilities ``y_pred``.

    ``y_pred`` is (n,) — the probability of the larger class — or (n, k) with columns in the
    sorted order of the labels. Probabilities are clipped to [ε, 1 − ε] so log 0 never happens.
    """
    y_true = column_or_1d(y_true, input_name="y_true")
    y_pred = np.asarray(y_pred, dtype=np.float64)
    check_consistent_length(y_true, y_pred)
    if not np.all(np.isfinite(y_pred)):
        raise ValueError("Input y_pred contains NaN or infinity.")
    if np.any(y_pred < 0) or np.any(y_pred > 1):
        raise ValueError("y_pred contains values outside [0, 1]: log_loss expects probabilities.")
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if len(classes) == 1:
        raise ValueError(f"y_true contains only one label ({classes[0]!r}). Please provide the true "
                         "labels explicitly through the labels argument.")
    if y_pred.ndim == 1:
        y_pred = np.column_stack([1 - y_pred, y_pred])
    if y_pred.shape[1] == 1:
        y_pred = np.column_stack([1 - y_pred[:, 0], y_pred[:, 0]])
    if y_pred.shape[1] != len(classes):
        raise ValueError(f"y_true and y_pred contain different number of classes {len(classes)}, "
                         f"{y_pred.shape[1]}. Classes found in y_true: {list(classes)}")
    index = np.searchsorted(classes, y_true)
    if np.any(index >= len(classes)) or np.any(classes[np.minimum(index, len(classes) - 1)] != y_true):
        raise ValueError("y_true contains labels that are not in labels.")
    if not np.allclose(y_pred.sum(axis=1), 1, rtol=np.sqrt(np.finfo(np.float64).eps)):
        warnings.warn("The y_pred values do not sum to one. Make sure to pass probabilities.",
                      UserWarning, stacklevel=2)
    eps = np.finfo(y_pred.dtype).eps
    p = np.clip(y_pred[np.arange(len(y_true)), index], eps, 1 - eps)
    losses = -np.log(p)
    if not normalize:
        return float(losses.sum() if sample_weight is None else np.dot(losses, sample_weight))
    return float(np.average(losses, weights=sample_weight))


__all__ = ["accuracy_score", "confusion_matrix", "precision_recall_fscore_support", "precision_score",
           "recall_score", "fbeta_score", "f1_score", "log_loss", "UndefinedMetricWarning"]
