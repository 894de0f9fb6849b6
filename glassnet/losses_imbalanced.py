"""Losses for rare classes: the focal cross-entropies (Lin et al. 2017) and the overlap losses of
segmentation, Dice and Tversky (Salehi et al. 2017).

Keras 3's formulas::

    BinaryFocalCrossentropy       Lᵢ = mean_j (1 − p_t)^γ · BCE,   p_t = y·p + (1 − y)(1 − p)
                                  (× α_t = y·α + (1 − y)(1 − α) with ``apply_class_balancing``)
    CategoricalFocalCrossentropy  Lᵢ = −Σ_j α (1 − p_j)^γ y_j log p_j
    Dice                          L = 1 − 2 Σ y·ŷ / (Σ y + Σ ŷ + ε)
    Tversky                       L = 1 − TP / (TP + α·FP + β·FN + ε),
                                  TP = Σ y·ŷ, FP = Σ (1 − y)·ŷ, FN = Σ y·(1 − ŷ)

The factor (1 − p_t)^γ shrinks the loss of the samples already classified well, so training
looks at the hard ones. Dice and Tversky sum over ``axis`` (everything by default): they
score a whole mask, not one pixel at a time; with α = β = ½ Tversky is Dice.
"""
from __future__ import annotations

import numpy as np

from glassnet.losses_base import EPSILON, Loss, _targets
from glassnet.ops import math as M
from glassnet.ops import nn


class BinaryFocalCrossentropy(Loss):
    """Binary cross-entropy scaled down by (1 − p_t)^γ for the samples it already gets right."""

    default_name = "binary_focal_crossentropy"

    def __init__(self, apply_class_balancing: bool = False, alpha: float = 0.25, gamma: float = 2.0,
                 from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.apply_class_balancing, self.alpha, self.gamma = bool(apply_class_balancing), float(alpha), float(gamma)
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), axis

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        if self.label_smoothing:
            y = y * (1 - self.label_smoothing) + 0.5 * self.label_smoothing
        p = nn.sigmoid(y_pred) if self.from_logits else y_pred
        p = M.clip(p, EPSILON, 1 - EPSILON)
        bce = -(M.log(p) * y + M.log(1 - p) * (1 - y))
        p_t = p * y + (1 - p) * (1 - y)
        focal = M.power(1 - p_t, self.gamma) * bce
        if self.apply_class_balancing:
            focal = focal * (y * self.alpha + (1 - y) * (1 - self.alpha))
        return M.mean(focal, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha,
                "gamma": self.gamma, "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis}


class CategoricalFocalCrossentropy(Loss):
    """Categorical cross-entropy with each class's term scaled by α (1 − p_j)^γ; y one-hot."""

    default_name = "categorical_focal_crossentropy"

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                 label_smoothing: float = 0.0, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.alpha, self.gamma, self.from_logits = float(alpha), float(gamma), bool(from_logits)
        self.label_smoothing, self.axis = float(label_smoothing), axis

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        if self.label_smoothing:
            y = y * (1 - self.label_smoothing) + self.label_smoothing / y.shape[self.axis]
        p = nn.softmax(y_pred, axis=self.axis) if self.from_logits else y_pred / M.sum(y_pred, axis=self.axis,
                                                                                           keepdims=True)
        p = M.clip(p, EPSILON, 1 - EPSILON)
        return M.sum(M.power(1 - p, self.gamma) * M.log(p) * (-self.alpha * y), axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "gamma": self.gamma, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


def _overlap_axis(axis):
    return None if axis is None else tuple(axis) if isinstance(axis, (list, tuple)) else axis


class Dice(Loss):
    """1 − the Dice coefficient 2|Y ∩ Ŷ| / (|Y| + |Ŷ|), with soft (probability) masks."""

    default_name = "dice"

    def __init__(self, axis=None, **kwargs):
        super().__init__(**kwargs)
        self.axis = _overlap_axis(axis)

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        overlap = M.sum(y_pred * y, axis=self.axis)
        return 1 - overlap * 2.0 / (M.sum(y_pred, axis=self.axis) + np.sum(y, axis=self.axis) + EPSILON)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class Tversky(Loss):
    """1 − TP / (TP + α·FP + β·FN): α weighs false positives, β false negatives (Dice at α = β = ½)."""

    default_name = "tversky"

    def __init__(self, alpha: float = 0.5, beta: float = 0.5, axis=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha, self.beta, self.axis = float(alpha), float(beta), _overlap_axis(axis)

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        tp = M.sum(y_pred * y, axis=self.axis)
        fp = M.sum(y_pred * (1 - y), axis=self.axis)
        fn = M.sum((1 - y_pred) * y, axis=self.axis)
        return 1 - tp / (tp + fp * self.alpha + fn * self.beta + EPSILON)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "beta": self.beta, "axis": self.axis}


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample binary focal cross-entropy."""
    return BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits, label_smoothing, axis,
                                   reduction="none")(y_true, y_pred)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                                   axis=-1):
    """Per-sample categorical focal cross-entropy."""
    return CategoricalFocalCrossentropy(alpha, gamma, from_logits, label_smoothing, axis,
                                        reduction="none")(y_true, y_pred)


def dice(y_true, y_pred, axis=None):
    """The Dice loss (over ``axis``; everything by default)."""
    return Dice(axis=axis, reduction="none")(y_true, y_pred)


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """The Tversky loss (over ``axis``; everything by default)."""
    return Tversky(alpha, beta, axis=axis, reduction="none")(y_true, y_pred)


CLASSES = (BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Dice, Tversky)
ALIASES = {"binary_focal_crossentropy": BinaryFocalCrossentropy,
           "categorical_focal_crossentropy": CategoricalFocalCrossentropy, "dice": Dice, "tversky": Tversky}
FUNCTIONS = {binary_focal_crossentropy: "binary_focal_crossentropy",
             categorical_focal_crossentropy: "categorical_focal_crossentropy", dice: "dice", tversky: "tversky"}
