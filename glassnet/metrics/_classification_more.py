"""More scores for classifiers, each read off the confusion matrix C (rows: truth, columns: prediction).

- balanced accuracy = mean over classes of the recall Cₖₖ / Σⱼ Cₖⱼ (a majority-class guess scores 1/k)
- Matthews' φ = (c·s − Σₖ tₖpₖ) / √((s² − Σₖ pₖ²)(s² − Σₖ tₖ²)), with c = trace C, s = Σ C,
  tₖ and pₖ the row and column sums: a correlation between truth and prediction, in [−1, 1]
- Cohen's κ = 1 − Σ wᵢⱼ Cᵢⱼ / Σ wᵢⱼ Eᵢⱼ, E the counts expected by chance (E = t pᵀ / s)
- Jaccard = TP / (TP + FP + FN), hamming loss and zero-one loss = fraction of wrong labels
- top-k accuracy: the true class is among the k highest scores
- Brier score = mean squared difference between the predicted probabilities and the 0/1 outcome
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.metrics._classification import (_check_targets, _safe_divide, accuracy_score, confusion_matrix,
                                              precision_recall_fscore_support)
from glassnet.utils.validation import check_consistent_length, column_or_1d


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted: bool = False) -> float:
    """The mean of the per-class recalls; ``adjusted`` rescales so that chance is 0 and perfect 1."""
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    if np.any(np.isnan(per_class)):
        warnings.warn("y_pred contains classes not in y_true", UserWarning, stacklevel=2)
        per_class = per_class[~np.isnan(per_class)]
    score = float(per_class.mean())
    if adjusted:
        chance = 1 / len(per_class)
        score = (score - chance) / (1 - chance)
    return score


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None) -> float:
    """Matthews' correlation coefficient (0 when a row or column of C carries everything)."""
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight).astype(np.float64)
    t, p = C.sum(axis=1), C.sum(axis=0)
    s, c = C.sum(), np.trace(C)
    cov_true_pred = c * s - t @ p
    cov_pred = s ** 2 - p @ p
    cov_true = s ** 2 - t @ t
    if cov_pred * cov_true == 0:
        return 0.0
    return float(cov_true_pred / np.sqrt(cov_true * cov_pred))


def cohen_kappa_score(y1, y2, *, labels=None, weights=None, sample_weight=None) -> float:
    """Agreement of two raters beyond chance; ``weights`` None (0/1), 'linear' |i − j| or 'quadratic' (i − j)²."""
    C = confusion_matrix(y1, y2, labels=labels, sample_weight=sample_weight).astype(np.float64)
    k = C.shape[0]
    expected = np.outer(C.sum(axis=1), C.sum(axis=0)) / C.sum()
    i, j = np.indices((k, k))
    if weights is None:
        w = (i != j).astype(np.float64)
    elif weights == "linear":
        w = np.abs(i - j).astype(np.float64)
    elif weights == "quadratic":
        w = ((i - j) ** 2).astype(np.float64)
    else:
        raise ValueError(f"weights must be None, 'linear' or 'quadratic', got {weights!r}.")
    return float(1 - (w * C).sum() / (w * expected).sum())


def zero_one_loss(y_true, y_pred, *, normalize: bool = True, sample_weight=None) -> float:
    """Fraction (or, with ``normalize=False``, number) of wrong predictions: 1 − accuracy."""
    if normalize:
        return 1.0 - accuracy_score(y_true, y_pred, sample_weight=sample_weight)
    total = len(column_or_1d(y_true)) if sample_weight is None else float(np.sum(sample_weight))
    return total - accuracy_score(y_true, y_pred, normalize=False, sample_weight=sample_weight)


