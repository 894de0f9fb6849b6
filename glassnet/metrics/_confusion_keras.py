"""Confusion-matrix metrics for 0/1 tasks (Keras's TruePositives ... AUC), counted over every batch.

A prediction p counts as positive at threshold t when p > t; a label y is positive when y > 0.5.
With a list of thresholds the counts (and the result) are arrays, one value per threshold.

AUC sweeps ``num_thresholds`` thresholds evenly over [0, 1] (the first just below 0, the last
just above 1) and sums the curve from the counts at each:

    ROC:  x = FP / (FP + TN),  y = TP / (TP + FN)       area = Σ (xᵢ − xᵢ₊₁) · (yᵢ + yᵢ₊₁)/2
    PR:   x = recall,          y = precision            (interpolated as Davis & Goadrich, 2006)

so it approaches the exact area (scikit-learn's ``roc_auc_score``) as ``num_thresholds`` grows.
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._keras import _BY_NAME, _CLASSES, Metric, _array, _broadcast_weight, _same_rank

_EPSILON = 1e-7


def _divide(a, b):
    """a / b, with 0 where b is 0 (Keras's divide_no_nan)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)


def _confusion(y_true, y_pred, thresholds: np.ndarray, sample_weight) -> dict[str, np.ndarray]:
    """TP, FP, TN, FN at each threshold (weighted by sample_weight), over all elements."""
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    weight = np.ones(y_pred.shape) if sample_weight is None else _broadcast_weight(sample_weight, y_pred.shape)
    actual = (y_true > 0.5).ravel()
    predicted = y_pred.ravel()[None, :] > thresholds[:, None]          # (thresholds, elements)
    w = weight.ravel()[None, :]
    return {"tp": np.sum(w * (predicted & actual), axis=1),
            "fp": np.sum(w * (predicted & ~actual), axis=1),
            "tn": np.sum(w * (~predicted & ~actual), axis=1),
            "fn": np.sum(w * (~predicted & actual), axis=1)}


class _Count(Metric):
    _which = "tp"

    def __init__(self, thresholds=None, name: str | None = None, dtype=None):
        self._scalar = thresholds is None or np.ndim(thresholds) == 0
        values = [0.5] if thresholds is None else np.atleast_1d(thresholds).tolist()
        if any(not 0 <= t <= 1 for t in values):
            raise ValueError(f"{type(self).__name__}: thresholds must be in [0, 1], got {thresholds!r}")
        self.thresholds = values[0] if self._scalar else values
        self._thresholds = np.asarray(values, dtype=np.float64)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self.accumulator = np.zeros(len(self._thresholds))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.accumulator = self.accumulator + _confusion(y_true, y_pred, self._thresholds, sample_weight)[self._which]

    def result(self):
        return float(self.accumulator[0]) if self._scalar else self.accumulator.copy()

    def get_config(self) -> dict:
        return {"name": self.name, "thresholds": self.thresholds}


class TruePositives(_Count):
    """The (weighted) number of positives predicted positive."""

    _which = "tp"


class FalsePositives(_Count):
    """The (weighted) number of negatives predicted positive."""

    _which = "fp"


class TrueNegatives(_Count):
    """The (weighted) number of negatives predicted negative."""

    _which = "tn"


class FalseNegatives(_Count):
    """The (weighted) number of positives predicted negative."""

    _which = "fn"


class AUC(Metric):
    """Area under the ROC (or precision-recall) curve, from counts at ``num_thresholds`` thresholds.

    Parameters
    ----------
    num_thresholds : int
        How many thresholds to sweep (Keras default 200); more is closer to the exact area.
    curve : {"ROC", "PR"}
    summation_method : {"interpolation", "minoring", "majoring"}
        Trapezoids, or the lower / upper Riemann sum.
    thresholds : list of float, optional
        Your own thresholds in (0, 1) (−ε and 1 + ε are added at the ends).
    multi_label : bool
        One curve per column, averaged (weighted by ``label_weights``); else all values together.
    from_logits : bool
        Predictions are logits: σ(z) is taken first.
    """

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC", summation_method: str = "interpolation",
                 name: str | None = None, dtype=None, thresholds=None, multi_label: bool = False,
                 num_labels=None, label_weights=None, from_logits: bool = False):
        curve, summation_method = str(curve).upper(), str(summation_method).lower()
        if curve not in ("ROC", "PR"):
            raise ValueError(f"AUC: curve must be 'ROC' or 'PR', got {curve!r}")
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError("AUC: summation_method must be 'interpolation', 'minoring' or 'majoring', "
                             f"got {summation_method!r}")
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            self.num_thresholds = len(inner) + 2
        else:
            if int(num_thresholds) <= 1:
                raise ValueError(f"AUC: num_thresholds must be > 1, got {num_thresholds!r}")
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
        self._thresholds = np.asarray([-_EPSILON] + inner + [1 + _EPSILON])
        self._given_thresholds = None if thresholds is None else inner
        self.curve, self.summation_method = curve, summation_method
        self.multi_label, self.from_logits = bool(multi_label), bool(from_logits)
        self.label_weights = None if label_weights is None else np.asarray(label_weights, dtype=np.float64)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._counts: dict | None = None

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
        if self.from_logits:
            y_pred = 1 / (1 + np.exp(-y_pred))
        if self.multi_label:
            columns = [(y_true[..., k], y_pred[..., k]) for k in range(y_pred.shape[-1])]
            weight = None if sample_weight is None else np.asarray(sample_weight)
            new = [_confusion(t, p, self._thresholds, weight) for t, p in columns]
        else:
            new = [_confusion(y_true, y_pred, self._thresholds, sample_weight)]
        if self._counts is None:
            self._counts = new
        else:
            self._counts = [{k: old[k] + add[k] for k in old} for old, add in zip(self._counts, new)]

    def _area(self, c) -> float:
        tp, fp, tn, fn = c["tp"], c["fp"], c["tn"], c["fn"]
        if self.curve == "PR" and self.summation_method == "interpolation":
            dtp = tp[:-1] - tp[1:]
            p = tp + fp
            slope = _divide(dtp, np.maximum(p[:-1] - p[1:], 0))
            intercept = tp[1:] - slope * p[1:]
            ratio = np.where((p[:-1] > 0) & (p[1:] > 0), _divide(p[:-1], np.maximum(p[1:], 0)), 1.0)
            increment = slope * (dtp + intercept * np.log(ratio))
            return float(np.sum(_divide(increment, np.maximum(tp[1:] + fn[1:], 0))))
        recall = _divide(tp, tp + fn)
        x, y = (_divide(fp, fp + tn), recall) if self.curve == "ROC" else (recall, _divide(tp, tp + fp))
        heights = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
                   "majoring": np.maximum(y[:-1], y[1:])}[self.summation_method]
        return float(np.sum((x[:-1] - x[1:]) * heights))

    def result(self) -> float:
        if self._counts is None:
            return 0.0
        areas = np.array([self._area(c) for c in self._counts])
        if self.label_weights is not None and self.multi_label:
            return float(np.sum(areas * self.label_weights) / np.sum(self.label_weights))
        return float(areas.mean())

    def get_config(self) -> dict:
        return {"name": self.name, "num_thresholds": self.num_thresholds, "curve": self.curve,
                "summation_method": self.summation_method, "thresholds": self._given_thresholds,
                "multi_label": self.multi_label, "from_logits": self.from_logits,
                "label_weights": None if self.label_weights is None else self.label_weights.tolist()}


_NEW = {"true_positives": TruePositives, "false_positives": FalsePositives, "true_negatives": TrueNegatives,
        "false_negatives": FalseNegatives, "auc": AUC}
_BY_NAME.update(_NEW)          # compile(metrics=["auc"]) and metrics.get("auc") find them
_CLASSES.update({cls.__name__: cls for cls in _NEW.values()})

__all__ = ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives", "AUC"]
