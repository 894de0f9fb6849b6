"""Logistic regression: a linear model of the log-odds, fitted by maximum likelihood."""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model._base import (LinearClassifierMixin, check_choice, check_positive_number,
                                         sample_weight_or_none)
from glassnet.linear_model._optimize import lbfgs, newton
from glassnet.linear_model._proximal import fista
from glassnet.utils.class_weight import compute_class_weight
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


SOLVERS = ("lbfgs", "newton", "newton-cg", "newton-cholesky", "sag", "saga", "liblinear")


class LogisticRegression(LinearClassifierMixin, BaseEstimator):
    """Logistic regression: P(y = 1 | x) = σ(w·x + b), σ(z) = 1 / (1 + e^(−z)); softmax for k > 2 classes.

    Fitted by minimising the mean cross-entropy plus an L2 penalty (the intercept is not penalised):

        J(W) = (1/n) Σᵢ −log P(yᵢ | xᵢ) + ‖W‖² / (2·C·n)

    Two classes: one weight vector, ∇J = (1/n) Xᵀ(σ(Xw + b) − y) + w/(Cn), Hessian (1/n) Xᵀ D X + I/(Cn)
    with D = diag(σ(1 − σ)). k > 2 classes: one weight vector per class (multinomial, softmax):
    P(k | x) = softmax(W x + b)ₖ, ∇J = (1/n) (P − Y)ᵀ X + W/(Cn), Y the one-hot labels.

    With an L1 part (``l1_ratio`` > 0, solvers 'saga' and 'liblinear'), the penalty becomes
    l1_ratio·‖W‖₁/(C·n) + (1 − l1_ratio)·‖W‖²/(2·C·n); ‖W‖₁ is not differentiable at 0, so glassnet
    minimises it by proximal gradient steps (FISTA, ``_proximal.py``), whose soft threshold sets
    weights to exactly 0: the sparse models of the L1 lecture.

    Parameters
    ----------
    penalty : {'l2', 'l1', 'elasticnet', None}, default='l2'
        scikit-learn 1.8 deprecates it in favour of ``l1_ratio`` (and ``C=np.inf`` for none); both
        spellings work here. 'elasticnet' takes its mix from ``l1_ratio``.
    C : float, default=1.0
        Inverse regularisation strength: smaller C, stronger shrinkage; ``np.inf``: no penalty.
    l1_ratio : float, default=0.0
        The share of L1 in the penalty: 0 is L2 (ridge), 1 is L1 (lasso), in between elastic net.
    dual : bool, default=False
        scikit-learn's liblinear can solve the L2 problem in its dual form; the optimum is the same,
        and glassnet always solves the primal. ``dual=True`` is accepted with liblinear and L2 only.
    tol : float, default=1e-4
        Stop when max |∇J| ≤ tol (with an L1 part: the gradient mapping, its proximal analogue).
    fit_intercept : bool, default=True
    intercept_scaling : float, default=1
        Solver 'liblinear' only: as in LIBLINEAR, the intercept is the weight of an extra feature
        of constant value ``intercept_scaling``, and it is penalised like every other weight.
    class_weight : dict, 'balanced' or None, default=None
        Multiplies each sample's weight by its class's weight ('balanced': n / (k·n_c)).
    random_state : int, RandomState or None, default=None
        Accepted for scikit-learn's signature: glassnet's solvers are deterministic and do not draw.
    solver : {'lbfgs', 'newton', 'newton-cg', 'newton-cholesky', 'sag', 'saga', 'liblinear'}, default='lbfgs'
        'lbfgs': limited-memory BFGS with an Armijo line search (both written in NumPy in
        ``_optimize.py``). 'newton' (also for scikit-learn's 'newton-cg' and 'newton-cholesky'):
        Newton's method / IRLS with the exact Hessian, few but costly iterations (the Hessian has
        (k·(d+1))² entries), best for few features. 'sag' and 'saga' reach the same optimum as
        scikit-learn's stochastic solvers, by L-BFGS for L2 and FISTA with an L1 part.
        'liblinear': LIBLINEAR's problem (two classes only, intercept penalised, see
        ``intercept_scaling``), solved by Newton for L2 and FISTA for L1.
    max_iter : int, default=100
        Iterations of the solver (each one pass over the data for L-BFGS and FISTA).
    verbose : int, default=0
        Accepted for scikit-learn's signature; nothing is printed.
    warm_start : bool, default=False
        Start from the previous solution.
    n_jobs : int or None, default=None
        Accepted for scikit-learn's signature (which ignores it too unless one-vs-rest); the
        products run on NumPy's BLAS threads.

    Not offered (scikit-learn has them): one-vs-rest for k > 2 (glassnet is always multinomial
    there, as scikit-learn is; wrap in ``OneVsRestClassifier`` for the other). For k > 2 and no L1
    part the fitted rows are centred (Σₖ wₖ = 0, Σₖ bₖ = 0), since softmax ignores a shift shared by
    all classes.

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

    def __init__(self, penalty="l2", *, C: float = 1.0, l1_ratio: float | None = 0.0, dual: bool = False,
                 tol: float = 1e-4, fit_intercept: bool = True, intercept_scaling: float = 1, class_weight=None,
                 random_state=None, solver: str = "lbfgs", max_iter: int = 100, verbose: int = 0,
                 warm_start: bool = False, n_jobs=None, record_path: bool = False):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.record_path = record_path

    def _l1_share(self) -> float | None:
        """The L1 share of the penalty (0 ridge … 1 lasso), or None when nothing is penalised."""
        check_choice(self.penalty, "penalty", ("l2", "l1", "elasticnet", None, "deprecated"))
        if self.penalty is None or self.C == np.inf:
            return None
        if self.penalty == "l1":
            return 1.0
        ratio = self.l1_ratio
        if self.penalty == "elasticnet" and ratio is None:
            raise ValueError("penalty='elasticnet' needs l1_ratio, a number between 0 and 1; got l1_ratio=None.")
        ratio = 0.0 if ratio is None else ratio
        if not isinstance(ratio, numbers.Real) or not 0 <= ratio <= 1:
            raise ValueError(f"The 'l1_ratio' parameter must be a number between 0 and 1, got {ratio!r}.")
        return float(ratio)

    def _check_solver(self, l1_share, n_classes) -> None:
        check_choice(self.solver, "solver", SOLVERS)
        if l1_share and self.solver not in ("saga", "liblinear"):
            raise ValueError(f"Solver {self.solver} supports only the 'l2' penalty or none (l1_ratio=0); got "
                             f"penalty={self.penalty!r}, l1_ratio={self.l1_ratio!r}. Use solver='saga' "
                             "(or 'liblinear' for pure L1).")
        if self.solver == "liblinear":
            if l1_share is None:
                raise ValueError("penalty=None (or C=inf) is not supported for the liblinear solver.")
            if 0 < l1_share < 1:
                raise ValueError("Only the 'saga' solver supports the elasticnet penalty, got solver='liblinear'.")
            if n_classes > 2:
                raise ValueError(f"The 'liblinear' solver handles two classes only; y has {n_classes}. Use "
                                 "another solver (multinomial) or OneVsRestClassifier(LogisticRegression("
                                 "solver='liblinear')).")
        if self.dual and not (self.solver == "liblinear" and l1_share == 0):
            raise ValueError(f"dual=True is only for solver='liblinear' with the L2 penalty; got "
                             f"solver={self.solver!r}, l1_ratio={l1_share}.")

    def fit(self, X, y, sample_weight=None) -> "LogisticRegression":
        l1_share = self._l1_share()
        if l1_share is None or self.C != np.inf:
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
        self._check_solver(l1_share, k)
        liblinear = self.solver == "liblinear"
        n, d = X.shape
        sw = sample_weight_or_none(sample_weight, X)
        sw = np.ones(n) if sw is None else sw
        sw = sw * compute_class_weight(self.class_weight, classes=self.classes_, y=y)[y_index]
        total = sw.sum()
        strength = 0.0 if l1_share is None else 1.0 / (self.C * total)
        l1 = strength * (l1_share or 0.0)
        l2 = strength - l1
        rows = 1 if k == 2 else k
        width = d + int(self.fit_intercept)
        scale = float(self.intercept_scaling) if liblinear else 1.0
        x0 = np.zeros(rows * width)
        previous = getattr(self, "coef_", None)
        if self.warm_start and previous is not None and previous.shape == (rows, d):
            start = np.hstack([previous, self.intercept_[:, None] / scale]) if self.fit_intercept else previous
            x0 = start.ravel().astype(np.float64)
        Xb = np.hstack([X, np.full((n, 1), scale)]) if self.fit_intercept else X
        penalised = np.ones(width)
        if self.fit_intercept and not liblinear:
            penalised[-1] = 0.0
        if k == 2:
            fun, hess = self._binary_objective(Xb, (y_index == 1).astype(np.float64), sw / total, l2, penalised)
        else:
            fun, hess = self._multinomial_objective(Xb, y_index, k, sw / total, l2, penalised)
        path = [x0.copy()] if self.record_path else None
        record = None if path is None else path.append
        if l1 > 0:
            theta, _, n_iter, converged = fista(fun, x0, l1 * np.tile(penalised, rows), max_iter=self.max_iter,
                                                tol=self.tol, callback=record)
        elif self.solver in ("newton", "newton-cg", "newton-cholesky", "liblinear"):
            theta, _, n_iter, converged = newton(fun, hess, x0, max_iter=self.max_iter, gtol=self.tol,
                                                 callback=record)
        else:
            theta, _, n_iter, converged = lbfgs(fun, x0, max_iter=self.max_iter, gtol=self.tol, callback=record)
        if path is not None:
            self.path_ = np.array(path)
        if not converged:
            warnings.warn(f"LogisticRegression(solver={self.solver!r}) did not converge in max_iter="
                          f"{self.max_iter} iterations. Increase max_iter or scale the data "
                          "(StandardScaler).", ConvergenceWarning, stacklevel=2)
        theta = theta.reshape(rows, width)
        if k > 2 and not l1:
            # softmax(z + c) = softmax(z): adding one vector to every class changes nothing, and the
            # intercepts are not penalised, so pick the solution whose rows sum to zero (the L2
            # optimum already has Σₖ wₖ = 0; without a penalty this is the smallest-norm one)
            theta -= theta.mean(axis=0, keepdims=True)
        self.coef_ = theta[:, :d].copy()
        self.intercept_ = scale * theta[:, d] if self.fit_intercept else np.zeros(rows)
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
