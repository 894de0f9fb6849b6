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
  the solutions for every block of a chunk, as linear maps of (v, b), come from one forward
  substitution batched across the blocks; each block then costs two matrix–vector products.
- **hinge and perceptron**, g = −y·[y p ≤ θ] (θ = 1 or 0): guess which samples update from the
  block's first scores, compute the scores those updates give, take the new set and repeat
  until it does not change. A sample's score depends only on earlier samples, so each round
  fixes at least one more sample of the block, and the fixed point is the per-sample result.
  The cost grows with the changes of mind within a block (one or two rounds per block of 64
  late in training), not with the number of updating samples.

Other losses (log loss, Huber, ε-insensitive, modified Huber) have no such form and use the
per-sample loop.
"""
from __future__ import annotations

import numpy as np

SQUARED_BLOCK = 32         # samples per block: building a block costs ~m·d per sample, running it two NumPy calls
THRESHOLD_BLOCK = 64
MAX_GRADIENT = 1e12        # the per-sample loop clips dL/dp there; a block that reaches it is redone per sample
BLOCK_LOSSES = {"squared_error": None, "hinge": 1.0, "perceptron": 0.0}   # loss → margin threshold θ
# the Gram matrix costs m·d per sample, the per-sample loop ~d: past ~100 features the loop is faster
# (measured, 5 epochs, CPU time blocks / loop: hinge 0.53, 0.88, 1.96, 5.6 and squared error 0.25,
# 0.60, 1.40, 2.75 at d = 20, 100, 300, 784)
MAX_FEATURES = 100


def _stacked(array: np.ndarray, size: int, fill: float) -> np.ndarray:
    """(L, ...) → (L/size, size, ...), padded with ``fill`` up to a multiple of ``size``."""
    extra = -len(array) % size
    if extra:
        array = np.concatenate([array, np.full((extra,) + array.shape[1:], fill)])
    return array.reshape((-1, size) + array.shape[1:])


def buffer(work: dict, name: str, shape: tuple) -> np.ndarray:
    """An uninitialised array kept in ``work`` for the next chunk of the same shape.

    Fresh arrays of this size come from the operating system page by page (a page fault each):
    building a chunk's scaled rows took 0.46 ms in fresh arrays, 0.11 ms in reused ones.
    """
    key = (name, shape)
    if key not in work:
        work[key] = np.empty(shape)
    return work[key]


def _scaled_rows(rows, left, left_last, right, right_last, size: int, work: dict, extra=None):
    """Per block, S = [left ∘ X, left_last] and E = [right ∘ X, right_last]: (blocks, m, d + 1) each.

    With left = σ⁻, right = η/σ⁺ and the last columns 1 and f η, S_i·E_j = K_ij η_j. With
    ``extra``, S has it as one more column. Padding samples have x = 0 and η = 0: they move nothing.
    """
    X = _stacked(rows, size, 0.0)
    blocks, d = X.shape[0], X.shape[2]
    S = buffer(work, "S", (blocks, size, d + 1 + (extra is not None)))
    np.multiply(X, _stacked(left, size, 0.0)[:, :, None], out=S[:, :, :d])
    S[:, :, d] = _stacked(left_last, size, 0.0)
    if extra is not None:
        S[:, :, d + 1] = _stacked(extra, size, 0.0)
    E = buffer(work, "E", (blocks, size, d + 1))
    np.multiply(X, _stacked(right, size, 0.0)[:, :, None], out=E[:, :, :d])
    E[:, :, d] = _stacked(right_last, size, 0.0)
    return S, E


def _forward_substitution(K, right, Z):
    """Solve (I + L) Z = right for every block, L the strictly lower triangle of K: (blocks, m, c)."""
    Z[...] = right
    for i in range(1, K.shape[1]):
        Z[:, i] -= np.matmul(K[:, i:i + 1, :i], Z[:, :i])[:, 0]
    return Z


def squared_blocks(rows, targets, etas, pre, post, v, b: float, fit_intercept: bool, work: dict | None = None):
    """Squared-error SGD on one chunk of samples in blocks; returns (v, b, residuals r = p − y).

    ``pre``/``post`` are σ⁻/σ⁺ from the chunk's start (v is then the chunk's first weights);
    the returned v is still to be multiplied by ``post[-1]``. Returns None when a residual
    reaches the gradient clip (the per-sample loop must then redo the chunk). ``work`` keeps
    arrays for the next chunk (:func:`buffer`).
    """
    work = {} if work is None else work
    size = SQUARED_BLOCK
    n, d = rows.shape
    Sy, E = _scaled_rows(rows, pre, np.ones(n), etas / post, etas * fit_intercept, size, work, targets)
    K = buffer(work, "K", Sy.shape[:2] + (size,))
    np.matmul(Sy[:, :, :d + 1], E.transpose(0, 2, 1), out=K)
    # (I + K diag η) r = S [v, b] − y, so r = Z [v, b, −1] with Z = (I + K diag η)⁻¹ [S, y]
    Z = _forward_substitution(K, Sy, buffer(work, "Z", Sy.shape))
    state = np.concatenate([v, [b, -1.0]])
    head = state[:d + 1]
    residuals = np.empty(Sy.shape[:2])
    for z, e, r in zip(Z, E, residuals):
        z.dot(state, r)
        head -= r.dot(e)                                 # [v, b] −= Eᵀ r
    residuals = residuals.reshape(-1)[:n]
    if not np.abs(residuals).max() <= MAX_GRADIENT:      # also catches NaN
        return None
    return state[:d], float(state[d]), residuals


def threshold_blocks(rows, targets, etas, pre, post, v, b: float, fit_intercept: bool, threshold: float,
                     work: dict | None = None):
    """Hinge (θ = 1) or perceptron (θ = 0) SGD on one chunk, targets ±1; returns (v, b, margins, updated).

    ``margins`` are y·p of every sample and ``updated`` (0/1) marks the samples with y·p ≤ θ,
    the ones that moved the weights. ``pre``, ``post`` and ``work`` as in :func:`squared_blocks`.
    """
    work = {} if work is None else work
    size = THRESHOLD_BLOCK
    n, d = rows.shape
    # the slack θ − y·p from the block's first weights: S [v, b, 1]; [v, b] += Eᵀ u, u the 0/1 updates
    gains = targets * etas
    S, E = _scaled_rows(rows, -targets * pre, -targets, gains / post, gains * fit_intercept, size, work,
                        extra=np.full(n, threshold))
    # row j: how sample j's update moves the later slacks; the last row: the slacks from the first weights
    coupling = buffer(work, "coupling", (S.shape[0], size + 1, size))
    np.matmul(E, S[:, :, :d + 1].transpose(0, 2, 1), out=coupling[:, :size])
    coupling[:, :size] *= np.triu(np.ones((size, size)), 1)
    state = np.concatenate([v, [b, 1.0]])
    head = state[:d + 1]
    slacks = np.empty(S.shape[:2])
    updates = np.ones((S.shape[0], size + 1))              # the last entry stays 1
    step, ones = np.heaviside, np.ones(size)             # heaviside(slack, 1) = 1 where y·p ≤ θ, else 0
    for s, c, e, slack, update in zip(S, coupling, E, slacks, updates):
        start = c[size]
        s.dot(state, start)
        chosen = update[:size]
        step(start, ones, chosen)
        before = chosen.tobytes()
        while True:                                   # until the set of updates reproduces itself
            update.dot(c, slack)
            step(slack, ones, chosen)
            after = chosen.tobytes()
            if after == before:
                break
            before = after
        head += chosen.dot(e)
    margins = threshold - slacks.reshape(-1)[:n]
    return state[:d], float(state[d]), margins, updates[:, :size].reshape(-1)[:n]


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
