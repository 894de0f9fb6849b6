"""Class labels ↔ the 0/1 targets a network's output units learn (scikit-learn's LabelBinarizer).

    two classes      y ∈ {a, b}         → one column [y == b]          (one logistic unit)
    k > 2 classes    y ∈ {c₁, …, c_k}   → one-hot, k columns           (a softmax over k units)
    several labels   Y ∈ {0, 1}^(n × k) → Y as it is                   (k independent logistic units)

and back: a threshold at 0.5 for logistic outputs, the arg max for a softmax.
"""
from __future__ import annotations

import numpy as np


def target_type(y) -> str:
    """'binary', 'multiclass' or 'multilabel-indicator' (the classification targets the MLP takes)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        values = np.unique(y)
        if y.dtype.kind in "biuf" and np.all(np.isin(values, (0, 1))):
            return "multilabel-indicator"
        raise ValueError("Multioutput target data is not supported with label binarization: y of "
                         f"shape {y.shape} must be a 1-D array of labels or a 0/1 indicator matrix.")
    y = y.ravel()
    if y.dtype.kind == "f" and np.any(y != np.round(y)):
        raise ValueError("Unknown label type: continuous. MLPClassifier expects discrete classes; "
                         "use MLPRegressor for continuous targets.")
    if y.dtype.kind == "O" and not all(isinstance(v, (str, int, np.integer)) for v in y):
        raise ValueError("Unknown label type: unknown. Labels must be integers or strings.")
    return "multiclass" if len(np.unique(y)) > 2 else "binary"


class LabelCoder:
    """Learns the classes once (``fit``), then codes labels as targets and decodes outputs."""

    def fit(self, y) -> "LabelCoder":
        self.y_type_ = target_type(y)
        y = np.asarray(y)
        if self.y_type_ == "multilabel-indicator":
            self.classes_ = np.arange(y.shape[1])
        else:
            self.classes_ = np.unique(y.ravel())
            if len(self.classes_) > 2:          # classes= given to partial_fit may make it multiclass
                self.y_type_ = "multiclass"
        return self

    def transform(self, y) -> np.ndarray:
        """The 0/1 target matrix (n, 1) for two classes, (n, k) otherwise."""
        y = np.asarray(y)
        if self.y_type_ == "multilabel-indicator":
            if y.ndim != 2 or y.shape[1] != len(self.classes_):
                raise ValueError(f"y has {y.shape[1] if y.ndim == 2 else 1} label columns, but the "
                                 f"classifier was fitted with {len(self.classes_)}.")
            return y.astype(bool)
        y = y.ravel()
        if len(self.classes_) <= 2:
            positive = self.classes_[-1] if len(self.classes_) == 2 else None
            return (y == positive).reshape(-1, 1) if positive is not None else np.zeros((len(y), 1), bool)
        return y[:, None] == self.classes_[None, :]

    def inverse_transform(self, outputs: np.ndarray) -> np.ndarray:
        """Labels from the network's outputs: arg max of a softmax, ``output > 0.5`` otherwise."""
        if self.y_type_ == "multiclass":
            return self.classes_[np.argmax(outputs, axis=1)]
        if self.y_type_ == "multilabel-indicator":
            return (outputs > 0.5).astype(int)
        positive = (np.asarray(outputs).ravel() > 0.5).astype(int)
        if len(self.classes_) == 1:
            return np.repeat(self.classes_[0], len(positive))
        return self.classes_[positive]


__all__ = ["target_type", "LabelCoder"]
