"""Proximal gradient (FISTA) for a smooth loss plus an L1 penalty: the lasso's soft threshold, accelerated.

Minimise F(θ) = f(θ) + λ₁ Σⱼ mⱼ |θⱼ|, f smooth (the data loss plus any L2 part), m a 0/1 mask of the
penalised entries (the intercept is not). One step from the extrapolated point y:

    θ⁺ = S(y − ∇f(y)/L, λ₁·m/L),        S(v, a) = sign(v)·max(|v| − a, 0)   (the soft threshold)

with L grown ×2 until f(θ⁺) ≤ f(y) + ∇f(y)·(θ⁺ − y) + L/2 ‖θ⁺ − y‖² (backtracking; 1/L is the step).
Nesterov's extrapolation y = θ⁺ + (t − 1)/t⁺ · (θ⁺ − θ), t⁺ = (1 + √(1 + 4t²))/2, restarted (t = 1)
whenever the step turns back on the previous one (O'Donoghue and Candès' gradient restart).
Stops when the gradient mapping L·(y − θ⁺), the proximal analogue of the gradient, is below ``tol``
in every entry: at a minimum θ⁺ = y.

FISTA comes close to the set of non-zero weights long before it pins down their values. So it ends
with active sets (``polish_on_support``): on a fixed support with fixed signs F is smooth, and
L-BFGS minimises it in a few steps; the result is kept only when it satisfies the optimality
conditions of the whole problem.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from glassnet.linear_model._optimize import lbfgs

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def soft_threshold(v: np.ndarray, a: np.ndarray | float) -> np.ndarray:
    """S(v, a) = sign(v)·max(|v| − a, 0): the proximal map of a·|·|, which sets small entries to exactly 0."""
    return np.sign(v) * np.maximum(np.abs(v) - a, 0.0)


def fista(fun: Objective, x0: np.ndarray, l1: np.ndarray | float, *, max_iter: int = 1000,
          tol: float = 1e-4, callback=None):
    """Minimise f(θ) + Σⱼ l1ⱼ |θⱼ| (``fun`` returns f and ∇f; ``l1`` a number or one per entry).

    Returns θ, F(θ), the number of iterations and whether the gradient mapping fell below ``tol``.
    """
    x = np.asarray(x0, dtype=np.float64).copy()
    l1 = np.broadcast_to(np.asarray(l1, dtype=np.float64), x.shape)
    y, t, L = x.copy(), 1.0, 1.0
    fy, gy = fun(y)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        L *= 0.9                              # let the step grow again where the loss is flatter
        while True:
            x_new = soft_threshold(y - gy / L, l1 / L)
            d = x_new - y
            f_new, g_new = fun(x_new)
            if f_new <= fy + float(gy @ d) + 0.5 * L * float(d @ d) + 1e-12 * abs(fy) or L > 1e16:
                break
            L *= 2.0
        if callback is not None:
            callback(x_new.copy())
        if np.max(np.abs(d)) * L <= tol:
            x, converged = x_new, True
            break
        t_new = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        if float(d @ (x_new - x)) < 0:       # momentum points back: restart from the plain step
            t_new, y, fy, gy = 1.0, x_new, f_new, g_new
        else:
            y = x_new + ((t - 1.0) / t_new) * (x_new - x)
            fy, gy = fun(y)
        x, t = x_new, t_new
    x, polish_iter, polished = polish_on_support(fun, x, l1, tol=tol, max_iter=max_iter)
    f_final, _ = fun(x)
    return x, f_final + float(np.sum(l1 * np.abs(x))), it + polish_iter, converged or polished


def polish_on_support(fun: Objective, x: np.ndarray, l1: np.ndarray, *, tol: float, max_iter: int,
                      max_rounds: int = 50):
    """Finish an L1 problem by active sets (feature-sign search, Lee et al. 2007), started from FISTA's θ.

    Each round: the weight j at 0 whose |∂f/∂θⱼ| exceeds λ₁ⱼ the most joins the support with the sign
    −sign(∂f/∂θⱼ) that lowers F (one at a time, which guarantees progress); on the support with fixed
    signs F is smooth, f(θ_S) + Σ λ₁ⱼ sⱼ θⱼ, and L-BFGS minimises it at z. If z flips signs, a discrete
    line search on the segment from θ to z keeps the point of lowest F among z and the points where a
    weight crosses 0 (that weight set to exactly 0, leaving the support). Done when the support's
    minimum keeps every sign and every zero weight satisfies |∂f/∂θⱼ| ≤ λ₁ⱼ: then θ minimises F exactly.

    Every step lowers F, so θ is returned even when the rounds or iterations run out; with it come the
    L-BFGS iterations used and whether θ is optimal.
    """
    x = x.copy()
    total_iter = 0
    slack = tol * 1e-2
    penalised = l1 > 0

    def objective(v):
        return fun(v)[0] + float(np.sum(l1 * np.abs(v)))
    best = objective(x)
    for _ in range(max_rounds):
        _, g = fun(x)
        excess = np.where((x == 0) & penalised, np.abs(g) - l1 * (1 + 1e-8) - slack, 0.0)
        joining = np.zeros(x.shape, dtype=bool)
        if excess.max(initial=0.0) > 0:
            joining[int(np.argmax(excess))] = True
        signs = np.where(joining, -np.sign(g), np.sign(x))
        free = (x != 0) | ~penalised | joining
        slope = l1[free] * signs[free]        # on the support, λ₁|θⱼ| = λ₁ sⱼ θⱼ: a linear term

        def on_support(z, free=free, slope=slope):
            full = np.zeros_like(x)
            full[free] = z
            f, g = fun(full)
            return f + float(slope @ z), g[free] + slope

        z, _, n_iter, converged = lbfgs(on_support, x[free], max_iter=max_iter, gtol=slack)
        total_iter += n_iter
        start = x[free]
        previous = x.copy()
        # where a penalised weight changes sign on the way from start to z, at t = start / (start − z)
        with np.errstate(divide="ignore", invalid="ignore"):
            crossing = np.where(penalised[free] & (start != 0) & (np.sign(z) != np.sign(start)),
                                start / (start - z), np.inf)
        candidates = []
        for t in np.unique(np.append(crossing[np.isfinite(crossing)], 1.0)):
            point = start + t * (z - start)
            point[crossing <= t] = 0.0        # crossed: dropped at 0 (those beyond t have not crossed yet)
            if t == 1.0:                      # a joining weight that turned the wrong way stays out
                point[joining[free] & (np.sign(z) != signs[free])] = 0.0
            x[free] = point
            candidates.append((objective(x), t, point))
        value, t, point = min(candidates, key=lambda c: c[0])
        x[free] = point
        if value > best:
            return previous, total_iter, False   # rounding, or softmax's free shift
        if converged and t == 1.0 and np.array_equal(np.sign(x[free]), np.sign(z)):
            _, g = fun(x)
            zero = (x == 0) & penalised
            if np.all(np.abs(g[zero]) <= l1[zero] * (1 + 1e-8) + slack):
                return x, total_iter, True    # (also when θ was optimal already and nothing moved)
        if value == best and np.array_equal(x, previous):
            return previous, total_iter, False   # no progress
        best = value
        if not converged:                     # L-BFGS ran out of iterations: keep its progress, stop
            return x, total_iter, False
    return x, total_iter, False
