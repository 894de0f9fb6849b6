"""Ridge regression: least squares with an L2 penalty that shrinks the weights."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, RegressorMixin
from glassnet.linear_model._base import (LinearModel, check_choice, preprocess_data, rescale_by_weights,
                                         sample_weight_or_none)
from glassnet.utils.validation import validate_data
from glassnet.utils.overflow import check_fitted_finite, finite_outputs


def ridge_solve(X: np.ndarray, Y: np.ndarray, alphas: np.ndarray, solver: str) -> np.ndarray:
    """Solve (XᵀX + αI) w = Xᵀy for each column y of Y (and its α); returns W of shape (d, t).

    'cholesky' solves the d×d system, or when d > n the n×n dual one, w = Xᵀ(XXᵀ + αI)⁻¹y;
    'svd' uses X = U S Vᵀ: w = V diag(s / (s² + α)) Uᵀ y, stable even for α = 0 on a rank-deficient X.
    """
    n, d = X.shape
    if solver == "svd":
        U, s, Vt = np.linalg.svd(X, full_matrices=False)
        UtY = U.T @ Y
        keep = s > s.max() * 1e-15 if s.size else s > 0
        factors = np.where(keep[:, None], s[:, None] / (s[:, None] ** 2 + alphas[None, :]), 0.0)
        return Vt.T @ (factors * UtY)
    W = np.empty((d, Y.shape[1]))
    if d > n:
        gram = X @ X.T
        for t, alpha in enumerate(alphas):
            dual = np.linalg.solve(gram + alpha * np.eye(n), Y[:, t])
            W[:, t] = X.T @ dual
    else:
        gram, XtY = X.T @ X, X.T @ Y
        for t, alpha in enumerate(alphas):
            W[:, t] = np.linalg.solve(gram + alpha * np.eye(d), XtY[:, t])
    return W


@finite_outputs
class Ridge(RegressorMixin, LinearModel, BaseEstimator):
    """Ridge: w = argmin ‖y − Xw − b‖² + α‖w‖², i.e. (XᵀX + αI) w = Xᵀy on centred data.

    The penalty α‖w‖² pulls the weights towards 0: larger α, simpler model (more bias, less
    variance). The intercept b is not penalised. α = 0 is ordinary least squares.

    Parameters
    ----------
    alpha : float or array of shape (n_targets,), default=1.0
    fit_intercept : bool, default=True
    copy_X : bool, default=True
    solver : {'auto', 'cholesky', 'svd'}, default='auto'
        'auto' is 'cholesky' (the direct solve of the regularised normal equation). scikit-learn's
        iterative solvers ('sag', 'saga', 'lsqr', 'sparse_cg', 'lbfgs') and ``positive`` are not offered.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    """

    def __init__(self, alpha=1.0, *, fit_intercept: bool = True, copy_X: bool = True, solver: str = "auto"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.solver = solver

    def fit(self, X, y, sample_weight=None) -> "Ridge":
        check_choice(self.solver, "solver", ("auto", "cholesky", "svd"))
        X, y = validate_data(self, X, y, reset=True, multi_output=True, y_numeric=True, dtype=np.float64)
        y = y.astype(np.float64)
        Y = y.reshape(len(y), -1)
        alphas = np.asarray(self.alpha, dtype=np.float64).ravel()
        if alphas.size == 1:
            alphas = np.repeat(alphas, Y.shape[1])
        if alphas.size != Y.shape[1]:
            raise ValueError(f"Number of targets and number of penalties do not correspond: "
                             f"{alphas.size} != {Y.shape[1]}")
        if np.any(alphas < 0) or not np.all(np.isfinite(alphas)):
            raise ValueError(f"The 'alpha' parameter must be a finite number >= 0, got {self.alpha!r}.")
        sw = sample_weight_or_none(sample_weight, X)
        X, Y, X_offset, y_offset = preprocess_data(X, Y, self.fit_intercept, sw, copy=self.copy_X)
        if sw is not None:
            X, Y = rescale_by_weights(X, Y, sw)
        W = ridge_solve(X, Y, alphas, "svd" if self.solver == "svd" else "cholesky")
        if y.ndim == 1:
            self.coef_ = W[:, 0]
            y_offset = float(y_offset[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = W.T
        self._set_intercept(X_offset, y_offset)
        self.n_iter_ = None
        return check_fitted_finite(self, "coef_", "intercept_")

    def _tag_overrides(self):
        return {"multi_output": True}
