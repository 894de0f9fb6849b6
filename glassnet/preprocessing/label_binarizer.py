"""One-vs-all label encoding: class labels → a 0/1 indicator matrix, one column per class.

For k > 2 classes, row i has ``pos_label`` in the column of yᵢ's class and ``neg_label``
elsewhere (the one-hot targets of a softmax, or the k problems of one-vs-rest). For 2 classes a
single column suffices: ``pos_label`` where yᵢ is the second (larger) class.
"""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_is_fitted


def _target_type(y: np.ndarray) -> str:
    if y.ndim == 2 and y.shape[1] > 1:
        if y.dtype.kind in "biuf" and np.isin(y, (0, 1)).all():
            return "multilabel-indicator"
        raise ValueError(f"A 2-d y must be a 0/1 multilabel indicator matrix, got values {np.unique(y)[:5]}.")
    if y.dtype.kind == "f" and np.any(np.mod(y, 1) != 0):
        raise ValueError("Unknown label type: continuous. LabelBinarizer needs class labels.")
    return "multiclass" if len(np.unique(y)) > 2 else "binary"


def _check_labels(neg_label, pos_label) -> None:
    if neg_label >= pos_label:
        raise ValueError(f"neg_label={neg_label} must be strictly less than pos_label={pos_label}.")


def label_binarize(y, *, classes, neg_label: int = 0, pos_label: int = 1, sparse_output: bool = False) -> np.ndarray:
    """Y[i, j] = pos_label if yᵢ = classes[j] else neg_label; one column only for two classes.

    Labels of ``y`` not in ``classes`` give a row of ``neg_label``.
    """
    _check_labels(neg_label, pos_label)
    if sparse_output:
        raise ValueError("glassnet does not support sparse output: sparse_output must be False.")
    classes = np.asarray(classes)
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        if _target_type(y) == "multilabel-indicator":
            if y.shape[1] != len(classes):
                raise ValueError(f"classes {classes.tolist()} mismatch with the labels {list(range(y.shape[1]))} found "
                                 "in the data")
            return np.where(y == 1, pos_label, neg_label).astype(int)
    y = y.ravel()
    Y = np.where(y[:, None] == classes[None, :], pos_label, neg_label).astype(int)
    if len(classes) == 2:
        return Y[:, 1:]
    if len(classes) == 1:  # a single known class: it counts as the negative one
        return np.full((len(y), 1), neg_label, dtype=int)
    return Y


class LabelBinarizer(TransformerMixin, BaseEstimator):
    """Labels ↔ one-vs-all indicator matrix.

    Attributes
    ----------
    classes_ : ndarray, the sorted labels seen by ``fit``
    y_type_ : str, 'binary', 'multiclass' or 'multilabel-indicator'
    """

    def __init__(self, *, neg_label: int = 0, pos_label: int = 1, sparse_output: bool = False):
        self.neg_label = neg_label
        self.pos_label = pos_label
        self.sparse_output = sparse_output

    def fit(self, y) -> "LabelBinarizer":
        _check_labels(self.neg_label, self.pos_label)
        if self.sparse_output:
            raise ValueError("glassnet does not support sparse output: sparse_output must be False.")
        y = np.asarray(y)
        if y.size == 0:
            raise ValueError("y has 0 samples: LabelBinarizer needs at least one label.")
        self.y_type_ = _target_type(y)
        self.classes_ = np.arange(y.shape[1]) if self.y_type_ == "multilabel-indicator" else np.unique(y.ravel())
        return self

    def fit_transform(self, y) -> np.ndarray:
        return self.fit(y).transform(y)

    def transform(self, y) -> np.ndarray:
        """The indicator matrix of ``y`` (unknown labels give a row of ``neg_label``)."""
        check_is_fitted(self, "classes_")
        return label_binarize(y, classes=self.classes_, neg_label=self.neg_label, pos_label=self.pos_label)

    def inverse_transform(self, Y, threshold=None) -> np.ndarray:
        """Labels back: the column of the largest value (k > 2), or classes_[1] where Y > threshold."""
        check_is_fitted(self, "classes_")
        Y = np.asarray(Y)
        threshold = (self.pos_label + self.neg_label) / 2.0 if threshold is None else threshold
        if self.y_type_ == "multilabel-indicator":
            return (Y > threshold).astype(int)
        if self.y_type_ == "multiclass":
            return self.classes_[np.argmax(Y, axis=1)]
        column = Y.ravel() if Y.ndim == 1 or Y.shape[1] == 1 else Y[:, -1]
        if len(self.classes_) == 1:
            return np.repeat(self.classes_[0], len(column))
        return self.classes_[(column > threshold).astype(int)]

    def _tag_overrides(self):
        return {"two_d_array": False, "one_d_labels": True, "requires_y": True}
