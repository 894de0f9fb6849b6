"""The fast path of SMO: libsvm's pair steps, with Newton steps on the free variables in between.

SMO (:mod:`glassnet.svm._smo`) changes two variables per iteration, and spends most of its
iterations at the end, moving the free variables (0 < α_t < C_t) of an already found face
towards the minimum of f on that face, one pair at a time. On a face the dual is a quadratic
with one linear constraint, and one linear solve finds its minimum: for the working set W
(the free variables and the bounded ones the KKT conditions ask to move, other variables fixed)

    min_d  G_Wᵀd + ½ dᵀQ_WW d   s.t.  y_Wᵀd = 0       ⇔     [Q_WW  y_W] [d]   [−G_W]
                                                             [y_Wᵀ   0 ] [λ] = [  0 ]

A variable that Newton's step d carries past a bound is put on that bound and d solved again
for the others (a guess of the optimal face, as primal-dual active-set methods make); the
step is kept if it lowers f enough (Armijo).

The loop: ``chunk`` SMO pair steps (libsvm's, :func:`~glassnet.svm._smo.smo_steps`), then Newton
steps while they lower f; back to SMO when one does not (the face is not found yet, an
indefinite kernel, a singular Q_WW), for twice as many pair steps after a Newton phase that
did nothing. The stopping rule is always SMO's, max_{I_up} s − min_{I_low} s < tol on scores
kept exact, so the result is the reference loop's QP solved to the same tolerance, in far fewer
Python iterations (breast_cancer: 82 instead of libsvm's 212; C = 100: 64 instead of 833).
Newton's solve costs w³/3 flops, so it is tried only on working sets of at most
min(400, 50 + m/5) variables.
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.exceptions import ConvergenceWarning
from glassnet.svm._smo import _offset, smo_steps

_INF = float("inf")
_ARMIJO = 1e-4


def smo_newton(kernel, p: np.ndarray, y: np.ndarray, C: np.ndarray, *, tol: float = 1e-3, max_iter: int = -1,
               chunk: int = 20, max_working_set: int | None = None):
    """:func:`~glassnet.svm._smo.smo` with Newton steps on faces: the same (α, ρ, iterations) return.

    ``iterations`` counts the SMO pair steps and the Newton steps; ``max_iter`` bounds their sum."""
    m = len(p)
    limit = max_iter if max_iter is not None and max_iter > 0 else max(10_000_000, 100 * m)
    if max_working_set is None:       # a solve on w variables costs w³/3 flops: about 20 SMO iterations at most
        max_working_set = min(400, 50 + m // 5)
    alpha, score = np.zeros(m), -y * p
    it, done, chunk_now = 0, False, chunk
    while not done and it < limit:
        alpha, score, steps, done = smo_steps(kernel, y, C, alpha, score, tol, min(chunk_now, limit - it))
        it += steps
        if done or it >= limit:
            break
        alpha, score, newton_steps, done = newton_steps_on_faces(kernel, y, C, alpha, score, tol,
                                                                  max_working_set=max_working_set)
        it += newton_steps
        # a Newton phase that did nothing: give SMO longer before the next try
        chunk_now = chunk if newton_steps else 2 * chunk_now
    if not done:
        warnings.warn(f"Solver terminated early (max_iter={max_iter}). Consider pre-processing your "
                      "data with StandardScaler or MinMaxScaler.", ConvergenceWarning, stacklevel=2)
    return alpha, _offset(alpha, -score, y, C), it


def _violation(score, alpha, y, C):
    """(m − M, I_up, I_low): the KKT gap of SMO's stopping rule and the two sets."""
    up = np.where(y > 0, alpha < C, alpha > 0)
    low = np.where(y > 0, alpha > 0, alpha < C)
    if not up.any() or not low.any():
        return 0.0, up, low
    return float(score[up].max() - score[low].min()), up, low


