"""Ridge regression: least squares with an L2 penalty that shrinks the weights."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, RegressorMixin
from glassnet.linear_model._base import (LinearModel, check_choice, preprocess_data, rescale_by_weights,
                                         sample_weight_or_none)
from glassnet.linear_model._nnls import nnls_gram
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
        keep = s > s.max(initial=0.0) * 1e-15
        factors = np.where(keep[:, None], s[:, None] / (s[:, None] ** 2 + alphas[None, :]), 0.0)
        return Vt.T @ (factors * UtY)
    try:
        return _cholesky_solve(X, Y, alphas)
    except np.linalg.LinAlgError:             # singular (α = 0, collinear X): as scikit-learn, fall back to SVD
        return ridge_solve(X, Y, alphas, "svd")


def _cholesky_solve(X: np.ndarray, Y: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """(XᵀX + αI) w = Xᵀy by a direct solve (the n×n dual system when d > n)."""
    n, d = X.shape
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


SOLVERS = ("auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


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
    solver : {'auto', 'cholesky', 'svd', 'lsqr', 'sparse_cg', 'sag', 'saga', 'lbfgs'}, default='auto'
        'auto' is 'cholesky' (the direct solve of the regularised normal equation); 'svd' factors X.
        scikit-learn's iterative solvers ('lsqr', 'sparse_cg', 'sag', 'saga', 'lbfgs') approach the
        same unique minimum; glassnet solves it directly for those names too, so ``max_iter``,
        ``tol`` and ``random_state`` (their settings) are accepted and have no effect.
    positive : bool, default=False
        Constrain every weight to be ≥ 0: minimise ‖y − Xw‖² + α‖w‖² over w ≥ 0 by Lawson and
        Hanson's active set (``_nnls.py``), on (XᵀX + αI, Xᵀy). As in scikit-learn, only with
        solver 'auto' or 'lbfgs'.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : None
        glassnet solves each target directly, as scikit-learn's direct solvers, which also give None.
    """

    def __init__(self, alpha=1.0, *, fit_intercept: bool = True, copy_X: bool = True, max_iter=None,
                 tol: float = 1e-4, solver: str = "auto", positive: bool = False, random_state=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None) -> "Ridge":
        check_choice(self.solver, "solver", SOLVERS)
        if self.positive and self.solver not in ("auto", "lbfgs"):
            raise ValueError(f"solver='{self.solver}' does not support positive fitting. Please set the "
                             "solver to 'auto' or 'lbfgs'.")
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
        if self.positive:
            gram, XtY = X.T @ X, X.T @ Y
            W = np.column_stack([nnls_gram(gram + alpha * np.eye(X.shape[1]), XtY[:, t])
                                 for t, alpha in enumerate(alphas)])
        else:
            W = ridge_solve(X, Y, alphas, "svd" if self.solver == "svd" else "cholesky")
        if y.ndim == 1:
            self.coef_ = W[:, 0]
            y_offset = float(y_offset[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = W.T
        self._set_intercept(X_offset, y_offset)
        self.n_iter_ = None                   # as scikit-learn's direct solvers: no iterations to count
        return check_fitted_finite(self, "coef_", "intercept_")

    def _tag_overrides(self):
        return {"multi_output": True}
