"""LinearSVC: a linear SVM with the squared hinge loss, trained in the primal by Newton's method.

The problem (liblinear's L2-regularised L2-loss SVM, the default of scikit-learn's LinearSVC):

    min_w  f(w) = ½‖w‖² + Σ_i C_i max(0, 1 − y_i w·x̃_i)²,   x̃ = (x, intercept_scaling)

The intercept is the last weight times ``intercept_scaling``, so it is regularised too, as in
liblinear. f is convex with a continuous gradient, and quadratic on each side of every margin,
so a generalised Newton method converges in a few steps: with I = {i : y_i w·x̃_i < 1},

    ∇f = w + 2 Σ_{i∈I} C_i (w·x̃_i − y_i) x̃_i,     H = 1 + 2 Σ_{i∈I} C_i x̃_i x̃_iᵀ,

step d = −H⁻¹∇f, then a backtracking line search on f. It stops when
‖∇f‖ ≤ 0.01·tol·min(n₊, n₋)/n·‖∇f(0)‖: liblinear's rule made a hundred times stricter, which
costs Newton only a step or two and lands on the solution rather than near it.
The solution is unique, so it is liblinear's (to tol). Several classes: one-vs-rest.
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model._base import LinearClassifierMixin
from glassnet.svm._base import check_sample_weight_for_svm
from glassnet.utils.threads import one_blas_thread
from glassnet.utils.validation import check_classification_targets, check_random_state, validate_data


def squared_hinge_newton(X: np.ndarray, y: np.ndarray, C: np.ndarray, *, tol: float, max_iter: int):
    """Minimise ½‖w‖² + Σ C_i max(0, 1 − y_i w·x_i)² (y ∈ {−1, +1}); returns (w, iterations).

    The scores s = Xw are carried from step to step: a step w + t·d changes them by t·Xd, so each
    Newton step and its whole line search read X twice (Xd, and the active rows for H), not
    once per trial step.
    """
    w = np.zeros(X.shape[1])
    scores = np.zeros(X.shape[0])                # X·w

    def objective(w_, scores_):
        slack = np.maximum(0.0, 1.0 - y * scores_)
        return 0.5 * w_ @ w_ + np.sum(C * slack * slack)

    value = objective(w, scores)
    g0 = None
    n_pos = int(np.sum(y > 0))
    tol = 0.01 * tol * max(min(n_pos, len(y) - n_pos), 1) / len(y)
    for it in range(1, max_iter + 1):
        active = y * scores < 1
        root_C = np.sqrt(C[active])
        Z = X[active]
        Z *= root_C[:, None]                     # rows √C_i x_i: H − 1 = 2 ZᵀZ, one copy of the active rows
        grad = w + 2.0 * Z.T @ (root_C * (scores[active] - y[active]))
        norm = np.linalg.norm(grad)
        g0 = norm if g0 is None else g0
        if norm <= tol * max(g0, 1e-12):
            return w, it - 1
        H = 2.0 * (Z.T @ Z)
        H[np.diag_indices_from(H)] += 1.0
        step = -np.linalg.solve(H, grad)
        slope = grad @ step
        step_scores = X @ step
        t = 1.0
        while t > 1e-10:                       # backtracking: accept the first step that lowers f enough
            new_value = objective(w + t * step, scores + t * step_scores)
            if new_value <= value + 0.01 * t * slope:
                break
            t *= 0.5
        w = w + t * step
        scores = scores + t * step_scores
        value = new_value
    warnings.warn("Liblinear failed to converge, increase the number of iterations.", ConvergenceWarning,
                  stacklevel=3)
    return w, max_iter


class LinearSVC(LinearClassifierMixin, BaseEstimator):
    """Linear support vector classifier (see the module docstring); scale the features first.

    Supported: ``penalty='l2'`` with ``loss='squared_hinge'`` (scikit-learn's default); other
    combinations raise a ValueError that says so. ``dual`` is accepted (the primal is solved
    either way: the same unique solution).
    """

    def __init__(self, penalty: str = "l2", loss: str = "squared_hinge", *, dual="auto", tol: float = 1e-4,
                 C: float = 1.0, multi_class: str = "ovr", fit_intercept: bool = True, intercept_scaling: float = 1,
                 class_weight=None, verbose: int = 0, random_state=None, max_iter: int = 1000):
        self.penalty = penalty
        self.loss = loss
        self.dual = dual
        self.tol = tol
        self.C = C
        self.multi_class = multi_class
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.verbose = verbose
        self.random_state = random_state
        self.max_iter = max_iter

    def _check_params(self) -> None:
        if self.penalty != "l2" or self.loss != "squared_hinge":
            raise ValueError(f"glassnet's LinearSVC solves penalty='l2' with loss='squared_hinge' only; got "
                             f"penalty={self.penalty!r}, loss={self.loss!r}.")
        if self.multi_class != "ovr":
            raise ValueError(f"multi_class must be 'ovr' (crammer_singer is not implemented), got {self.multi_class!r}.")
        for name in ("C", "tol"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Real) or value <= 0:
                raise ValueError(f"{name} must be a number > 0, got {name}={value!r}.")
        if not isinstance(self.max_iter, numbers.Integral) or self.max_iter < 1:
            raise ValueError(f"max_iter must be an int >= 1, got max_iter={self.max_iter!r}.")

    def fit(self, X, y, sample_weight=None) -> "LinearSVC":
        self._check_params()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        # Newton needs no randomness, but scikit-learn's liblinear draws its seed here: a RandomState
        # shared with other code (train_test_split, ...) then advances alike and later splits agree
        check_random_state(self.random_state).randint(np.iinfo("i").max)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        if k < 2:
            raise ValueError(f"This solver needs samples of at least 2 classes in the data, but the data "
                             f"contains only one class: {self.classes_[0]!r}")
        C = float(self.C) * check_sample_weight_for_svm(sample_weight, len(y))
        if self.class_weight == "balanced":
            class_weight = len(y) / (k * np.bincount(y_idx))
        elif self.class_weight is not None:
            class_weight = np.array([dict(self.class_weight).get(c, 1.0) for c in self.classes_])
        else:
            class_weight = np.ones(k)
        Xa = np.hstack([X, np.full((len(X), 1), float(self.intercept_scaling))]) if self.fit_intercept else X
        problems = [1] if k == 2 else range(k)
        weights, iters = [], []
        with one_blas_thread():           # d × d products: BLAS helper threads would only spin
            for c in problems:
                # liblinear's weights: both classes' with two classes; one-vs-rest weighs the positives only
                C_c = C * (class_weight[y_idx] if k == 2 else np.where(y_idx == c, class_weight[c], 1.0))
                w, it = squared_hinge_newton(Xa, np.where(y_idx == c, 1.0, -1.0), C_c, tol=float(self.tol),
                                             max_iter=int(self.max_iter))
                weights.append(w)
                iters.append(it)
        W = np.array(weights)
        if self.fit_intercept:
            self.coef_, self.intercept_ = W[:, :-1], W[:, -1] * float(self.intercept_scaling)
        else:
            self.coef_, self.intercept_ = W, np.zeros(len(W))
        self.n_iter_ = int(max(iters))
        return self
