"""Class weights, as scikit-learn's ``sklearn.utils.class_weight``: rare classes can count more.

``"balanced"`` gives class c the weight n / (k · n_c) (n samples, k classes, n_c samples of class c),
so that every class carries the same total weight n / k. A dict maps a label to its weight;
labels it leaves out keep weight 1.
"""
from __future__ import annotations

import numpy as np


def compute_class_weight(class_weight, *, classes, y, sample_weight=None) -> np.ndarray:
    """One weight per entry of ``classes`` (``"balanced"``, a dict {label: weight}, or None for all 1).

    With ``sample_weight``, 'balanced' counts each class by its total weight: w_c = Σw / (k · Σ_{y=c} w).
    """
    classes = np.asarray(classes)
    y = np.asarray(y)
    if class_weight is None or (isinstance(class_weight, dict) and not class_weight):
        return np.ones(len(classes))
    if isinstance(class_weight, str):
        if class_weight != "balanced":
            raise ValueError(f"class_weight must be 'balanced', a dict or None, got {class_weight!r}.")
        if not np.isin(y, classes).all():
            raise ValueError("classes should include all valid labels that can be in y")
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        counts = np.array([np.sum(w[y == c]) for c in classes], dtype=np.float64)
        if np.any(counts == 0):
            missing = classes[counts == 0].tolist()
            raise ValueError(f"class_weight='balanced' needs samples of every class; none of {missing!r} in y.")
        return w.sum() / (len(classes) * counts)
    if not isinstance(class_weight, dict):
        raise ValueError(f"class_weight must be 'balanced', a dict or None, got {type(class_weight).__name__}.")
    unknown = [label for label in class_weight if label not in classes.tolist()]
    if unknown:
        raise ValueError(f"class_weight names the labels {unknown!r}, which are not classes of y "
                         f"(classes: {classes.tolist()!r}).")
    return np.array([float(class_weight.get(c, 1.0)) for c in classes.tolist()])


def compute_sample_weight(class_weight, y, sample_weight=None) -> np.ndarray:
    """Each sample's weight: the weight of its class (``"balanced"``, a dict, or None for all 1)."""
    y = np.asarray(y)
    classes, index = np.unique(y, return_inverse=True)
    return compute_class_weight(class_weight, classes=classes, y=y, sample_weight=sample_weight)[index]
