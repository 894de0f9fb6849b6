"""Ordinary least squares, solved exactly or by gradient descent."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, RegressorMixin
from glassnet.linear_model._base import LinearModel, check_choice, check_positive_number, sample_weight_or_none
from glassnet.utils.validation import check_random_state, validate_data
from glassnet.utils.overflow import check_fitted_finite, finite_outputs, linalg_errors_explained


def solve_least_squares(A: np.ndarray, n_features: int, rcond: float):
    """θ = argmin ‖Xθ − Y‖² for the augmented matrix A = [X | Y], singular values below
    ``rcond``·σ_max of X counted as zero (the cut-off of ``scipy.linalg.lstsq(cond=rcond)``).

    Householder QR of A = Q·[[R, Qᵀy], [0, r]] gives R θ = Qᵀy, a small triangular system (QR is
    backward stable: the error grows with cond(X), not with cond(X)² as with inv(XᵀX)). The singular
    values of X are those of R. When some fall below the cut-off (X is rank-deficient, or so
    ill-conditioned that those directions are noise), the SVD-based LAPACK solver ``gelsd``
    (``np.linalg.lstsq``) drops them and returns the minimum-norm solution of what is left.
    Returns θ of shape (n_features, n_targets), the rank of X and its singular values.
    """
    n, d = A.shape[0], n_features
    if n >= d:
        R = np.linalg.qr(A, mode="r")
        singular = np.linalg.svd(R[:d, :d], compute_uv=False)
        rank = int(np.sum(singular > rcond * singular.max(initial=0.0)))
        if rank == d:                     # full rank (every singular value above the cut-off, so > 0)
            return np.linalg.solve(R[:d, :d], R[:d, d:]), rank, singular
    theta, _, rank, singular = np.linalg.lstsq(A[:, :d], A[:, d:], rcond=rcond)
    return theta, int(rank), singular


@finite_outputs
class LinearRegression(RegressorMixin, LinearModel, BaseEstimator):
    """Least squares: θ = argmin ‖Xθ − y‖², solved by the normal equation or by gradient descent.

    The model is ŷ = X·w + b. With J(θ) = (1/2n) ‖Xθ − y‖² (θ = (w, b)):

    - ``solver='normal'`` (exact, scikit-learn's): the normal equation XᵀX θ = Xᵀy, solved as a
      least-squares problem on centred data by Householder QR (SVD-based ``lstsq`` when X is
      rank-deficient or ill-conditioned), never by forming (XᵀX)⁻¹, whose condition number is
      the square of X's (see :func:`solve_least_squares`). As in scikit-learn, singular values
      of X below ``tol``·σ_max are treated as zero (the ``cond`` of ``scipy.linalg.lstsq``): on a
      degree-15 polynomial design this drops the directions that only fit noise.
    - ``solver='gd'``: gradient descent θ ← θ − η ∇J, ∇J = (1/m) Xᵦᵀ(Xᵦθ − yᵦ) over batches Xᵦ of
      ``batch_size`` rows: None = all n rows (full-batch / batch gradient descent),
      1 = online (stochastic) descent, anything between = mini-batch descent.
    - ``solver='sgd'``: the same, with the rows shuffled every epoch and ``batch_size=None`` meaning 1.

    Descent stops when ‖θ(t+1) − θ(t)‖² ≤ ``gd_tol`` (t counts epochs: one step for full batch,
    one pass over the data otherwise) or after ``max_iter`` epochs; the training loss J after
    each epoch is kept in ``loss_curve_``. Scale the features first (StandardScaler): with
    features of very different size no single learning rate suits them all.

    Parameters
    ----------
    fit_intercept : bool, default=True
    copy_X : bool, default=True
        Accepted for scikit-learn compatibility: X is never overwritten either way, because the
        QR factorises its own centred [X | y] matrix (one copy, which scikit-learn makes too).
    solver : {'normal', 'gd', 'sgd'}, default='normal'
    learning_rate : float, default=0.01
        η, the step size of the descent solvers.
    tol : float, default=1e-6
        scikit-learn's meaning: the relative cut-off of the exact solver; singular values of the
        centred X below tol·σ_max count as zero.
    n_jobs : int or None, default=None
        Accepted for scikit-learn compatibility (the dense solver is one LAPACK call; its threads
        are BLAS's).
    gd_tol : float, default=1e-8
        Stopping rule ‖θ(t+1) − θ(t)‖² ≤ gd_tol of the descent solvers.
    max_iter : int, default=1000
        Most epochs of the descent solvers.
    batch_size : int or None, default=None
    shuffle : bool, default=True
        Shuffle the rows every epoch (descent solvers with batches smaller than n).
    random_state : int, RandomState or None, default=None
    record_path : bool, default=False
        Keep every point θ the descent solvers visit in ``path_`` (to draw it on the loss
        landscape with ``glassnet.viz.plot_loss_landscape``).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    loss_curve_ : list of float
        J(θ) after each epoch (descent solvers only).
    n_iter_ : int
        Epochs run by the descent solvers; 1 for 'normal' (one exact solve).
    rank_, singular_ : rank (singular values above the cut-off) and singular values of the
        centred X ('normal' only).
    path_ : ndarray of shape (n_steps + 1, n_features + 1)
        With ``record_path=True`` and a descent solver: θ = (w₁, …, w_d, b) at the start (zeros)
        and after every update (one per batch); several targets give (w of each target…, b…).
    """

    def __init__(self, *, fit_intercept: bool = True, copy_X: bool = True, tol: float = 1e-6,
                 n_jobs=None, solver: str = "normal", learning_rate: float = 0.01, gd_tol: float = 1e-8,
                 max_iter: int = 1000, batch_size: int | None = None, shuffle: bool = True,
                 random_state=None, record_path: bool = False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.solver = solver
        self.learning_rate = learning_rate
        self.gd_tol = gd_tol
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.random_state = random_state
        self.record_path = record_path

    def fit(self, X, y, sample_weight=None) -> "LinearRegression":
        check_choice(self.solver, "solver", ("normal", "gd", "sgd"))
        X, y = validate_data(self, X, y, reset=True, multi_output=True, y_numeric=True,
                             dtype=np.float64)
        y = y.astype(np.float64)
        sw = sample_weight_or_none(sample_weight, X)
        with linalg_errors_explained(self):
            if self.solver == "normal":
                self._fit_normal(X, y, sw)
            else:
                self._fit_descent(X, y, sw)
        return check_fitted_finite(self, "coef_", "intercept_")

    def _fit_normal(self, X, y, sw):
        n, d = X.shape
        Y = y.reshape(n, -1)
        # one copy: the centred [X | Y] is written straight into the matrix the QR factorises
        A = np.empty((n, d + Y.shape[1]))
        if self.fit_intercept:
            X_offset = np.average(X, axis=0, weights=sw)
            y_offset = np.average(Y, axis=0, weights=sw)
        else:
            X_offset, y_offset = np.zeros(d), np.zeros(Y.shape[1])
        np.subtract(X, X_offset, out=A[:, :d])
        np.subtract(Y, y_offset, out=A[:, d:])
        if sw is not None:
            A *= np.sqrt(sw)[:, None]          # Σ wᵢ rᵢ² = ‖√w ⊙ r‖²
        check_positive_number(self.tol, "tol", allow_zero=True)
        theta, self.rank_, self.singular_ = solve_least_squares(A, d, rcond=self.tol)
        if y.ndim == 1:
            self.coef_ = theta[:, 0]
            y_offset = float(y_offset[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = theta.T
        self._set_intercept(X_offset, y_offset)
        self.n_iter_ = 1

    def _fit_descent(self, X, y, sw):
        check_positive_number(self.learning_rate, "learning_rate")
        check_positive_number(self.gd_tol, "gd_tol", allow_zero=True)
        check_positive_number(self.max_iter, "max_iter", integer=True)
        n = X.shape[0]
        if self.batch_size is None:
            batch = n if self.solver == "gd" else 1
        else:
            check_positive_number(self.batch_size, "batch_size", integer=True)
            batch = min(self.batch_size, n)
        rng = check_random_state(self.random_state)
        w = np.ones(n) if sw is None else sw * (n / sw.sum())
        Y = y.reshape(n, -1)
        coef = np.zeros((X.shape[1], Y.shape[1]))
        bias = np.zeros(Y.shape[1])
        eta = self.learning_rate
        self.loss_curve_ = []
        self.n_iter_ = 0
        start_loss = float(0.5 * np.sum(w[:, None] * Y ** 2) / n)     # J at θ = 0
        path = [np.concatenate([coef.T.ravel(), bias])] if self.record_path else None
        for epoch in range(1, self.max_iter + 1):
            old_coef, old_bias = coef.copy(), bias.copy()
            order = rng.permutation(n) if (self.shuffle or self.solver == "sgd") and batch < n else np.arange(n)
            for start in range(0, n, batch):
                rows = order[start:start + batch]
                Xb, wb = X[rows], w[rows, None]
                residual = (Xb @ coef + bias - Y[rows]) * wb      # (Xᵦθ − yᵦ), weighted
                m = wb.sum()
                coef -= eta / m * (Xb.T @ residual)                # θ ← θ − η (1/m) Xᵦᵀ(Xᵦθ − yᵦ)
                if self.fit_intercept:
                    bias -= eta / m * residual.sum(axis=0)
                if path is not None:
                    path.append(np.concatenate([coef.T.ravel(), bias]))
            loss = float(0.5 * np.sum(w[:, None] * (X @ coef + bias - Y) ** 2) / n)
            self.loss_curve_.append(loss)
            self.n_iter_ = epoch
            if not np.isfinite(loss) or loss > 1e4 * max(start_loss, 1e-12):
                raise ValueError(
                    f"LinearRegression(solver={self.solver!r}) diverged at epoch {epoch}: the loss grew to "
                    f"{loss:.3g}. Try a smaller learning_rate (now {eta}) or scale the features with "
                    "StandardScaler.")
            step = float(np.sum((coef - old_coef) ** 2) + np.sum((bias - old_bias) ** 2))
            if step <= self.gd_tol:                                    # ‖θ(t+1) − θ(t)‖² ≤ ε
                break
        else:
            import warnings
            from glassnet.exceptions import ConvergenceWarning
            warnings.warn(f"LinearRegression(solver={self.solver!r}) stopped after max_iter={self.max_iter} "
                          "epochs before ‖θ(t+1) − θ(t)‖² ≤ gd_tol; raise max_iter or learning_rate.",
                          ConvergenceWarning, stacklevel=3)
        if path is not None:
            self.path_ = np.array(path)
        if y.ndim == 1:
            self.coef_, self.intercept_ = coef[:, 0], float(bias[0])
        else:
            self.coef_, self.intercept_ = coef.T, bias

    def _tag_overrides(self):
        return {"multi_output": True}
