"""Sequential minimal optimisation (SMO) of the SVM dual, as libsvm solves it.

The dual of every SVM here has the form

    min_α  f(α) = ½ αᵀQα + pᵀα    subject to  yᵀα = const,  0 ≤ α_t ≤ C_t,   y_t ∈ {−1, +1}

(C-SVC: Q_ts = y_t y_s k(x_t, x_s), p = −1; ε-SVR: 2n variables, see ``SVR``). SMO changes two
variables at a time, the smallest step that keeps yᵀα fixed, and solves that two-variable
problem exactly. The gradient G = Qα + p is kept up to date: G ← G + ΔαᵢQᵢ + ΔαⱼQⱼ.

Working-set selection (Fan, Chen & Lin 2005, "second order", libsvm's WSS 3):

    i = argmax { −y_t G_t : t ∈ I_up },                     I_up = {α_t < C_t, y_t = 1} ∪ {α_t > 0, y_t = −1}
    j = argmin { −b_ts² / a_ts : t ∈ I_low, −y_t G_t < −y_i G_i },
        b = −y_i G_i + y_t G_t,  a = Q_ii + Q_tt − 2 y_i y_t Q_it    (I_low the mirror set)

i is the most violating variable; j the partner that decreases f the most in a two-variable
step (a second-order estimate). Stop when  max_{I_up} −yG − min_{I_low} −yG < ``tol`` (the
KKT conditions hold to tol). The offset is ρ = mean of y_t G_t over free variables
(0 < α_t < C_t), or the middle of the feasible interval when none is free; the decision
function is Σ α_t y_t k(x_t, x) − ρ.

Rows of Q come from ``q_row(t)``, which the callers back with a kernel cache.
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.exceptions import ConvergenceWarning

_TAU = 1e-12


def _two_variable_step(i, j, y, alpha, G, C, Q_ii, Q_jj, Q_ij):
    """Solve the two-variable sub-problem exactly, clipped to the box; return (new αᵢ, new αⱼ)."""
    a_i, a_j = alpha[i], alpha[j]
    if y[i] != y[j]:                                  # αᵢ − αⱼ stays fixed
        quad = max(Q_ii + Q_jj + 2.0 * Q_ij, _TAU)
        delta = (-G[i] - G[j]) / quad
        diff = a_i - a_j
        a_i += delta
        a_j += delta
        if diff > 0 and a_j < 0:
            a_j, a_i = 0.0, diff
        elif diff <= 0 and a_i < 0:
            a_i, a_j = 0.0, -diff
        if diff > C[i] - C[j] and a_i > C[i]:
            a_i, a_j = C[i], C[i] - diff
        elif diff <= C[i] - C[j] and a_j > C[j]:
            a_j, a_i = C[j], C[j] + diff
    else:                                             # αᵢ + αⱼ stays fixed
        quad = max(Q_ii + Q_jj - 2.0 * Q_ij, _TAU)
        delta = (G[i] - G[j]) / quad
        total = a_i + a_j
        a_i -= delta
        a_j += delta
        if total > C[i] and a_i > C[i]:
            a_i, a_j = C[i], total - C[i]
        elif total <= C[i] and a_j < 0:
            a_j, a_i = 0.0, total
        if total > C[j] and a_j > C[j]:
            a_j, a_i = C[j], total - C[j]
        elif total <= C[j] and a_i < 0:
            a_i, a_j = 0.0, total
    return a_i, a_j


def smo(q_row, Q_diag: np.ndarray, p: np.ndarray, y: np.ndarray, C: np.ndarray, *, tol: float = 1e-3,
        max_iter: int = -1, alpha: np.ndarray | None = None):
    """Minimise ½αᵀQα + pᵀα over the box with yᵀα fixed; returns (α, ρ, iterations)."""
    m = len(p)
    alpha = np.zeros(m) if alpha is None else alpha.astype(np.float64, copy=True)
    G = p.astype(np.float64, copy=True)
    for t in np.flatnonzero(alpha):
        G += alpha[t] * q_row(t)
    positive = y > 0
    limit = max_iter if max_iter is not None and max_iter > 0 else max(10_000_000, 100 * m)
    it = 0
    while it < limit:
        minus_yG = -y * G
        below_C, above_0 = alpha < C, alpha > 0
        up = np.where(positive, below_C, above_0)
        low = np.where(positive, above_0, below_C)
        score_up = np.where(up, minus_yG, -np.inf)
        i = int(np.argmax(score_up))
        g_max = score_up[i]
        g_min = np.min(minus_yG, where=low, initial=np.inf)
        if g_max - g_min < tol or not np.isfinite(g_max):
            break
        Q_i = q_row(i)
        b = g_max - minus_yG                          # > 0 where t would move with i
        a = Q_diag[i] + Q_diag - 2.0 * y[i] * y * Q_i
        np.maximum(a, _TAU, out=a)
        gain = np.where(low & (b > 0), -(b * b) / a, np.inf)
        j = int(np.argmin(gain))
        if not np.isfinite(gain[j]):
            break
        Q_j = q_row(j)
        old_i, old_j = alpha[i], alpha[j]
        alpha[i], alpha[j] = _two_variable_step(i, j, y, alpha, G, C, Q_diag[i], Q_diag[j], Q_i[j])
        G += (alpha[i] - old_i) * Q_i
        G += (alpha[j] - old_j) * Q_j
        it += 1
    else:
        warnings.warn(f"Solver terminated early (max_iter={max_iter}). Consider pre-processing your "
                      "data with StandardScaler or MinMaxScaler.", ConvergenceWarning, stacklevel=3)
    return alpha, _offset(alpha, G, y, C), it


def _offset(alpha, G, y, C) -> float:
    """ρ: the mean of y_t G_t over free variables, else the middle of the interval the bounds allow."""
    yG = y * G
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return float(yG[free].mean())
    at_upper = alpha >= C
    # a variable at a bound limits ρ from one side, depending on its label and which bound
    upper_side = np.where(at_upper, y < 0, y > 0)      # these give ρ ≤ y_t G_t
    ub = np.min(yG, where=upper_side, initial=np.inf)
    lb = np.max(yG, where=~upper_side, initial=-np.inf)
    return float((ub + lb) / 2)


class KernelRows:
    """Rows of the kernel matrix of the training set, computed once and kept.

    When the whole n × n matrix fits in ``cache_size`` MB it is computed at once (one BLAS
    product); otherwise rows are computed when SMO asks for them and the least recently used
    are dropped.
    """

    def __init__(self, X: np.ndarray, kernel_fn, cache_size: float = 200.0):
        self.X = X
        self.kernel_fn = kernel_fn
        n = X.shape[0]
        self.capacity = max(2, int(cache_size * 2**20 // (8 * max(n, 1))))
        self.full = kernel_fn(X, X) if self.capacity >= n else None
        self.rows: dict[int, np.ndarray] = {}

    def __call__(self, t: int) -> np.ndarray:
        if self.full is not None:
            return self.full[t]
        row = self.rows.pop(t, None)
        if row is None:
            row = self.kernel_fn(self.X[t:t + 1], self.X)[0]
            if len(self.rows) >= self.capacity:
                self.rows.pop(next(iter(self.rows)))
        self.rows[t] = row                           # re-inserted: now the most recent
        return row
