"""Polynomial features: every monomial x₁^p₁ · x₂^p₂ ⋯ of total degree ≤ d, as new columns.

A linear model on these columns is a polynomial model of the original ones — the lecture's
route from under-fitting (degree 1) to over-fitting (degree 15).
"""
from __future__ import annotations

from itertools import chain, combinations, combinations_with_replacement

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_is_fitted, validate_data
from glassnet.preprocessing._names import input_feature_names


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """Map x = (x₀, …, x_{m−1}) to all monomials ∏ⱼ xⱼ^pⱼ with min_degree ≤ Σ pⱼ ≤ max_degree.

    For x = (a, b) and degree 2 the columns are 1, a, b, a², a·b, b² (in scikit-learn's order:
    by degree, then lexicographically).

    Parameters
    ----------
    degree : int or tuple (min_degree, max_degree), default=2
    interaction_only : bool, default=False
        Only products of distinct features (a·b, not a²).
    include_bias : bool, default=True
        Include the column of ones (the degree-0 monomial).
    order : {'C', 'F'}, default='C'
        Memory layout of the output.

    Attributes
    ----------
    powers_ : ndarray of shape (n_output_features_, n_features_in_)
        powers_[i, j] is the exponent of input j in output column i.
    n_output_features_ : int
    """

    def __init__(self, degree=2, *, interaction_only: bool = False, include_bias: bool = True,
                 order: str = "C"):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias
        self.order = order

    def _degrees(self) -> tuple[int, int]:
        degree = self.degree
        if isinstance(degree, (int, np.integer)) and not isinstance(degree, bool):
            if degree < 0:
                raise ValueError(f"degree must be a non-negative integer, got {degree}.")
            return 0, int(degree)
        if isinstance(degree, tuple) and len(degree) == 2:
            low, high = degree
            if all(isinstance(d, (int, np.integer)) for d in degree) and 0 <= low <= high:
                return int(low), int(high)
        raise ValueError("degree must be a non-negative int or tuple (min_degree, max_degree) with "
                         f"0 <= min_degree <= max_degree, got {degree!r}.")

    def _combinations(self, n_features: int, low: int, high: int):
        comb = combinations if self.interaction_only else combinations_with_replacement
        start = max(1, low)
        combos = chain.from_iterable(comb(range(n_features), d) for d in range(start, high + 1))
        if self.include_bias or (low == 0 and high == 0):
            combos = chain([()], combos) if self.include_bias else combos
        return list(combos)

    def fit(self, X, y=None) -> "PolynomialFeatures":
        low, high = self._degrees()
        if self.order not in ("C", "F"):
            raise ValueError(f"order must be 'C' or 'F', got {self.order!r}.")
        X = validate_data(self, X, reset=True, dtype=[np.float64, np.float32])
        if high == 0 and not self.include_bias:
            raise ValueError("Setting degree to zero and include_bias to False would result in an "
                             "empty output array.")
        combos = self._combinations(X.shape[1], low, high)
        powers = np.zeros((len(combos), X.shape[1]), dtype=np.int64)
        for row, combo in enumerate(combos):
            np.add.at(powers[row], list(combo), 1)
        self._combos = combos
        self.powers_ = powers
        self.n_output_features_ = len(combos)
        return self

    def transform(self, X) -> np.ndarray:
        """Column i of the output is ∏ⱼ xⱼ^powers_[i, j], built degree by degree from the previous one."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        out = np.empty((X.shape[0], self.n_output_features_), dtype=X.dtype, order=self.order)
        column_of = {combo: i for i, combo in enumerate(self._combos)}
        for i, combo in enumerate(self._combos):
            if not combo:
                out[:, i] = 1
            elif len(combo) == 1:
                out[:, i] = X[:, combo[0]]
            elif combo[:-1] in column_of:
                # reuse the monomial one degree lower: x^p = x^(p − e_j) · x_j
                np.multiply(out[:, column_of[combo[:-1]]], X[:, combo[-1]], out=out[:, i])
            else:
                out[:, i] = np.prod(X[:, list(combo)], axis=1)
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names such as '1', 'x0', 'x0^2', 'x0 x1'."""
        names = input_feature_names(self, input_features)
        out = []
        for row in self.powers_:
            nonzero = np.flatnonzero(row)
            if len(nonzero) == 0:
                out.append("1")
            else:
                out.append(" ".join(names[j] if row[j] == 1 else f"{names[j]}^{row[j]}" for j in nonzero))
        return np.asarray(out, dtype=object)

    def _tag_overrides(self):
        return {"preserves_dtype": ["float64", "float32"]}
