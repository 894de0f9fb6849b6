"""Exact SGD in blocks of samples: the per-sample updates of :mod:`_sgd_fast`, a block at a time.

Within a block of m consecutive samples (rows x_i, step sizes η_i, decays δ_i = 1 − η_i α ρ₂, all
known before the block starts) the weights are w = σ·v, with σ a running product of decays. Let
σ⁻_i and σ⁺_i be that product just before and just after sample i's decay (relative to the
start of the chunk), g_i = dL/dp at sample i and f = 1 with an intercept, 0 without. The
per-sample rule (score p_i, then w ← δ_i w − η_i g_i x_i, b ← b − f η_i g_i) unrolls to

    p_i = σ⁻_i (x_i·v) + b − Σ_{j<i} K_ij η_j g_j,     K_ij = (σ⁻_i / σ⁺_j) x_i·x_j + f,
    v   ← v − Σ_j (η_j g_j / σ⁺_j) x_j,                 b ← b − f Σ_j η_j g_j,

with v and b their values at the start of the block: one Gram matrix x_i·x_j per block gives
every sample's score from the block's first weights. Two kinds of loss make the block one
NumPy step, with exactly the per-sample loop's updates (rounding apart):

- **squared error**, g = p − y = r: the residuals solve the unit lower-triangular system
  (I + K diag(η)) r = σ⁻ ∘ (X v) + b − y. It depends only on the data and the schedule, so
  the solutions for every block of a chunk, as linear maps of (v, b), come from one batched
  solve; each block then costs two matrix–vector products.
- **hinge and perceptron**, g = −y·[y p ≤ θ] (θ = 1 or 0): guess which samples update from the
  block's first scores, compute the scores those updates give, take the new set and repeat
  until it does not change. A sample's score depends only on earlier samples, so each round
  fixes at least one more sample of the block, and the fixed point is the per-sample result.
  The cost grows with the changes of mind within a block (usually none), not with the number
  of updates.

Other losses (log loss, Huber, ε-insensitive, modified Huber) have no such form and use the
per-sample loop.
"""
from __future__ import annotations

import numpy as np

SQUARED_BLOCK = 32         # samples per block: building a block costs ~m·d per sample, running it two NumPy calls
THRESHOLD_BLOCK = 64
MAX_GRADIENT = 1e12        # the per-sample loop clips dL/dp there; a block that reaches it is redone per sample
BLOCK_LOSSES = {"squared_error": None, "hinge": 1.0, "perceptron": 0.0}   # loss → margin threshold θ


def _stacked(array: np.ndarray, size: int, fill: float) -> np.ndarray:
    """(L, ...) → (L/size, size, ...), padded with ``fill`` up to a multiple of ``size``."""
    extra = -len(array) % size
    if extra:
        array = np.concatenate([array, np.full((extra,) + array.shape[1:], fill)])
    return array.reshape((-1, size) + array.shape[1:])


def _scaled_rows(rows, etas, pre, post, fit_intercept: bool, size: int):
    """Per block, S = [σ⁻ ∘ X, 1] and E = [(η/σ⁺) ∘ X, f η], so that K_ij η_j = S_i·E_j; (blocks, m, d + 1) each.

    Padding samples have x = 0 and η = 0: they move nothing.
    """
    X = _stacked(rows, size, 0.0)
    eta = _stacked(etas, size, 0.0)
    S = np.concatenate([X * _stacked(pre, size, 1.0)[:, :, None], np.ones(X.shape[:2] + (1,))], axis=2)
    E = np.concatenate([X * (eta / _stacked(post, size, 1.0))[:, :, None],
                        (eta if fit_intercept else np.zeros_like(eta))[:, :, None]], axis=2)
    return S, E


def _forward_substitution(K, right):
    """Solve (I + L) Z = right for every block, L the strictly lower triangle of K: (blocks, m, c)."""
    Z = right.copy()
    for i in range(1, K.shape[1]):
        Z[:, i] -= np.matmul(K[:, i:i + 1, :i], Z[:, :i])[:, 0]
    return Z


