"""Logistic regression: a linear model of the log-odds, fitted by maximum likelihood."""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model._base import (LinearClassifierMixin, check_choice, check_positive_number,
                                         sample_weight_or_none)
from glassnet.linear_model._optimize import lbfgs, newton
from glassnet.utils.validation import check_classification_targets, validate_data


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|."""
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def softmax(Z: np.ndarray) -> np.ndarray:
    """softmax(z)ₖ = e^(zₖ − max z) / Σⱼ e^(zⱼ − max z)."""
    Z = Z - Z.max(axis=1, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=1, keepdims=True)
    return Z


class LogisticRegression(LinearClassifierMixin, BaseEstimator):
    """Logistic regression: P(y = 1 | x) = σ(w·x + b), σ(z) = 1 / (1 + e^(−z)); softmax for k > 2 classes.

    Fitted by minimising the mean cross-entropy plus an L2 penalty (the intercept is not penalised):

        J(W) = (1/n) Σᵢ −log P(yᵢ | xᵢ) + ‖W‖² / (2·C·n)

    Two classes: one weight vector, ∇J = (1/n) Xᵀ(σ(Xw + b) − y) + w/(Cn), Hessian (1/n) Xᵀ D X + I/(Cn)
    with D = diag(σ(1 − σ)). k > 2 classes: one weight vector per class (multinomial, softmax):
    P(k | x) = softmax(W x + b)ₖ, ∇J = (1/n) (P − Y)ᵀ X + W/(Cn), Y the one-hot labels.

    Parameters
    ----------
    penalty : {'l2', None}, default='l2'
    C : float, default=1.0
        Inverse regularisation strength: smaller C, stronger shrinkage.
    fit_intercept : bool, default=True
    tol : float, default=1e-4
        Stop when max |∇J| ≤ tol.
    max_iter : int, default=100
    solver : {'lbfgs', 'newton'}, default='lbfgs'
        'lbfgs': limited-memory BFGS with an Armijo line search (both written in NumPy in
        ``_optimize.py``). 'newton': Newton's method / IRLS with the exact Hessian, few but costly
        iterations (the Hessian has (k·(d+1))² entries), best for few features.
    warm_start : bool, default=False
        Start from the previous solution.

    Not offered (scikit-learn has them): penalties 'l1' and 'elasticnet', ``class_weight``, ``n_jobs``,
    ``dual``, ``intercept_scaling``, one-vs-rest for k > 2 (glassnet is always multinomial there, as
    scikit-learn is by default). For k > 2 the fitted rows are centred (Σₖ wₖ = 0, Σₖ bₖ = 0), since
    softmax ignores a shift shared by all classes.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) for two classes, (n_classes, n_features) otherwise
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (1,)
    path_ : ndarray of shape (n_iter + 1, n_rows · (n_features + 1)), with ``record_path=True``
        Every iterate of the solver, from the start: for two classes θ = (w₁, …, w_d, b); for k
        classes the k rows (w, b) one after another, before the final centring.
    """

    def __init__(self, penalty="l2", *, C: float = 1.0, fit_intercept: bool = True, tol: float = 1e-4,
                 max_iter: int = 100, solver: str = "lbfgs", warm_start: bool = False, record_path: bool = False):
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.warm_start = warm_start
        self.record_path = record_path

    def fit(self, X, y, sample_weight=None) -> "LogisticRegression":
        check_choice(self.penalty, "penalty", ("l2", None))
        check_choice(self.solver, "solver", ("lbfgs", "newton"))
        check_positive_number(self.C, "C")
        check_positive_number(self.tol, "tol", allow_zero=True)
        check_positive_number(self.max_iter, "max_iter", integer=True)
        X, y = validate_data(self, X, y, reset=True, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        if k < 2:
            raise ValueError(f"This solver needs samples of at least 2 classes in the data, but the data "
                             f"contains only one class: {self.classes_[0]!r}")
        n, d = X.shape
        sw = sample_weight_or_none(sample_weight, X)
        sw = np.ones(n) if sw is None else sw
        total = sw.sum()
        l2 = 0.0 if self.penalty is None else 1.0 / (self.C * total)
        rows = 1 if k == 2 else k
        width = d + int(self.fit_intercept)
        x0 = np.zeros(rows * width)
        previous = getattr(self, "coef_", None)
        if self.warm_start and previous is not None and previous.shape == (rows, d):
            start = np.hstack([previous, self.intercept_[:, None]]) if self.fit_intercept else previous
            x0 = start.ravel().astype(np.float64)
        Xb = np.hstack([X, np.ones((n, 1))]) if self.fit_intercept else X
        penalised = np.ones(width)
        if self.fit_intercept:
            penalised[-1] = 0.0
        if k == 2:
            fun, hess = self._binary_objective(Xb, (y_index == 1).astype(np.float64), sw / total, l2, penalised)
        else:
            fun, hess = self._multinomial_objective(Xb, y_index, k, sw / total, l2, penalised)
        optimiser = lbfgs if self.solver == "lbfgs" else (lambda f, x, **kw: newton(f, hess, x, **kw))
        path = [x0.copy()] if self.record_path else None
        theta, _, n_iter, converged = optimiser(fun, x0, max_iter=self.max_iter, gtol=self.tol,
                                                callback=None if path is None else path.append)
        if path is not None:
            self.path_ = np.array(path)
        if not converged:
            warnings.warn(f"LogisticRegression(solver={self.solver!r}) did not converge in max_iter="
                          f"{self.max_iter} iterations. Increase max_iter or scale the data "
                          "(StandardScaler).", ConvergenceWarning, stacklevel=2)
        theta = theta.reshape(rows, width)
        if k > 2:
            # softmax(z + c) = softmax(z): adding one vector to every class changes nothing, and the
            # intercepts are not penalised, so pick the solution whose rows sum to zero (the L2
            # optimum already has Σₖ wₖ = 0; without a penalty this is the smallest-norm one)
            theta -= theta.mean(axis=0, keepdims=True)
        self.coef_ = theta[:, :d].copy()
        self.intercept_ = theta[:, d].copy() if self.fit_intercept else np.zeros(rows)
        self.n_iter_ = np.array([n_iter])
        return self

    @staticmethod
    def _binary_objective(X, y, weight, l2, penalised):
        """J(w) = Σᵢ vᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + ½ l2 ‖w‖², z = Xw, v the normalised sample weights."""
        def fun(w):
            z = X @ w
            loss = float(weight @ (np.logaddexp(0.0, z) - y * z))
            pw = w * penalised
            grad = X.T @ (weight * (sigmoid(z) - y)) + l2 * pw
            return loss + 0.5 * l2 * float(pw @ pw), grad

        def hess(w):
            p = sigmoid(X @ w)
            H = (X * (weight * p * (1 - p))[:, None]).T @ X
            H[np.diag_indices_from(H)] += l2 * penalised
            return H
        return fun, hess

    @staticmethod
    def _multinomial_objective(X, y_index, k, weight, l2, penalised):
        """J(W) = Σᵢ vᵢ [logsumexp(Wxᵢ) − (Wxᵢ)_{yᵢ}] + ½ l2 ‖W‖²."""
        n, width = X.shape
        Y = np.zeros((n, k))
        Y[np.arange(n), y_index] = 1.0

        def fun(theta):
            W = theta.reshape(k, width)
            Z = X @ W.T
            z_max = Z.max(axis=1, keepdims=True)
            log_norm = z_max[:, 0] + np.log(np.exp(Z - z_max).sum(axis=1))
            loss = float(weight @ (log_norm - Z[np.arange(n), y_index]))
            P = np.exp(Z - log_norm[:, None])
            PW = W * penalised
            grad = (P - Y).T @ (X * weight[:, None]) + l2 * PW
            return loss + 0.5 * l2 * float(np.sum(PW * PW)), grad.ravel()

        def hess(theta):
            W = theta.reshape(k, width)
            P = softmax(X @ W.T)
            H = np.empty((k * width, k * width))
            for a in range(k):
                for b in range(a, k):
                    d = weight * P[:, a] * ((a == b) - P[:, b])
                    block = (X * d[:, None]).T @ X
                    H[a * width:(a + 1) * width, b * width:(b + 1) * width] = block
                    H[b * width:(b + 1) * width, a * width:(a + 1) * width] = block.T
            # softmax is unchanged by adding one vector to every row of W: without a penalty H is singular
            H[np.diag_indices_from(H)] += l2 * np.tile(penalised, k) + 1e-10
            return H
        return fun, hess

    def predict_proba(self, X) -> np.ndarray:
        """P(class | x): [1 − σ(s), σ(s)] for two classes, softmax(s) for more."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            p = sigmoid(scores)
            return np.column_stack([1 - p, p])
        return softmax(scores)

    def predict_log_proba(self, X) -> np.ndarray:
        return np.log(self.predict_proba(X))
