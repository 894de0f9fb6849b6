"""SMO on many independent small problems at once: the pairs of a one-vs-one SVC, the folds of Platt.

Each problem runs exactly the iterations of :func:`glassnet.svm._smo.smo` (same working sets,
same steps, same ties), but one Python iteration advances every unfinished problem by one
step: the problems are the rows of padded (problems × L) arrays, and each whole-array NumPy
operation of the single-problem loop now serves all of them. libsvm solves the 45 pairs of a
10-class problem one after the other; here the Python overhead of an iteration is paid
max(iterations) times instead of Σ iterations.

Padding: a problem with m < L variables has L − m extra ones outside I_up and I_low (penalties
−∞ and +∞), so they are never chosen and never move. A finished problem leaves the arrays
(they are re-gathered without its row).
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.exceptions import ConvergenceWarning
from glassnet.svm._newton_batch import newton_steps_many
from glassnet.svm._smo import _TAU, _offset

_INF = float("inf")
_NEWTON_FIRST = 20                            # passes before the first Newton steps (then 2 after a step)


def smo_many(K: np.ndarray, K_diag: np.ndarray, samples: list[np.ndarray], ps: list[np.ndarray],
             ys: list[np.ndarray], Cs: list[np.ndarray], *, tol: float = 1e-3, max_iter: int = -1,
             newton: bool = False):
    """Solve min ½αᵀQα + pᵀα (Q_ts = y_t y_s K_ts) s.t. yᵀα = 0, 0 ≤ α ≤ C for every problem given.

    K is the kernel matrix of the whole training set and K_diag its exact diagonal; problem r has
    the variables of the samples ``samples[r]``, linear term ``ps[r]``, labels ``ys[r]`` and
    bounds ``Cs[r]``. Returns a list of (α, ρ, iterations), one per problem, as
    :func:`~glassnet.svm._smo.smo`. ``newton``: Newton steps on faces between the pair steps
    (:mod:`glassnet.svm._newton_batch`; the same optimum to ``tol``, far fewer passes); the
    iterations then count the passes."""
    P, n = len(samples), K.shape[0]
    K_flat = K.ravel()                        # rows gathered by flat position (np.take: faster than K[a, b])
    sizes = np.array([len(p) for p in ps])
    L = int(sizes.max())
    index = np.zeros((P, L), dtype=np.intp)   # the sample of each variable (padding: sample 0, never read)
    score, y, C, diag = np.zeros((P, L)), np.zeros((P, L)), np.zeros((P, L)), np.ones((P, L))
    for r, (s_r, p_r, y_r, C_r) in enumerate(zip(samples, ps, ys, Cs)):
        m = len(p_r)
        index[r, :m] = s_r
        score[r, :m], y[r, :m], C[r, :m], diag[r, :m] = -y_r * p_r, y_r, C_r, K_diag[s_r]
    valid = np.arange(L) < sizes[:, None]
    alpha = np.zeros((P, L))
    up_penalty = np.where(valid & (y > 0) & (C > 0), 0.0, -_INF)     # at α = 0: α < C for y = +1 only
    low_penalty = np.where(valid & (y < 0) & (C > 0), 0.0, _INF)
    problem = np.arange(P)                    # which problem each row of the working arrays is
    results: list = [None] * P
    limit = max_iter if max_iter is not None and max_iter > 0 else max(10_000_000, 100 * L)
    it = 0
    stuck = np.zeros(P, dtype=bool)           # no partner lowers f: finished, as the single loop stops
    next_newton, newton_gap = _NEWTON_FIRST, _NEWTON_FIRST
    while problem.size:
        rows = np.arange(problem.size)
        s_up = score + up_penalty
        i = L - 1 - s_up[:, ::-1].argmax(axis=1)           # the last of equal maxima, as libsvm
        g_max = s_up[rows, i]
        s_low = score + low_penalty
        finished = (g_max - s_low.min(axis=1) < tol) | (g_max == -_INF) | stuck | (it >= limit)
        if finished.any():
            if it >= limit:
                warnings.warn(f"Solver terminated early (max_iter={max_iter}). Consider pre-processing your "
                              "data with StandardScaler or MinMaxScaler.", ConvergenceWarning, stacklevel=3)
            for r in np.flatnonzero(finished):
                m = sizes[problem[r]]
                a = alpha[r, :m].copy()
                results[problem[r]] = (a, _offset(a, -score[r, :m], y[r, :m], C[r, :m]), it - int(stuck[r]))
            keep = ~finished
            problem, index, score, y, C, diag, alpha, up_penalty, low_penalty, i, g_max, s_low = (
                v[keep] for v in (problem, index, score, y, C, diag, alpha, up_penalty, low_penalty, i, g_max,
                                  s_low))
            rows = np.arange(problem.size)
            if not problem.size:
                break
        if newton and it >= next_newton:
            stepped = newton_steps_many(K_flat, n, index, y, C, alpha, score, valid[problem],
                                        max_working_set=min(400, 50 + L // 5))
            if stepped.any():                 # I_up, I_low anew; i, g_max and s_low for the new scores
                up_penalty, low_penalty = _penalties(alpha, y, C, valid[problem])
                s_up = score + up_penalty
                i = L - 1 - s_up[:, ::-1].argmax(axis=1)
                g_max = s_up[rows, i]
                s_low = score + low_penalty
                next_newton, newton_gap = it + 2, _NEWTON_FIRST
            else:                             # nothing to gain yet: wait twice as long
                newton_gap *= 2
                next_newton = it + newton_gap
        K_i = K_flat.take(index[rows, i][:, None] * n + index)   # row i of each problem's kernel matrix
        gap_i = K_i * -2.0                                 # as the single loop's rows: same rounding
        gap_i += diag
        gap_i += diag[rows, i][:, None]
        np.maximum(gap_i, _TAU, out=gap_i)
        gain = g_max[:, None] - s_low                     # b_t = s_i − s_t (−∞ outside I_low)
        np.maximum(gain, 0.0, out=gain)
        gain *= gain
        gain /= gap_i
        j = L - 1 - gain[:, ::-1].argmax(axis=1)
        stuck = gain[rows, j] <= 0.0
        y_i, y_j = y[rows, i], y[rows, j]
        old_i, old_j = alpha[rows, i], alpha[rows, j]
        C_i, C_j = C[rows, i], C[rows, j]
        new_i, new_j = two_variable_steps(y_i, y_j, old_i, old_j, -y_i * score[rows, i], -y_j * score[rows, j],
                                          C_i, C_j, gap_i[rows, j])
        new_i[stuck], new_j[stuck] = old_i[stuck], old_j[stuck]
        alpha[rows, i], alpha[rows, j] = new_i, new_j
        score -= (y_i * (new_i - old_i))[:, None] * K_i
        score -= (y_j * (new_j - old_j))[:, None] * K_flat.take(index[rows, j][:, None] * n + index)
        for t, a_t, y_t, C_t in ((i, new_i, y_i, C_i), (j, new_j, y_j, C_j)):   # I_up, I_low change only here
            positive, below_C, above_0 = y_t > 0, a_t < C_t, a_t > 0.0
            up_penalty[rows, t] = np.where(np.where(positive, below_C, above_0), 0.0, -_INF)
            low_penalty[rows, t] = np.where(np.where(positive, above_0, below_C), 0.0, _INF)
        it += 1
    return results


def _penalties(alpha, y, C, valid):
    """I_up and I_low as 0/∓∞ penalties added to the scores (padding in neither)."""
    up = valid & np.where(y > 0, alpha < C, alpha > 0)
    low = valid & np.where(y > 0, alpha > 0, alpha < C)
    return np.where(up, 0.0, -_INF), np.where(low, 0.0, _INF)


def two_variable_steps(y_i, y_j, a_i, a_j, G_i, G_j, C_i, C_j, quad):
    """:func:`~glassnet.svm._smo._two_variable_step` for arrays of problems: the same arithmetic,
    each ``if`` a ``np.where`` (the branches' conditions exclude each other as there)."""
    # y_i ≠ y_j: αᵢ − αⱼ stays fixed
    diff = a_i - a_j
    delta = (-G_i - G_j) / quad
    di, dj = a_i + delta, a_j + delta
    first, second = (diff > 0) & (dj < 0), (diff <= 0) & (di < 0)
    di, dj = np.where(first, diff, np.where(second, 0.0, di)), np.where(first, 0.0, np.where(second, -diff, dj))
    first, second = (diff > C_i - C_j) & (di > C_i), (diff <= C_i - C_j) & (dj > C_j)
    di, dj = (np.where(first, C_i, np.where(second, C_j + diff, di)),
              np.where(first, C_i - diff, np.where(second, C_j, dj)))
    # y_i = y_j: αᵢ + αⱼ stays fixed
    total = a_i + a_j
    delta = (G_i - G_j) / quad
    si, sj = a_i - delta, a_j + delta
    first, second = (total > C_i) & (si > C_i), (total <= C_i) & (sj < 0)
    si, sj = np.where(first, C_i, np.where(second, total, si)), np.where(first, total - C_i, np.where(second, 0.0, sj))
    first, second = (total > C_j) & (sj > C_j), (total <= C_j) & (si < 0)
    si, sj = np.where(first, total - C_j, np.where(second, 0.0, si)), np.where(first, C_j, np.where(second, total, sj))
    same = y_i == y_j
    return np.where(same, si, di), np.where(same, sj, dj)
