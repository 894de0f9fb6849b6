"""Non-negative least squares: w = argmin ‖Aw − b‖² subject to w ≥ 0 (Lawson and Hanson's active set).

The weights split into a passive set P (free, > 0) and an active set (held at 0). Start with all at
0. The gradient's negative, g = Aᵀ(b − Aw), says which held weight would lower the error fastest
if it grew: move the largest positive gⱼ into P and solve least squares on P alone. If that solution
has a weight ≤ 0, step from w towards it only until the first weight reaches 0, return that weight
to the active set and solve again. Stop when no held weight has gⱼ > 0: the Karush–Kuhn–Tucker
conditions (gⱼ = 0 on P, gⱼ ≤ 0 off it) then say w is the constrained minimum.
"""
from __future__ import annotations

import numpy as np


def nnls(A: np.ndarray, b: np.ndarray, *, max_iter: int | None = None) -> np.ndarray:
    """Solve min ‖Aw − b‖² with w ≥ 0; ``A`` of shape (m, n), ``b`` of shape (m,)."""
    gram, target = A.T @ A, A.T @ b
    return nnls_gram(gram, target, max_iter=max_iter)


def nnls_gram(gram: np.ndarray, target: np.ndarray, *, max_iter: int | None = None) -> np.ndarray:
    """The same problem given AᵀA and Aᵀb (ridge adds α to the diagonal of AᵀA)."""
    n = len(target)
    max_iter = 3 * n + 10 if max_iter is None else max_iter
    # rounding thresholds relative to the data's own scale, so that A and b in any unit give the same w
    eps = 10 * np.finfo(float).eps * n
    tol = eps * np.abs(target).max(initial=0.0)
    w = np.zeros(n)
    passive = np.zeros(n, dtype=bool)

    def solve_on(passive):
        s = np.zeros(n)
        idx = np.flatnonzero(passive)
        s[idx] = np.linalg.lstsq(gram[np.ix_(idx, idx)], target[idx], rcond=None)[0]
        return s

    for _ in range(max_iter):
        g = target - gram @ w
        candidates = np.where(passive, -np.inf, g)
        if not (~passive).any() or candidates.max() <= tol:
            break
        passive[int(np.argmax(candidates))] = True
        s = solve_on(passive)
        while passive.any() and s[passive].min() <= 0:
            shrinking = passive & (s <= 0)
            step = np.min(w[shrinking] / (w[shrinking] - s[shrinking]))
            w = w + step * (s - w)
            passive &= w > eps * np.abs(w).max()
            s = solve_on(passive)
        w = s
    return w
