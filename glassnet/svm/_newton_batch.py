"""Newton steps on faces (:mod:`glassnet.svm._smo_newton`) for many problems at once.

The problems side by side of :mod:`glassnet.svm._smo_batch` (one-vs-one pairs, Platt's folds)
each get the step of :func:`~glassnet.svm._smo_newton._solve_on`: the working sets W_r (free
variables and the bounded ones the KKT conditions ask to move) are padded to one size w, the
bordered systems [[Q_WW, y_W], [y_Wᵀ, 0]] stacked into one (P, w + 1, w + 1) array and solved by
one batched ``np.linalg.solve``. A padding slot is the row d = 0 of the identity, so it never
moves; variables a step carries past a bound are fixed there (their row becomes the identity's,
their right-hand side the distance to the bound) and the systems solved again, at most five
times; then a step still crossing is cut at the first bound. A problem keeps its step only if
it lowers its f enough (Armijo), as in the single-problem rule. Unlike there, a problem takes
part only once its face is nearly found (at most max(4, ¼ of its free variables) bounded ones
in W): every problem of the batch pays the largest system's solve.
"""
from __future__ import annotations

import numpy as np

_ARMIJO = 1e-4
_MIN_MOVING, _MOVING_SHARE = 4, 0.25
_INF = float("inf")


def newton_steps_many(K_flat: np.ndarray, n: int, index: np.ndarray, y: np.ndarray, C: np.ndarray,
                      alpha: np.ndarray, score: np.ndarray, valid: np.ndarray, max_working_set: int) -> np.ndarray:
    """One Newton step for every problem (row) whose working set has at most ``max_working_set``
    variables; α and the scores s = −yG are updated in place. Returns the mask of the problems
    that took a step.

    K_flat: the whole training set's kernel matrix, flattened (n × n); index (P, L): the sample of
    each variable; y, C, α, s (P, L); ``valid``: the variables that exist (not padding)."""
    up = valid & np.where(y > 0, alpha < C, alpha > 0)
    low = valid & np.where(y > 0, alpha > 0, alpha < C)
    free = up & low
    n_free = free.sum(axis=1)
    s_up = np.where(up, score, -_INF).max(axis=1)
    s_low = np.where(low, score, _INF).min(axis=1)
    rho = np.where(n_free > 0, np.where(free, score, 0.0).sum(axis=1) / np.maximum(n_free, 1), 0.5 * (s_up + s_low))
    in_W = free | (up & (score > rho[:, None])) | (low & (score < rho[:, None]))
    sizes = in_W.sum(axis=1)
    # a face nearly found: few bounded variables still to move (else each solve is mostly wasted)
    settled = sizes - n_free <= np.maximum(_MIN_MOVING, _MOVING_SHARE * n_free)
    chosen = np.flatnonzero((sizes >= 2) & (sizes <= max_working_set) & settled)
    stepped = np.zeros(len(alpha), dtype=bool)
    if chosen.size == 0:
        return stepped
    w = int(sizes[chosen].max())
    # the variables of W_r first (stable order), padding after: positions (P', w), mask of real ones
    order = np.argsort(~in_W[chosen], axis=1, kind="stable")[:, :w]
    real = np.arange(w) < sizes[chosen][:, None]
    rows = chosen[:, None]
    samples = index[rows, order]                                  # (P', w)
    y_W = np.where(real, y[rows, order], 0.0)
    a_W, C_W = alpha[rows, order], C[rows, order]
    G_W = np.where(real, -y_W * score[rows, order], 0.0)
    K_WW = K_flat.take(samples[:, :, None] * n + samples[:, None, :])
    Q_WW = K_WW * y_W[:, :, None] * y_W[:, None, :]               # zero on padding rows and columns
    bordered = np.zeros((len(chosen), w + 1, w + 1))
    bordered[:, :w, :w] = Q_WW
    bordered[:, :w, w] = bordered[:, w, :w] = y_W
    pad_p, pad_t = np.nonzero(~real)
    bordered[pad_p, pad_t, pad_t] = 1.0                           # padding: d = 0
    rhs = np.zeros((len(chosen), w + 1))
    rhs[:, :w] = -G_W
    system = bordered.copy()
    ok = np.ones(len(chosen), dtype=bool)
    d = np.zeros((len(chosen), w))
    again = np.arange(len(chosen))                                # the systems still to (re)solve
    for _ in range(5):
        try:
            d[again] = np.linalg.solve(system[again], rhs[again, :, None])[:, :w, 0]
        except np.linalg.LinAlgError:
            return stepped                                        # one singular system: no steps this time
        new = a_W[again] + d[again]
        crossing = real[again] & ((new < 0.0) | (new > C_W[again]))
        if not crossing.any():
            break
        p, t = np.nonzero(crossing)
        system[again[p], t, :] = 0.0
        system[again[p], t, t] = 1.0
        rhs[again[p], t] = np.where(new[p, t] < 0.0, 0.0, C_W[again[p], t]) - a_W[again[p], t]
        again = again[crossing.any(axis=1)]
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(real & (d > 0), (C_W - a_W) / d, np.where(real & (d < 0), -a_W / d, _INF))
        d *= np.minimum(1.0, room.min(axis=1))[:, None]
    d = np.where(real, d, 0.0)
    ok &= np.all(np.isfinite(d), axis=1)
    d[~ok] = 0.0
    slope = np.einsum("pw,pw->p", G_W, d)
    quad = np.einsum("pw,pwv,pv->p", d, Q_WW, d)
    ok &= (slope < 0) & (slope + 0.5 * quad <= _ARMIJO * slope)
    if not ok.any():
        return stepped
    chosen, d, samples, order = chosen[ok], d[ok], samples[ok], order[ok]
    alpha[chosen[:, None], order] += d
    alpha[chosen] = np.clip(alpha[chosen], 0.0, C[chosen])     # rounding only
    # s = −yG and G += Q_·W d (y_t² = 1): the rows of W's samples against each problem's variables
    K_rows = K_flat.take(samples[:, :, None] * n + index[chosen][:, None, :])          # (P', w, L)
    score[chosen] -= np.einsum("pw,pwl->pl", y[chosen[:, None], order] * d, K_rows)   # Δs_t = −Σ_w y_w d_w K_tw
    stepped[chosen] = True
    return stepped