def hamming_loss(y_true, y_pred, *, sample_weight=None) -> float:
    """Fraction of labels predicted wrong (for one label per sample: the zero-one loss)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == 2:  # multilabel indicator: every (sample, label) cell counts
        check_consistent_length(y_true, y_pred)
        wrong = (y_true != y_pred).mean(axis=1)
        return float(np.average(wrong, weights=sample_weight))
    return 1.0 - accuracy_score(y_true, y_pred, sample_weight=sample_weight)


def jaccard_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None,
                  zero_division="warn"):
    """Intersection over union of the predicted and true sets of each class: TP / (TP + FP + FN)."""
    y_true, y_pred = _check_targets(y_true, y_pred)
    if average not in (None, "binary", "micro", "macro", "weighted"):
        raise ValueError(f"average has to be one of (None, 'binary', 'micro', 'macro', 'weighted'), got {average!r}.")
    present = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if len(present) > 2:
            raise ValueError("Target is multiclass but average='binary'. Please choose another average "
                             "setting, one of [None, 'micro', 'macro', 'weighted'].")
        labels = [pos_label]
    elif labels is None:
        labels = present
    labels = np.asarray(labels)
    w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    tp = np.array([w[(y_true == c) & (y_pred == c)].sum() for c in labels])
    true_count = np.array([w[y_true == c].sum() for c in labels])
    pred_count = np.array([w[y_pred == c].sum() for c in labels])
    union = true_count + pred_count - tp
    if average == "micro":
        tp, union = np.array([tp.sum()]), np.array([union.sum()])
    scores = _safe_divide(tp, union, "Jaccard", zero_division)
    if average is None:
        return scores
    if average == "weighted":
        return float(np.average(scores, weights=true_count)) if true_count.sum() else 0.0
    return float(scores.mean())


def top_k_accuracy_score(y_true, y_score, *, k: int = 2, normalize: bool = True, sample_weight=None,
                         labels=None) -> float:
    """Share of samples whose true class is among the ``k`` classes with the highest scores.

    Binary ``y_score`` of shape (n,) holds the scores of the larger class; with k = 1 it is
    thresholded at 0.5 (probabilities) or 0 (decision values).
    """
    y_true = column_or_1d(y_true, input_name="y_true")
    y_score = np.asarray(y_score, dtype=np.float64)
    check_consistent_length(y_true, y_score)
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if not set(np.unique(y_true)) <= set(classes.tolist()):
        raise ValueError("y_true contains labels not in the labels argument.")
    true_index = np.searchsorted(np.sort(classes), y_true)
    if y_score.ndim == 1:
        if k == 1:
            threshold = 0.5 if y_score.min() >= 0 and y_score.max() <= 1 else 0.0
            hits = (y_score > threshold).astype(int) == true_index
        else:
            hits = np.ones(len(y_true), dtype=bool)
    else:
        if y_score.shape[1] != len(classes):
            raise ValueError(f"Number of classes in 'y_true' ({len(classes)}) not equal to the number of "
                             f"classes in 'y_score' ({y_score.shape[1]}).")
        if k >= y_score.shape[1]:
            warnings.warn(f"'k' ({k}) greater than or equal to 'n_classes' ({y_score.shape[1]}) will result "
                          "in a perfect score and is therefore meaningless.", UserWarning, stacklevel=2)
        # highest score first; among equal scores the later class comes first (a stable sort, reversed)
        ranked = np.argsort(y_score, axis=1, kind="mergesort")[:, ::-1][:, :k]
        hits = (ranked == true_index[:, None]).any(axis=1)
    if not normalize:
        return float(np.dot(hits, sample_weight) if sample_weight is not None else hits.sum())
    return float(np.average(hits, weights=sample_weight))


def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None,
                     scale_by_half="auto") -> float:
    """Mean squared error of probabilities: (1/n) Σᵢ (pᵢ − oᵢ)², oᵢ = 1 when sample i is positive.

    (n,) probabilities of the positive class (``pos_label``, by default the larger label), or
    (n, k) probabilities of every class: (1/n) Σᵢ Σₖ (pᵢₖ − oᵢₖ)², halved when
    ``scale_by_half`` is True ('auto': halved for two columns, so both forms agree).
    """
    y_true = column_or_1d(y_true, input_name="y_true")
    y_proba = np.asarray(y_proba, dtype=np.float64)
    check_consistent_length(y_true, y_proba)
    if y_proba.min() < 0 or y_proba.max() > 1:
        raise ValueError("y_proba contains values outside [0, 1]: the Brier score needs probabilities.")
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if y_proba.ndim == 1 or y_proba.shape[1] == 1:
        if len(classes) > 2:
            raise ValueError(f"y_true has {len(classes)} classes: pass y_proba of shape (n_samples, n_classes).")
        if pos_label is None:
            pos_label = classes[-1]
        outcome = (y_true == pos_label).astype(np.float64)
        score = np.average((outcome - y_proba.ravel()) ** 2, weights=sample_weight)
        return float(score * (2 if scale_by_half is False else 1))
    outcome = (y_true[:, None] == classes[None, :]).astype(np.float64)
    score = np.average(((outcome - y_proba) ** 2).sum(axis=1), weights=sample_weight)
    half = (y_proba.shape[1] == 2) if scale_by_half == "auto" else bool(scale_by_half)
    return float(score / 2 if half else score)


__all__ = ["balanced_accuracy_score", "matthews_corrcoef", "cohen_kappa_score", "zero_one_loss", "hamming_loss",
           "jaccard_score", "top_k_accuracy_score", "brier_score_loss"]
