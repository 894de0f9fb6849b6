"""Intersection over union (the Jaccard index), Keras's segmentation metrics.

From the confusion matrix C accumulated over every batch (rows: true class, columns: predicted):

    IoU_k = C_kk / (Σ_j C_kj + Σ_i C_ik − C_kk)  =  TP / (TP + FP + FN)

and the metric is the mean of IoU_k over ``target_class_ids`` (classes that never occur, in
either the labels or the predictions, are left out of the mean).
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._keras import _BY_NAME, _CLASSES
from glassnet.metrics._metric import Metric, MetricValue, _array


class IoU(Metric):
    """Mean IoU over ``target_class_ids``.

    Parameters
    ----------
    num_classes : int
    target_class_ids : list of int
        The classes whose IoU is averaged.
    ignore_class : int, optional
        Pixels whose label is this class are not counted.
    sparse_y_true, sparse_y_pred : bool, default True
        Class numbers; False means scores/one-hot along ``axis`` (argmax taken).
    """

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_true: bool = True, sparse_y_pred: bool = True,
                 axis: int = -1):
        if int(num_classes) < 2:
            raise ValueError(f"{type(self).__name__}: num_classes must be ≥ 2, got {num_classes}")
        self.num_classes = int(num_classes)
        self.target_class_ids = [int(k) for k in target_class_ids]
        if any(not 0 <= k < self.num_classes for k in self.target_class_ids):
            raise ValueError(f"{type(self).__name__}: target_class_ids must lie in [0, {self.num_classes}), "
                             f"got {self.target_class_ids}")
        self.ignore_class, self.axis = ignore_class, int(axis)
        self.sparse_y_true, self.sparse_y_pred = bool(sparse_y_true), bool(sparse_y_pred)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self.total_cm = np.zeros((self.num_classes, self.num_classes))

    def _classes(self, y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
        y_true, y_pred = _array(y_true), _array(y_pred)
        if not self.sparse_y_true:
            y_true = np.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = np.argmax(y_pred, axis=self.axis)
        return y_true.astype(np.int64), y_pred.astype(np.int64)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        labels, predicted = self._classes(y_true, y_pred)
        if labels.size != predicted.size:
            raise ValueError(f"{type(self).__name__}: y_true gives {labels.size} labels but y_pred {predicted.size}")
        if sample_weight is None:
            weight = np.ones(labels.size)
        else:                                  # one weight per sample (or per pixel), spread over its pixels
            sw = _array(sample_weight).astype(np.float64)
            weight = np.broadcast_to(sw.reshape(sw.shape + (1,) * (labels.ndim - sw.ndim)), labels.shape).ravel()
        labels, predicted = labels.ravel(), predicted.reshape(-1)
        keep = np.ones(labels.shape, dtype=bool) if self.ignore_class is None else labels != self.ignore_class
        np.add.at(self.total_cm, (labels[keep], predicted[keep]), weight[keep])

    def result(self) -> MetricValue:
        cm = self.total_cm
        tp = np.diag(cm)
        denominator = cm.sum(axis=0) + cm.sum(axis=1) - tp
        target = np.asarray(self.target_class_ids)
        tp, denominator = tp[target], denominator[target]
        valid = denominator != 0
        iou = np.divide(tp, denominator, out=np.zeros_like(tp), where=valid)
        return MetricValue(float(iou.sum() / valid.sum()) if valid.any() else 0.0)

    def get_config(self) -> dict:
        return {"name": self.name, "num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class MeanIoU(IoU):
    """IoU averaged over every class."""

    def __init__(self, num_classes: int, name: str | None = None, dtype=None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, list(range(int(num_classes))), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred,
                         axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["target_class_ids"]
        return config


class BinaryIoU(IoU):
    """IoU of a 0/1 task: a score above ``threshold`` predicts class 1."""

    def __init__(self, target_class_ids=(0, 1), threshold: float = 0.5, name: str | None = None, dtype=None):
        self.threshold = float(threshold)
        super().__init__(2, target_class_ids, name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        super().update_state((_array(y_true) > 0.5).astype(np.int64),
                             (_array(y_pred) > self.threshold).astype(np.int64), sample_weight)

    def get_config(self) -> dict:
        return {"name": self.name, "target_class_ids": self.target_class_ids, "threshold": self.threshold}


class OneHotIoU(IoU):
    """IoU for one-hot labels and class scores (argmax on both)."""

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """Mean IoU over every class for one-hot labels and class scores."""

    def __init__(self, num_classes: int, name: str | None = None, dtype=None, ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config


_CLASSES.update({cls.__name__: cls for cls in (IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU)})
_BY_NAME.update({"binary_iou": BinaryIoU})

__all__ = ["IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU"]