def newton_steps_on_faces(kernel, y, C, alpha, score, tol, *, max_steps: int = 8, max_working_set: int = 1500):
    """Newton steps from a feasible α while they lower f; returns (α, s, steps taken, done)."""
    steps = 0
    while steps < max_steps:
        gap, up, low = _violation(score, alpha, y, C)
        if gap < tol:
            return alpha, score, steps, True
        free = up & low
        s_up_max, s_low_min = score[up].max(), score[low].min()
        rho = float(score[free].mean()) if free.any() else 0.5 * (s_up_max + s_low_min)
        in_W = free | (up & (score > rho)) | (low & (score < rho))
        if kernel.copies == 2:                        # ε-SVR: α_t, α*_t share a row (Q_WW singular); at the
            n = kernel.n                              # optimum one is 0 (ε > 0): keep the larger in W
            both = in_W[:n] & in_W[n:]
            in_W[:n] &= ~both | (alpha[:n] >= alpha[n:])
            in_W[n:] &= ~both | (alpha[n:] > alpha[:n])
        W = np.flatnonzero(in_W)
        if len(W) < 2 or len(W) > max_working_set:
            break
        step = _newton_step(kernel, y, C, alpha, score, W)
        if step is None:
            break
        d, K_W = step
        alpha[W] += d
        np.clip(alpha, 0.0, C, out=alpha)             # rounding only: the step stays in the box
        score -= (y[W] * d) @ K_W                     # s = −yG, G += Q_·W d, Q_tw = y_t y_w K_tw
        steps += 1
    return alpha, score, steps, False


def _newton_step(kernel, y, C, alpha, score, W):
    """(d, K_W): the feasible step on W that lowers f (see the module docstring), or None."""
    K_W = kernel.rows_of(W)
    d = _solve_on(K_W[:, W], y[W], alpha[W], C[W], score[W])
    return None if d is None else (d, K_W)


def _solve_on(K_WW, y_W, a_W, C_W, s_W):
    """A feasible step d on W that lowers f, or None.

    A variable that the Newton step carries past a bound (or, at a bound, pushes outwards) is
    put on that bound, and the step of the others solved again with it fixed (at most five
    solves); if variables still cross, the last step is cut at the first bound (f is convex
    along it: that lowers f too)."""
    w = len(y_W)
    if w < 2:
        return None
    bordered = np.empty((w + 1, w + 1))            # [[Q_WW, y_W], [y_Wᵀ, 0]]
    Q_WW = bordered[:w, :w]
    np.multiply(K_WW, y_W[:, None], out=Q_WW)
    Q_WW *= y_W
    bordered[:w, w] = bordered[w, :w] = y_W
    bordered[w, w] = 0.0
    G_W = -y_W * s_W
    rhs = np.append(-G_W, 0.0)
    system = bordered
    for _ in range(5):
        try:
            d = np.linalg.solve(system, rhs)[:w]
        except np.linalg.LinAlgError:
            return None
        new = a_W + d
        crossing = (new < 0.0) | (new > C_W)
        if not crossing.any():
            break
        # the crossing variables' rows become d_t = (bound − α_t): fixed, the others solved again
        if system is bordered:
            system, rhs = bordered.copy(), rhs.copy()
        rows = np.flatnonzero(crossing)
        system[rows] = 0.0
        system[rows, rows] = 1.0
        rhs[rows] = np.where(new[rows] < 0.0, 0.0, C_W[rows]) - a_W[rows]
    else:
        # cut at the first bound: t = largest step ≤ 1 with 0 ≤ α_W + t d ≤ C_W
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(d > 0, (C_W - a_W) / d, np.where(d < 0, -a_W / d, _INF))
        d *= min(1.0, float(room.min()))
    if not np.all(np.isfinite(d)):
        return None
    slope = G_W @ d
    if not (slope < 0 and slope + 0.5 * (d @ Q_WW @ d) <= _ARMIJO * slope):
        return None
    return d