def squared_blocks(rows, targets, etas, pre, post, v, b: float, fit_intercept: bool, size: int = SQUARED_BLOCK):
    """Squared-error SGD on one chunk of samples in blocks; returns (v, b, residuals r = p − y).

    ``pre``/``post`` are σ⁻/σ⁺ from the chunk's start (v is then the chunk's first weights);
    the returned v is still to be multiplied by ``post[-1]``. Returns None when a residual
    reaches the gradient clip (the per-sample loop must then redo the chunk).
    """
    n, d = rows.shape
    S, E = _scaled_rows(rows, etas, pre, post, fit_intercept, size)
    # (I + K diag η) r = S [v, b] − y, so r = Z [v, b, −1] with Z = (I + K diag η)⁻¹ [S, y]
    Z = _forward_substitution(S @ E.transpose(0, 2, 1),
                              np.concatenate([S, _stacked(targets, size, 0.0)[:, :, None]], axis=2))
    U = E.transpose(0, 2, 1) * -1.0                      # [v, b] += U r
    state = np.concatenate([v, [b, -1.0]])
    head = state[:d + 1]
    residuals = np.empty(S.shape[:2])
    for z, u, r in zip(Z, U, residuals):
        np.matmul(z, state, out=r)
        head += u @ r
    residuals = residuals.reshape(-1)[:n]
    if not np.abs(residuals).max() <= MAX_GRADIENT:      # also catches NaN
        return None
    return state[:d], float(state[d]), residuals


def threshold_blocks(rows, targets, etas, pre, post, v, b: float, fit_intercept: bool, threshold: float,
                     size: int = THRESHOLD_BLOCK):
    """Hinge (θ = 1) or perceptron (θ = 0) SGD on one chunk, targets ±1; returns (v, b, margins, updated).

    ``margins`` are y·p of every sample and ``updated`` (0/1) marks the samples with y·p ≤ θ,
    the ones that moved the weights. ``pre``/``post`` as in :func:`squared_blocks`.
    """
    n, d = rows.shape
    S, E = _scaled_rows(rows, etas, pre, post, fit_intercept, size)
    y = _stacked(targets, size, 1.0)[:, :, None]
    S *= y                                    # margins from the block's first weights: S [v, b]
    E *= y                                    # [v, b] += Eᵀ u, u the 0/1 updates
    # column j of the coupling: how sample j's update moves the later margins (its last column: the first margins)
    coupling = np.zeros(S.shape[:2] + (size + 1,))
    np.matmul(S, E.transpose(0, 2, 1), out=coupling[:, :, :size])
    coupling[:, :, :size] *= np.tri(size, size, -1)
    U = E.transpose(0, 2, 1).copy()
    state = np.concatenate([v, [b]])
    margins = np.empty(S.shape[:2])
    updates = np.ones((S.shape[0], size + 1))              # the last entry stays 1
    guess = np.empty(size)
    for s, c, u, margin, update in zip(S, coupling, U, margins, updates):
        start = c[:, size]
        np.matmul(s, state, out=start)
        chosen = update[:size]
        np.less_equal(start, threshold, out=chosen)
        while True:
            np.matmul(c, update, out=margin)
            np.less_equal(margin, threshold, out=guess)
            if not np.not_equal(guess, chosen).any():
                break
            chosen[:] = guess
        state += u @ chosen
    return state[:d], float(state[d]), margins.reshape(-1)[:n], updates[:, :size].reshape(-1)[:n]


def penalty_sum(steps, scores, b: float, fit_intercept: bool, decays, pre, post, squared_norms, start_norm: float):
    """Σ_i ‖w_i‖² over a chunk, w_i the weights sample i sees (before its decay and update).

    w_{i+1} = δ_i w_i + s_i x_i (s_i = −η_i g_i the sample's step), so with w_i·x_i = p_i − b_i

        ‖w_{i+1}‖² = δ_i² ‖w_i‖² + e_i,   e_i = 2 δ_i s_i (p_i − b_i) + s_i² ‖x_i‖²,
        ‖w_i‖²     = (σ⁻_i)² (‖w_0‖² + Σ_{j<i} e_j / (σ⁺_j)²).
    """
    intercepts = b + (np.cumsum(steps) - steps if fit_intercept else 0.0)
    e = 2.0 * decays * steps * (scores - intercepts) + steps * steps * squared_norms
    before = np.cumsum(e / (post * post)) - e / (post * post)
    return float(np.sum(pre * pre * (start_norm + before)))
