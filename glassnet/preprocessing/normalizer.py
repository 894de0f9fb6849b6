"""Scale each sample (row) to unit norm: x' = x / ‖x‖ (l1, l2 or max norm); and ``scale``."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_array, validate_data


def normalize(X, norm: str = "l2", *, axis: int = 1, copy: bool = True, return_norm: bool = False):
    """Divide each row (``axis=1``) or column (``axis=0``) by its norm; zero vectors stay zero.

    ‖x‖₁ = Σ|xⱼ|,  ‖x‖₂ = √(Σxⱼ²),  ‖x‖_max = max|xⱼ|.
    """
    if norm not in ("l1", "l2", "max"):
        raise ValueError(f"'{norm}' is not a supported norm: use 'l1', 'l2' or 'max'.")
    if axis not in (0, 1):
        raise ValueError(f"'{axis}' is not a supported axis: use 0 or 1.")
    X = check_array(X, dtype=[np.float64, np.float32], copy=copy)
    rows = X if axis == 1 else X.T
    if norm == "l1":
        norms = np.abs(rows).sum(axis=1)
    elif norm == "l2":
        norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))
    else:
        norms = np.abs(rows).max(axis=1)
    rows /= np.where(norms == 0, 1.0, norms)[:, None].astype(rows.dtype)
    return (X, norms) if return_norm else X


def scale(X, *, axis: int = 0, with_mean: bool = True, with_std: bool = True, copy: bool = True):
    """Standardise along ``axis``: z = (x − μ) / σ (σ = 0 leaves the values centred, unscaled)."""
    X = check_array(X, dtype=[np.float64, np.float32], copy=copy, ensure_2d=False)
    view = X if axis == 0 else X.T
    if with_mean:
        view -= view.mean(axis=0)
    if with_std:
        std = view.std(axis=0)
        view /= np.where(std == 0, 1.0, std)
    return X


class Normalizer(TransformerMixin, BaseEstimator):
    """Each sample divided by its norm (``'l2'``, ``'l1'`` or ``'max'``); nothing is learned."""

    def __init__(self, norm: str = "l2", *, copy: bool = True):
        self.norm = norm
        self.copy = copy

    def fit(self, X, y=None) -> "Normalizer":
        validate_data(self, X, reset=True)
        return self

    def transform(self, X, copy=None) -> np.ndarray:
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return normalize(X, self.norm, axis=1, copy=self.copy if copy is None else copy)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        from glassnet.preprocessing._names import feature_names_out
        return feature_names_out(self, input_features)

    def _tag_overrides(self):
        return {"requires_fit": False, "preserves_dtype": ["float64", "float32"]}
