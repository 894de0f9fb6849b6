"""Several outputs at once: y of shape (n_samples, k), one tree (or forest) for all k targets.

scikit-learn's trees and forests accept a 2-D y and grow a single tree whose leaves predict all k
outputs together (the impurity of a node is the mean of the outputs' impurities, see
``_criteria``). A classifier then knows a list of k class arrays (``classes_``), ``predict``
returns (n_samples, k) labels and ``predict_proba`` a list of k (n_samples, n_classes_o) arrays.
With one output (a 1-D y, or a single column) everything is as for a single target.
"""
from __future__ import annotations

import numpy as np


def target_columns(y: np.ndarray) -> np.ndarray:
    """y as (n_samples, k) columns; a 1-D y is one column. More than two dimensions are refused."""
    y = np.asarray(y)
    if y.ndim > 2:
        raise ValueError(f"y must be 1-D or 2-D (n_samples, n_outputs); got shape {y.shape}.")
    return y.reshape(len(y), -1)


def encode_classes(Y: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Per output o: its sorted classes and the codes 0..C_o-1 of y[:, o]; codes (n_samples, k)."""
    classes, codes = [], np.empty(Y.shape, dtype=np.intp)
    for o in range(Y.shape[1]):
        classes_o, codes[:, o] = np.unique(Y[:, o], return_inverse=True)
        classes.append(classes_o)
    return classes, codes


def set_classes(estimator, Y: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Store ``n_outputs_``, ``classes_`` and ``n_classes_`` as scikit-learn does (plain values with
    one output, a list of arrays and an array of counts with several); return the class codes
    ((n,) with one output, (n, k) with several) and the number of classes of each output."""
    classes, codes = encode_classes(Y)
    n_classes = [len(c) for c in classes]
    estimator.n_outputs_ = Y.shape[1]
    if Y.shape[1] == 1:
        estimator.classes_, estimator.n_classes_ = classes[0], n_classes[0]
        return codes[:, 0], n_classes
    estimator.classes_, estimator.n_classes_ = classes, np.array(n_classes, dtype=np.intp)
    return codes, n_classes


def split_probabilities(raw: np.ndarray, n_outputs: int, n_classes) -> np.ndarray | list[np.ndarray]:
    """(n, C) shares with one output; a list of k (n, C_o) arrays from the padded (n, k, max C)."""
    if n_outputs == 1:
        return raw
    return [raw[:, o, :c] for o, c in enumerate(n_classes)]


def regression_columns(raw: np.ndarray, n_outputs: int) -> np.ndarray:
    """(n,) with one output, (n, k) with several, from the trees' (n, 1) or (n, k, 1) values."""
    return raw[:, 0] if n_outputs == 1 else raw[:, :, 0]


class MultiOutputClassifierMixin:
    """``predict`` and ``predict_log_proba`` for one or several outputs, from ``predict_proba``."""

    def predict(self, X) -> np.ndarray:
        """classes_[argmax_c p̂(c | x)], per output: shape (n_samples,) or (n_samples, k)."""
        proba = self.predict_proba(X)   # first: it checks that the model is fitted
        if self.n_outputs_ == 1:
            return self.classes_[np.argmax(proba, axis=1)]
        return np.column_stack([classes[np.argmax(p, axis=1)] for classes, p in zip(self.classes_, proba)])

    def predict_log_proba(self, X):
        """log p̂(c | x) (a list of k arrays with several outputs)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]


__all__ = ["MultiOutputClassifierMixin", "encode_classes", "regression_columns", "set_classes",
           "split_probabilities", "target_columns"]
