"""Ordinary least squares, solved exactly or by gradient descent."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, RegressorMixin
from glassnet.linear_model._base import LinearModel, check_choice, check_positive_number, sample_weight_or_none
from glassnet.linear_model._nnls import nnls_gram
from glassnet.utils.threads import one_blas_thread
from glassnet.utils.validation import check_random_state, validate_data
from glassnet.utils.overflow import check_fitted_finite, finite_outputs, linalg_errors_explained


# rows per block of the blocked QR: a block of [X | y] with ~20 columns (~700 KB) stays in the
# CPU cache while LAPACK's Householder steps sweep it once per column. Measured (CPU time, one
# thread, 100 000 x 21): one QR of the whole 26 ms; blocks of 1024 rows 20 ms, 4096 rows 19 ms
_QR_BLOCK_ROWS = 4096


def blocked_r_factor(blocks) -> np.ndarray:
    """R of the tall matrix A = [A₁; A₂; …] given block by block (TSQR, "tall-skinny QR").

    With A_b = Q_b R_b for every block, A = diag(Q_1, Q_2, …) · [R_1; R_2; …], and the QR of that
    small stack, [R_1; R_2; …] = Q′R, gives A = (diag(Q_b) Q′) R: a QR of A whose R is the one a
    QR of A at once would give (up to the signs of its rows), as backward stable. LAPACK's QR of a
    matrix with few columns sweeps all of it once per column (unblocked Householder); a block
    is swept while it stays in the CPU cache, so A is read from memory only once.
    The blocks may share one buffer: each is factorised before the next is asked for.
    """
    factors = [np.linalg.qr(block, mode="r") for block in blocks]
    return factors[0] if len(factors) == 1 else np.linalg.qr(np.vstack(factors), mode="r")


def solve_from_r(R: np.ndarray, n_features: int, rcond: float):
    """θ = argmin ‖Xθ − Y‖² from the R factor of the augmented A = [X | Y] = Q·[[R_X, Qᵀy], [0, r]]:
    the small triangular system R_X θ = Qᵀy (QR is backward stable: the error grows with cond(X),
    not with cond(X)² as with inv(XᵀX)). The singular values of X are those of R_X; the cut-off
    is that of ``scipy.linalg.lstsq(cond=rcond)``.

    Returns (θ of shape (n_features, n_targets), rank, singular values of X), or None when some
    singular value of X (those of R_X) falls below ``rcond``·σ_max: X is then rank-deficient or so
    ill-conditioned that those directions are noise, and the triangular solve would amplify them.
    """
    d = n_features
    singular = np.linalg.svd(R[:d, :d], compute_uv=False)
    rank = int(np.sum(singular > rcond * singular.max(initial=0.0)))
    if rank < d:
        return None
    return np.linalg.solve(R[:d, :d], R[:d, d:]), rank, singular


def lstsq_min_norm(A: np.ndarray, n_features: int, rcond: float):
    """The minimum-norm least-squares θ of A = [X | Y] by LAPACK's SVD solver ``gelsd``, singular
    values of X below ``rcond``·σ_max dropped: (θ, rank, singular values of X)."""
    theta, _, rank, singular = np.linalg.lstsq(A[:, :n_features], A[:, n_features:], rcond=rcond)
    return theta, int(rank), singular


@finite_outputs
class LinearRegression(RegressorMixin, LinearModel, BaseEstimator):
    """Least squares: θ = argmin ‖Xθ − y‖², solved by the normal equation or by gradient descent.

    The model is ŷ = X·w + b. With J(θ) = (1/2n) ‖Xθ − y‖² (θ = (w, b)):

    - ``solver='normal'`` (exact, scikit-learn's): the normal equation XᵀX θ = Xᵀy, solved as a
      least-squares problem on centred data by Householder QR, block by block (SVD-based ``lstsq`` when X is
      rank-deficient or ill-conditioned), never by forming (XᵀX)⁻¹, whose condition number is
      the square of X's (see :func:`blocked_r_factor` and :func:`solve_from_r`). As in scikit-learn, singular values
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
        QR factorises centred blocks of [X | y] written into a buffer of its own.
    solver : {'normal', 'gd', 'sgd'}, default='normal'
    learning_rate : float, default=0.01
        η, the step size of the descent solvers.
    tol : float, default=1e-6
        scikit-learn's meaning: the relative cut-off of the exact solver; singular values of the
        centred X below tol·σ_max count as zero.
    n_jobs : int or None, default=None
        Accepted for scikit-learn compatibility (the dense solver runs LAPACK's QR block by block
        in one BLAS thread).
    positive : bool, default=False
        Constrain every weight to be ≥ 0 (non-negative least squares, Lawson and Hanson's active
        set in ``_nnls.py``, on the centred data); solver 'normal' only.
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
                 n_jobs=None, positive: bool = False, solver: str = "normal", learning_rate: float = 0.01, gd_tol: float = 1e-8,
                 max_iter: int = 1000, batch_size: int | None = None, shuffle: bool = True,
                 random_state=None, record_path: bool = False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive
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
        if self.positive and self.solver != "normal":
            raise ValueError(f"positive=True is solved by non-negative least squares, with solver='normal' "
                             f"only; got solver={self.solver!r}.")
        with linalg_errors_explained(self):
            if self.positive:
                self._fit_positive(X, y, sw)
            elif self.solver == "normal":
                self._fit_normal(X, y, sw)
            else:
                self._fit_descent(X, y, sw)
        return check_fitted_finite(self, "coef_", "intercept_")

    def _centring(self, X, y, sw):
        """Y as columns, the (weighted) means of X and Y (zeros without an intercept), and √w."""
        Y = y.reshape(X.shape[0], -1)
        if self.fit_intercept:
            X_offset = np.average(X, axis=0, weights=sw)
            y_offset = np.average(Y, axis=0, weights=sw)
        else:
            X_offset, y_offset = np.zeros(X.shape[1]), np.zeros(Y.shape[1])
        root_w = None if sw is None else np.sqrt(sw)          # Σ wᵢ rᵢ² = ‖√w ⊙ r‖²
        return Y, X_offset, y_offset, root_w

    def _store_solution(self, theta, y, X_offset, y_offset):
        """coef_ from θ (one column per target) and the intercept b = ȳ − x̄·w."""
        if y.ndim == 1:
            self.coef_ = theta[:, 0]
            y_offset = float(y_offset[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = theta.T
        self._set_intercept(X_offset, y_offset)
        self.n_iter_ = 1

    def _fit_normal(self, X, y, sw):
        n, d = X.shape
        Y, X_offset, y_offset, root_w = self._centring(X, y, sw)
        check_positive_number(self.tol, "tol", allow_zero=True)
        blocks = _centred_blocks(X, Y, X_offset, y_offset, root_w, _QR_BLOCK_ROWS)
        if n >= d:
            # many small LAPACK calls: OpenBLAS helper threads would only spin between them (on a
            # busy machine each call then waits for a core: seconds instead of milliseconds)
            with one_blas_thread():
                solved = solve_from_r(blocked_r_factor(blocks), d, self.tol)
        else:
            solved = None
        if solved is None:             # rank-deficient or wide X: the whole centred [X | Y] for gelsd
            A = next(_centred_blocks(X, Y, X_offset, y_offset, root_w, n))
            solved = lstsq_min_norm(A, d, self.tol)
        theta, self.rank_, self.singular_ = solved
        self._store_solution(theta, y, X_offset, y_offset)

    def _fit_positive(self, X, y, sw):
        """min ‖√w ⊙ (y − Xθ − b)‖² over θ ≥ 0: NNLS on the centred (and weighted) data."""
        n, d = X.shape
        Y, X_offset, y_offset, root_w = self._centring(X, y, sw)
        A = next(_centred_blocks(X, Y, X_offset, y_offset, root_w, n))      # [X | Y], centred
        gram, cross = A[:, :d].T @ A[:, :d], A[:, :d].T @ A[:, d:]
        theta = np.column_stack([nnls_gram(gram, cross[:, t]) for t in range(Y.shape[1])])
        self._store_solution(theta, y, X_offset, y_offset)

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


def _centred_blocks(X, Y, X_offset, y_offset, root_w, rows: int):
    """The centred (and √w-weighted) [X − x̄ | Y − ȳ], ``rows`` rows at a time, in one reused buffer."""
    n, d = X.shape
    buffer = np.empty((min(rows, n), d + Y.shape[1]))
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        block = buffer[:stop - start]
        np.subtract(X[start:stop], X_offset, out=block[:, :d])
        np.subtract(Y[start:stop], y_offset, out=block[:, d:])
        if root_w is not None:
            block *= root_w[start:stop, None]
        yield block
