"""Sequential minimal optimisation (SMO) of the SVM dual, as libsvm solves it.

The dual of every SVM here has the form

    min_α  f(α) = ½ αᵀQα + pᵀα    subject to  yᵀα = const,  0 ≤ α_t ≤ C_t,   y_t ∈ {−1, +1}

with Q_ts = y_t y_s K_ts for a kernel matrix K (C-SVC: p = −1; ε-SVR: 2n variables, see
``SVR``). SMO changes two variables at a time, the smallest step that keeps yᵀα fixed, and
solves that two-variable problem exactly.

Working-set selection (Fan, Chen & Lin 2005, "second order", libsvm's WSS 3), written with
the score s_t = −y_t G_t of the gradient G = Qα + p:

    i = argmax { s_t : t ∈ I_up },                 I_up = {α_t < C_t, y_t = 1} ∪ {α_t > 0, y_t = −1}
    j = argmax { b_t² / a_it : t ∈ I_low, b_t > 0 },  b_t = s_i − s_t,  a_it = K_ii + K_tt − 2 K_it
                                                   (I_low the mirror set)

i is the most violating variable; j the partner that decreases f the most in a two-variable
step (a second-order estimate; a_it is also that step's curvature). Stop when
max_{I_up} s − min_{I_low} s < ``tol`` (the KKT conditions hold to tol). After the step,
s ← s − y_i Δα_i K_i − y_j Δα_j K_j (from G ← G + Δα_i Q_i + Δα_j Q_j, as y_t² = 1). The offset
is ρ = mean of y_t G_t over free variables (0 < α_t < C_t), or the middle of the feasible
interval when none is free; the decision function is Σ α_t y_t k(x_t, x) − ρ.

Speed: each iteration is a dozen whole-array NumPy operations written into buffers kept from
one iteration to the next (the sets I_up, I_low as 0/±∞ penalties changed only at i and j),
and the per-variable scalars live in Python lists; when the kernel matrix fits in the cache,
the rows of a = K_ii + K_tt − 2K_it are computed once too (:class:`KernelRows`).
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.exceptions import ConvergenceWarning

_TAU = 1e-12
_INF = float("inf")


def _two_variable_step(y_i, y_j, a_i, a_j, G_i, G_j, C_i, C_j, quad):
    """Solve the two-variable sub-problem exactly, clipped to the box; return (new αᵢ, new αⱼ).

    ``quad`` = K_ii + K_jj − 2K_ij, the curvature of f along the step (at least τ)."""
    if y_i != y_j:                                    # αᵢ − αⱼ stays fixed
        delta = (-G_i - G_j) / quad
        diff = a_i - a_j
        a_i += delta
        a_j += delta
        if diff > 0 and a_j < 0:
            a_j, a_i = 0.0, diff
        elif diff <= 0 and a_i < 0:
            a_i, a_j = 0.0, -diff
        if diff > C_i - C_j and a_i > C_i:
            a_i, a_j = C_i, C_i - diff
        elif diff <= C_i - C_j and a_j > C_j:
            a_j, a_i = C_j, C_j + diff
    else:                                             # αᵢ + αⱼ stays fixed
        delta = (G_i - G_j) / quad
        total = a_i + a_j
        a_i -= delta
        a_j += delta
        if total > C_i and a_i > C_i:
            a_i, a_j = C_i, total - C_i
        elif total <= C_i and a_j < 0:
            a_j, a_i = 0.0, total
        if total > C_j and a_j > C_j:
            a_j, a_i = C_j, total - C_j
        elif total <= C_j and a_i < 0:
            a_i, a_j = 0.0, total
    return a_i, a_j


def smo(kernel, p: np.ndarray, y: np.ndarray, C: np.ndarray, *, tol: float = 1e-3, max_iter: int = -1):
    """Minimise ½αᵀQα + pᵀα (Q_ts = y_t y_s K_ts) over the box with yᵀα = 0, from α = 0.

    ``kernel`` gives the rows: ``kernel.row(t)`` = K_t·, ``kernel.gap_row(t)`` = max(K_tt + K_·· − 2K_t·, τ)
    (see :class:`KernelRows`). Returns (α, ρ, iterations).
    """
    limit = max_iter if max_iter is not None and max_iter > 0 else max(10_000_000, 100 * len(p))
    alpha, score, it, done = smo_steps(kernel, y, C, np.zeros(len(p)), -y * p, tol, limit)   # at α = 0, G = p
    if not done:
        warnings.warn(f"Solver terminated early (max_iter={max_iter}). Consider pre-processing your "
                      "data with StandardScaler or MinMaxScaler.", ConvergenceWarning, stacklevel=2)
    return alpha, _offset(alpha, -score, y, C), it


def smo_steps(kernel, y: np.ndarray, C: np.ndarray, alpha: np.ndarray, score: np.ndarray, tol: float, limit: int):
    """At most ``limit`` SMO iterations from a feasible α with scores s = −y(Qα + p).

    Returns (α, s, iterations, done): done when the KKT conditions hold to ``tol`` (or no pair
    lowers f). ``score`` is updated in place."""
    m = len(y)
    y_list, C_list = y.tolist(), C.tolist()
    # I_up / I_low as penalties added to s: 0 for members, ∓∞ for the others
    up_penalty = np.where(np.where(y > 0, alpha < C, alpha > 0), 0.0, -_INF)   # α < C for y = +1, α > 0 for y = −1
    low_penalty = np.where(np.where(y > 0, alpha > 0, alpha < C), 0.0, _INF)
    alpha = alpha.tolist()
    s_up, s_low, gain, tmp = (np.empty(m) for _ in range(4))
    up_rev, gain_rev = s_up[::-1], gain[::-1]        # argmax from the end: libsvm keeps the last tie
    row, gap_row = kernel.row, kernel.gap_row
    it, done = 0, True
    while True:
        np.add(score, up_penalty, out=s_up)
        i = m - 1 - int(up_rev.argmax())
        g_max = s_up.item(i)
        np.add(score, low_penalty, out=s_low)
        if g_max - s_low.min() < tol or g_max == -_INF:
            break
        if it >= limit:
            done = False
            break
        gap_i = gap_row(i)
        np.subtract(g_max, s_low, out=gain)           # b_t = s_i − s_t (−∞ outside I_low)
        np.maximum(gain, 0.0, out=gain)
        np.multiply(gain, gain, out=gain)
        np.divide(gain, gap_i, out=gain)              # b² / a: the decrease of f a step with t gives
        j = m - 1 - int(gain_rev.argmax())
        if gain.item(j) <= 0.0:
            break
        y_i, y_j = y_list[i], y_list[j]
        old_i, old_j = alpha[i], alpha[j]
        new_i, new_j = _two_variable_step(y_i, y_j, old_i, old_j, -y_i * score.item(i), -y_j * score.item(j),
                                          C_list[i], C_list[j], gap_i.item(j))
        alpha[i], alpha[j] = new_i, new_j
        np.multiply(row(i), y_i * (new_i - old_i), out=tmp)
        score -= tmp
        np.multiply(row(j), y_j * (new_j - old_j), out=tmp)
        score -= tmp
        # membership of I_up (α < C for y = +1, α > 0 for y = −1) and I_low changes only at i and j
        below_C, above_0 = new_i < C_list[i], new_i > 0.0
        up_penalty[i] = 0.0 if (below_C if y_i > 0 else above_0) else -_INF
        low_penalty[i] = 0.0 if (above_0 if y_i > 0 else below_C) else _INF
        below_C, above_0 = new_j < C_list[j], new_j > 0.0
        up_penalty[j] = 0.0 if (below_C if y_j > 0 else above_0) else -_INF
        low_penalty[j] = 0.0 if (above_0 if y_j > 0 else below_C) else _INF
        it += 1
    return np.array(alpha), score, it, done


def _offset(alpha, yG, y, C) -> float:
    """ρ: the mean of y_t G_t over free variables, else the middle of the interval the bounds allow."""
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
    """Rows of the kernel matrix K of the training set for SMO, computed once and kept.

    ``copies`` = 2 lays the variables out as [x_1 … x_n, x_1 … x_n] (ε-SVR's α and α*): the row
    of variable t is that of sample t mod n, repeated. ``full`` is the whole matrix K(X, X) when
    the caller computed it (small sets); otherwise rows are computed when SMO asks for them,
    kept up to ``cache_size`` MB, and the least recently used are dropped. The rows of
    a_ts = max(K_tt + K_ss − 2K_ts, τ) are needed only for the variables chosen first (i), a
    few hundred distinct ones: they are computed on demand and kept the same way.
    """

    def __init__(self, X: np.ndarray, kernel_fn, diagonal: np.ndarray, cache_size: float = 200.0,
                 copies: int = 1, full: np.ndarray | None = None):
        self.X, self.kernel_fn, self.n, self.copies = X, kernel_fn, X.shape[0], copies
        self.diag = np.tile(diagonal, copies)
        m = self.n * copies
        row_bytes = 8 * max(m, 1)
        self.capacity = max(2, int(cache_size * 2**20 // row_bytes))
        self.full = None if full is None else np.tile(full, (1, copies)) if copies > 1 else full
        self.sq_norms = np.einsum("ij,ij->i", X, X) if full is None else None
        self.rows: dict[int, np.ndarray] = {}
        self.gap_rows: dict[int, np.ndarray] = {}

    def _gaps_of(self, t: int) -> np.ndarray:
        gaps = self.row(t) * -2.0
        gaps += self.diag
        gaps += self.diag[t]
        return np.maximum(gaps, _TAU, out=gaps)

    def row(self, t: int) -> np.ndarray:
        t %= self.n
        if self.full is not None:
            return self.full[t]
        return self._cached(self.rows, t, self._computed_row)

    def _computed_row(self, t: int) -> np.ndarray:
        row = self.kernel_fn(self.X[t:t + 1], self.X, self.sq_norms)[0]
        return np.tile(row, self.copies) if self.copies > 1 else row

    def rows_of(self, ts: np.ndarray) -> np.ndarray:
        """The rows K_t· of the variables ``ts``, stacked (a copy)."""
        if self.full is not None:
            return self.full[ts % self.n]
        return np.stack([self.row(int(t)) for t in ts])

    def gap_row(self, t: int) -> np.ndarray:
        t %= self.n
        row = self.gap_rows.get(t)
        if row is not None and self.full is not None:   # a hit is not moved up: first in, first out
            return row
        return self._cached(self.gap_rows, t, self._gaps_of)

    def _cached(self, store: dict, t: int, compute) -> np.ndarray:
        row = store.pop(t, None)
        if row is None:
            row = compute(t)
            # what the cache holds beyond the full matrix, or half of it each for K and a rows
            room = self.capacity - self.n if self.full is not None else self.capacity // 2
            if len(store) >= max(2, room):
                store.pop(next(iter(store)))
        store[t] = row                                # re-inserted: now the most recent
        return row
