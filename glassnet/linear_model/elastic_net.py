"""Elastic net: least squares with an L1 + L2 penalty, fitted by coordinate descent."""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.base import BaseEstimator, RegressorMixin
from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model._base import (LinearModel, check_choice, check_positive_number, preprocess_data,
                                         rescale_by_weights, sample_weight_or_none)
from glassnet.utils.validation import check_random_state, validate_data
from glassnet.utils.overflow import check_fitted_finite, finite_outputs


def soft_threshold(z: float, gamma: float) -> float:
    """S(z, γ) = sign(z) · max(|z| − γ, 0): the proximal step of γ|w|, which sets small weights to exactly 0."""
    if z > gamma:
        return z - gamma
    if z < -gamma:
        return z + gamma
    return 0.0


def enet_coordinate_descent(w, X, y, l1_reg, l2_reg, max_iter, tol, rng, random_order, positive):
    """Minimise ½‖y − Xw‖² + l1_reg ‖w‖₁ + ½ l2_reg ‖w‖² one coordinate at a time.

    For coordinate j, with the residual R = y − Xw and ρⱼ = Xⱼ·R + ‖Xⱼ‖² wⱼ (the fit of Xⱼ to the
    residual without its own contribution): wⱼ ← S(ρⱼ, l1_reg) / (‖Xⱼ‖² + l2_reg).
    Stops when the duality gap is below tol·‖y‖² (a certificate that the objective is within that
    of its minimum). Returns w, the gap and the number of epochs.
    """
    n, d = X.shape
    col_norm2 = np.einsum("ij,ij->j", X, X)
    R = y - X @ w
    tol = tol * float(y @ y)
    gap = tol + 1.0
    for epoch in range(1, max_iter + 1):
        max_change, max_w = 0.0, 0.0
        order = rng.permutation(d) if random_order else range(d)
        for j in order:
            if col_norm2[j] == 0.0:
                continue
            w_old = w[j]
            Xj = X[:, j]
            rho = float(Xj @ R) + col_norm2[j] * w_old
            if positive and rho < 0:
                w_new = 0.0
            else:
                w_new = soft_threshold(rho, l1_reg) / (col_norm2[j] + l2_reg)
            if w_new != w_old:
                R -= (w_new - w_old) * Xj
                w[j] = w_new
            max_change = max(max_change, abs(w_new - w_old))
            max_w = max(max_w, abs(w_new))
        if max_w == 0.0 or max_change / max_w < tol or epoch == max_iter:
            gap = duality_gap(w, X, y, R, l1_reg, l2_reg, positive)
            if gap < tol:
                return w, gap, epoch
    return w, gap, max_iter


def duality_gap(w, X, y, R, l1_reg, l2_reg, positive) -> float:
    """Primal objective minus the value of the dual at the scaled residual (≥ 0, = 0 at the optimum)."""
    XtA = X.T @ R - l2_reg * w
    dual_norm = float(np.max(XtA)) if positive else float(np.max(np.abs(XtA))) if XtA.size else 0.0
    R_norm2, w_norm2 = float(R @ R), float(w @ w)
    if dual_norm > l1_reg:
        const = l1_reg / dual_norm
        gap = 0.5 * (R_norm2 + R_norm2 * const ** 2)
    else:
        const = 1.0
        gap = R_norm2
    gap += l1_reg * float(np.abs(w).sum()) - const * float(R @ y) + 0.5 * l2_reg * (1 + const ** 2) * w_norm2
    return gap


