"""Smooth convex minimisers written in NumPy: L-BFGS and Newton's method, both with a line search."""
from __future__ import annotations

from collections import deque
from typing import Callable

import numpy as np

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def _backtracking(fun: Objective, x, f, g, direction, step: float, c1: float = 1e-4, max_halvings: int = 60):
    """Armijo line search: the first t in step·(1, ½, ¼, …) with f(x + t·d) ≤ f(x) + c₁·t·gᵀd."""
    slope = float(g @ direction)
    for _ in range(max_halvings):
        x_new = x + step * direction
        f_new, g_new = fun(x_new)
        if np.isfinite(f_new) and f_new <= f + c1 * step * slope:
            return step, x_new, f_new, g_new
        step *= 0.5
    return 0.0, x, f, g


def lbfgs(fun: Objective, x0: np.ndarray, *, max_iter: int = 100, gtol: float = 1e-4,
          ftol: float = 64 * np.finfo(float).eps, memory: int = 10, callback=None):
    """Limited-memory BFGS: the quasi-Newton step d = −H·g, with H built from the last ``memory``
    pairs (s, y) = (x_{k+1} − x_k, g_{k+1} − g_k) by the two-loop recursion, never stored as a matrix.

    Stops when max|g| ≤ gtol, or when the relative decrease of f falls below ftol (scipy's rules).
    ``callback(x)``, when given, sees every accepted iterate (to record the path).
    Returns x, f, the number of iterations and whether it converged.
    """
    x = np.asarray(x0, dtype=np.float64).copy()
    f, g = fun(x)
    pairs: deque = deque(maxlen=memory)
    for it in range(1, max_iter + 1):
        if np.max(np.abs(g)) <= gtol:
            return x, f, it - 1, True
        # two-loop recursion: q ← g; newest→oldest: αᵢ = ρᵢ sᵢᵀq, q −= αᵢ yᵢ;
        # r = γq; oldest→newest: r += sᵢ(αᵢ − ρᵢ yᵢᵀr)
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(pairs):
            a = rho * float(s @ q)
            q -= a * y
            alphas.append(a)
        if pairs:
            s, y, _ = pairs[-1]
            q *= float(s @ y) / float(y @ y)
        for (s, y, rho), a in zip(pairs, reversed(alphas)):
            q += s * (a - rho * float(y @ q))
        direction = -q
        if float(g @ direction) >= 0:      # not a descent direction: forget the curvature, go downhill
            pairs.clear()
            direction = -g
        step = 1.0 if pairs else min(1.0, 1.0 / max(np.abs(g).sum(), 1e-12))
        step, x_new, f_new, g_new = _backtracking(fun, x, f, g, direction, step)
        if step == 0.0:                    # no step lowers f; g failed the test at the top of this iteration
            return x, f, it, False
        s, y = x_new - x, g_new - g
        sy = float(s @ y)
        if sy > 1e-10 * float(y @ y):
            pairs.append((s, y, 1.0 / sy))
        decrease = (f - f_new) / max(abs(f), abs(f_new), 1.0)
        x, f, g = x_new, f_new, g_new
        if callback is not None:
            callback(x.copy())
        if decrease <= ftol:
            return x, f, it, True
    return x, f, max_iter, bool(np.max(np.abs(g)) <= gtol)


def newton(fun: Objective, hess: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, *, max_iter: int = 100,
           gtol: float = 1e-4, ftol: float = 64 * np.finfo(float).eps, callback=None):
    """Newton's method: solve H·d = −g for the step (for logistic regression this is IRLS, iteratively
    re-weighted least squares), then an Armijo line search starting at the full step t = 1.

    ``callback(x)``, when given, sees every accepted iterate. Returns x, f, the number of iterations
    and whether it converged.
    """
    x = np.asarray(x0, dtype=np.float64).copy()
    f, g = fun(x)
    for it in range(1, max_iter + 1):
        if np.max(np.abs(g)) <= gtol:
            return x, f, it - 1, True
        H = hess(x)
        try:
            direction = np.linalg.solve(H, -g)
        except np.linalg.LinAlgError:
            direction = np.linalg.lstsq(H, -g, rcond=None)[0]
        if not np.all(np.isfinite(direction)) or float(g @ direction) >= 0:
            direction = -g
        step, x_new, f_new, g_new = _backtracking(fun, x, f, g, direction, 1.0)
        if step == 0.0:                    # no step lowers f; g failed the test at the top of this iteration
            return x, f, it, False
        decrease = (f - f_new) / max(abs(f), abs(f_new), 1.0)
        x, f, g = x_new, f_new, g_new
        if callback is not None:
            callback(x.copy())
        if decrease <= ftol:
            return x, f, it, True
    return x, f, max_iter, bool(np.max(np.abs(g)) <= gtol)
