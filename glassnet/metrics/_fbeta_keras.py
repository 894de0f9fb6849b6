"""Keras's F-scores for multi-class and multi-label outputs: FBetaScore and F1Score.

Per class k, over every batch seen: TP_k, FP_k, FN_k, then

    precision_k = TP/(TP + FP),  recall_k = TP/(TP + FN),
    F_β,k = (1 + β²) · precision · recall / (β² · precision + recall)

(ε = 1e-7 in each denominator, as Keras). ``average``: None (one score per class), 'micro'
(the counts summed over classes first), 'macro' (the mean of the class scores) or 'weighted'
(their mean weighted by each class's number of true labels).
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._keras import _BY_NAME, _CLASSES
from glassnet.metrics._metric import Metric, MetricValue, _array

_EPSILON = 1e-7


class FBetaScore(Metric):
    """The F_β score; y_true one-hot or multi-hot (batch, classes), y_pred scores of the same shape.

    Parameters
    ----------
    average : {None, 'micro', 'macro', 'weighted'}
    beta : float, default 1.0
        Recall counts β times as much as precision.
    threshold : float, optional
        A score above it is a predicted label; by default each row's highest score is (ties included).
    """

    def __init__(self, average: str | None = None, beta: float = 1.0, threshold: float | None = None,
                 name: str = "fbeta_score", dtype=None):
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(f"{type(self).__name__}: average must be None, 'micro', 'macro' or 'weighted', "
                             f"got {average!r}")
        if not float(beta) > 0:
            raise ValueError(f"{type(self).__name__}: beta must be positive, got {beta}")
        if threshold is not None and not 0 <= float(threshold) <= 1:
            raise ValueError(f"{type(self).__name__}: threshold must be in [0, 1], got {threshold}")
        self.average, self.beta = average, float(beta)
        self.threshold = None if threshold is None else float(threshold)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._counts = None                 # TP, FP, FN, true labels; one row each, one column per class

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = _array(y_true).astype(np.float64)
        scores = _array(y_pred).astype(np.float64)
        if y_true.shape != scores.shape or y_true.ndim != 2:
            raise ValueError(f"{type(self).__name__}: y_true and y_pred must both be (batch, classes), got "
                             f"{y_true.shape} and {scores.shape} (one-hot labels: keras.utils.to_categorical)")
        if self.threshold is None:
            predicted = (scores == scores.max(axis=-1, keepdims=True)).astype(np.float64)
        else:
            predicted = (scores > self.threshold).astype(np.float64)
        w = np.ones((len(y_true), 1)) if sample_weight is None else _array(sample_weight).reshape(len(y_true), -1)
        counts = np.stack([np.sum(w * predicted * y_true, axis=0), np.sum(w * predicted * (1 - y_true), axis=0),
                           np.sum(w * (1 - predicted) * y_true, axis=0), np.sum(w * y_true, axis=0)])
        self._counts = counts if self._counts is None else self._counts + counts

    def result(self):
        if self._counts is None:
            return MetricValue(0.0)
        tp, fp, fn, support = self._counts
        if self.average == "micro":
            tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
        precision = tp / (tp + fp + _EPSILON)
        recall = tp / (tp + fn + _EPSILON)
        b2 = self.beta ** 2
        scores = (1 + b2) * precision * recall / (b2 * precision + recall + _EPSILON)
        if self.average == "weighted":
            scores = np.sum(scores * support / support.sum())
        elif self.average == "macro":
            scores = np.mean(scores)
        return MetricValue(float(scores)) if np.ndim(scores) == 0 else np.asarray(scores)

    def get_config(self) -> dict:
        return {"name": self.name, "average": self.average, "beta": self.beta, "threshold": self.threshold}


class F1Score(FBetaScore):
    """The F₁ score: the harmonic mean of precision and recall (β = 1)."""

    def __init__(self, average: str | None = None, threshold: float | None = None, name: str = "f1_score",
                 dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config


_BY_NAME.update({"f1_score": F1Score, "fbeta_score": FBetaScore})
_CLASSES.update({"F1Score": F1Score, "FBetaScore": FBetaScore})

__all__ = ["FBetaScore", "F1Score"]