@finite_outputs
class ElasticNet(RegressorMixin, LinearModel, BaseEstimator):
    """Elastic net: w = argmin (1/2n)‖y − Xw − b‖² + α·ρ‖w‖₁ + ½α(1 − ρ)‖w‖², with ρ = ``l1_ratio``.

    ρ = 1 is the lasso (many weights exactly 0: feature selection), ρ = 0 is ridge. Fitted by
    cyclic coordinate descent with soft-thresholding (see :func:`enet_coordinate_descent`).

    Parameters
    ----------
    alpha : float, default=1.0
    l1_ratio : float in [0, 1], default=0.5
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Most passes over the coordinates.
    copy_X : bool, default=True
    tol : float, default=1e-4
        Stop when the duality gap is below tol · ‖y‖² (scikit-learn's rule).
    warm_start : bool, default=False
        Start from the previous ``coef_`` (useful along a path of decreasing α).
    positive : bool, default=False
        Force the weights to be ≥ 0.
    random_state : int, RandomState or None, default=None
        Used when ``selection='random'``.
    selection : {'cyclic', 'random'}, default='cyclic'

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
    dual_gap_ : float
        The final duality gap, divided by n like the objective.
    """

    def __init__(self, alpha: float = 1.0, *, l1_ratio: float = 0.5, fit_intercept: bool = True,
                 max_iter: int = 1000, copy_X: bool = True, tol: float = 1e-4, warm_start: bool = False,
                 positive: bool = False, random_state=None, selection: str = "cyclic"):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def fit(self, X, y, sample_weight=None, check_input: bool = True) -> "ElasticNet":
        check_positive_number(self.alpha, "alpha", allow_zero=True)
        if not (0 <= self.l1_ratio <= 1):
            raise ValueError(f"The 'l1_ratio' parameter must be a number in [0, 1], got {self.l1_ratio!r}.")
        check_positive_number(self.max_iter, "max_iter", integer=True)
        check_positive_number(self.tol, "tol", allow_zero=True)
        check_choice(self.selection, "selection", ("cyclic", "random"))
        X, y = validate_data(self, X, y, reset=True, y_numeric=True, dtype=np.float64)
        y = y.astype(np.float64)
        n = X.shape[0]
        sw = sample_weight_or_none(sample_weight, X)
        X, y_c, X_offset, y_offset = preprocess_data(X, y, self.fit_intercept, sw, copy=True)
        if sw is not None:
            # (1/2Σw) Σ wᵢ rᵢ²: rescale the weights to sum to n, then rows by √wᵢ
            X, y_c = rescale_by_weights(X, y_c, sw * (n / sw.sum()))
        X = np.asfortranarray(X)  # columns contiguous: the inner loop reads one column at a time
        if self.warm_start and getattr(self, "coef_", None) is not None and self.coef_.shape == (X.shape[1],):
            w = self.coef_.astype(np.float64).copy()
        else:
            w = np.zeros(X.shape[1])
        if self.alpha == 0:
            warnings.warn("With alpha=0 coordinate descent is plain least squares and converges slowly; "
                          "use LinearRegression.", UserWarning, stacklevel=2)
        l1_reg = self.alpha * self.l1_ratio * n
        l2_reg = self.alpha * (1.0 - self.l1_ratio) * n
        rng = check_random_state(self.random_state)
        w, gap, n_iter = enet_coordinate_descent(w, X, y_c, l1_reg, l2_reg, self.max_iter, self.tol, rng,
                                                 self.selection == "random", self.positive)
        if gap >= self.tol * float(y_c @ y_c) and n_iter == self.max_iter and float(y_c @ y_c) > 0:
            warnings.warn(f"Objective did not converge in max_iter={self.max_iter} passes (duality gap "
                          f"{gap:.3g}, tolerance {self.tol * float(y_c @ y_c):.3g}). Increase max_iter, "
                          "scale the features, or increase alpha.", ConvergenceWarning, stacklevel=2)
        self.coef_ = w
        self.dual_gap_ = gap / n
        self.n_iter_ = n_iter
        self._set_intercept(X_offset, y_offset)
        self.intercept_ = float(self.intercept_)
        return check_fitted_finite(self, "coef_", "intercept_")

    @property
    def sparse_coef_(self):
        """Dense here (glassnet has no sparse matrices): the same as ``coef_``."""
        return self.coef_
