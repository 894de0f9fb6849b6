"""One rate at its best while another is held above a floor: Keras's SensitivityAtSpecificity,
SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision.

The counts TP, FP, TN, FN are kept at ``num_thresholds`` thresholds spread over [0, 1] (a score
above a threshold predicts positive). At the end, among the thresholds where the constrained
rate reaches ``value``, the metric is the highest value of the other rate (0 if none reaches it):

    sensitivity = recall = TP/(TP + FN),  specificity = TN/(TN + FP),  precision = TP/(TP + FP)
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._confusion_keras import _EPSILON, _confusion, _divide
from glassnet.metrics._keras import _CLASSES
from glassnet.metrics._metric import Metric, MetricValue, _array


class _BestUnderConstraint(Metric):
    _constrained, _optimised = "specificity", "sensitivity"

    def __init__(self, value: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        if not 0 <= float(value) <= 1:
            raise ValueError(f"{type(self).__name__}: value must be in [0, 1], got {value}")
        if int(num_thresholds) <= 0:
            raise ValueError(f"{type(self).__name__}: num_thresholds must be > 0, got {num_thresholds}")
        self.value, self.num_thresholds, self.class_id = float(value), int(num_thresholds), class_id
        if self.num_thresholds == 1:
            inner = [0.5]
        else:
            inner = [(i + 1) / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
        self._thresholds = np.asarray([-_EPSILON] + inner + [1 + _EPSILON])
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._counts = {k: np.zeros(len(self._thresholds)) for k in ("tp", "fp", "tn", "fn")}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _array(y_true), _array(y_pred)
        if self.class_id is not None:
            y_true, y_pred = y_true[..., self.class_id], y_pred[..., self.class_id]
        counts = _confusion(y_true, y_pred, self._thresholds, sample_weight)
        for key in self._counts:
            self._counts[key] = self._counts[key] + counts[key]

    def _rates(self) -> dict[str, np.ndarray]:
        tp, fp, tn, fn = (self._counts[k] for k in ("tp", "fp", "tn", "fn"))
        recall = _divide(tp, tp + fn)
        return {"sensitivity": recall, "recall": recall, "specificity": _divide(tn, tn + fp),
                "precision": _divide(tp, tp + fp)}

    def result(self) -> MetricValue:
        rates = self._rates()
        feasible = rates[self._constrained] >= self.value
        return MetricValue(float(np.max(rates[self._optimised][feasible])) if feasible.any() else 0.0)

    def get_config(self) -> dict:
        return {"name": self.name, "num_thresholds": self.num_thresholds, "class_id": self.class_id,
                self._value_name: self.value}


class SensitivityAtSpecificity(_BestUnderConstraint):
    """The best sensitivity (recall) among thresholds whose specificity is at least ``specificity``."""
    _constrained, _optimised, _value_name = "specificity", "sensitivity", "specificity"

    def __init__(self, specificity: float, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


class SpecificityAtSensitivity(_BestUnderConstraint):
    """The best specificity among thresholds whose sensitivity is at least ``sensitivity``."""
    _constrained, _optimised, _value_name = "sensitivity", "specificity", "sensitivity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)


class PrecisionAtRecall(_BestUnderConstraint):
    """The best precision among thresholds whose recall is at least ``recall``."""
    _constrained, _optimised, _value_name = "recall", "precision", "recall"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)


class RecallAtPrecision(_BestUnderConstraint):
    """The best recall among thresholds whose precision is at least ``precision``."""
    _constrained, _optimised, _value_name = "precision", "recall", "precision"

    def __init__(self, precision: float, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)


_CLASSES.update({cls.__name__: cls for cls in (SensitivityAtSpecificity, SpecificityAtSensitivity,
                                               PrecisionAtRecall, RecallAtPrecision)})

__all__ = ["SensitivityAtSpecificity", "SpecificityAtSensitivity", "PrecisionAtRecall", "RecallAtPrecision"]
