"""Plain SGD for one linear problem, written for speed: the same updates as the lesson's loop.

The lesson's loop (:meth:`_BaseSGD._run_epochs`) updates a (k, d) weight matrix sample by sample.
This one solves one problem (binary, one-vs-rest column, or regression) with changes that keep
every update and cut the work per sample:

- the rows of each chunk of the epoch's shuffled order are gathered at once (``X[order[chunk]]``);
- the weights are kept as w = s·v (a scale times a vector), so the L2 weight decay
  w ← (1 − η α (1 − ρ)) w costs one multiplication of s instead of a pass over w; the gradient
  step w ← w − η g x becomes v ← v − (η g / s) x, and s is folded back into v at the end of
  every chunk of samples;
- the step sizes and decays of an epoch are computed at once (they depend on the update
  counter only);
- for the squared error, hinge and perceptron losses and up to ``MAX_FEATURES`` features,
  blocks of samples are updated at once, exactly (:mod:`_sgd_blocks`); the rest walk the
  samples one by one with the per-sample arithmetic (score, loss, step size) on Python floats.

Only the L2 (or no) penalty is supported here; L1 and elastic net need the per-weight
truncation of the lesson's loop, which runs instead.
"""
from __future__ import annotations

import math
import time

import numpy as np

from glassnet.linear_model import _sgd_blocks as blocks
from glassnet.linear_model._sgd_shuffle import epoch_orders

_MAX_DLOSS = blocks.MAX_GRADIENT
CHUNK = 2048               # samples whose block matrices are built at once (a few MB)
_SMALLEST_SCALE = 1e-100   # below this product of decays within a chunk, the chunk runs sample by sample


def step_size(schedule: str, *, alpha: float, eta0: float, power_t: float, optimal_init: float):
    """η(t) as a function of the update counter t (from 1), or None when η is a constant."""
    if schedule == "optimal":
        return lambda t: 1.0 / (alpha * (optimal_init + t - 1))
    if schedule == "invscaling":
        return lambda t: eta0 / t ** power_t
    return None


def _one_by_one(rows, targets, etas, decays, squared_norms, v, b: float, loss_fn, decay_rate: float,
                fit_intercept: bool):
    """The chunk's samples one at a time; returns (w, b, Σ loss + ½ α ρ₂ ‖w_i‖², Σ loss).

    ``etas`` are the steps of the updates: η_i, or η_i times the sample's weight; the decays
    (1 − η_i α ρ₂) are computed from the unweighted η_i, as in scikit-learn."""
    v = v.copy()
    s = 1.0
    dot = v.dot
    sum_loss = 0.0
    plain_loss = 0.0
    # the stopping rule's objective adds ½αρ₂‖w‖² at each sample's weights (as scikit-learn):
    # ‖v‖² is kept up to date, v + c·x having ‖v‖² + 2c(v·x) + c²‖x‖²
    vv = float(v @ v)
    for x, target, eta, decay, xx in zip(rows, targets.tolist(), etas.tolist(), decays.tolist(),
                                         squared_norms.tolist()):
        vx = float(dot(x))
        loss, grad = loss_fn(s * vx + b, target)
        sum_loss += loss + 0.5 * decay_rate * s * s * vv
        plain_loss += loss
        s *= decay
        if s < 1e-9:                             # fold the scale back into v before it underflows
            v *= s
            vv *= s * s
            s = 1.0
        if grad != 0.0:
            if not -_MAX_DLOSS <= grad <= _MAX_DLOSS:
                grad = math.copysign(_MAX_DLOSS, grad)
            step = -eta * grad
            c = step / s
            v += c * x
            vv += 2.0 * c * vx + c * c * xx
            if fit_intercept:
                b += step
    return s * v, b, sum_loss, plain_loss


def _in_blocks(rows, targets, etas, decays, squared_norms, w, b: float, loss_name: str, decay_rate: float,
               fit_intercept: bool, work: dict):
    """The chunk through :mod:`_sgd_blocks`; returns (w, b, objective sum, loss sum), or None where it cannot."""
    post = np.cumprod(decays)
    if not post[-1] >= _SMALLEST_SCALE:
        return None
    pre = np.concatenate([[1.0], post[:-1]])
    if loss_name == "squared_error":
        result = blocks.squared_blocks(rows, targets, etas, pre, post, w, b, fit_intercept, work=work)
        if result is None:
            return None
        v, b_end, residuals = result
        losses = 0.5 * float(residuals @ residuals)
        steps, scores = -etas * residuals, residuals + targets
    else:
        threshold = blocks.BLOCK_LOSSES[loss_name]
        v, b_end, margins, updated = blocks.threshold_blocks(rows, targets, etas, pre, post, w, b, fit_intercept,
                                                             threshold, work=work)
        losses = float(updated @ (threshold - margins))
        steps, scores = etas * targets * updated, margins * targets
    objective = losses
    if decay_rate > 0:
        norms = blocks.penalty_sum(steps, scores, b, fit_intercept, decays, pre, post, squared_norms, float(w @ w))
        objective += 0.5 * decay_rate * norms
    return v * post[-1], b_end, objective, losses


def report_epoch(w: np.ndarray, b: float, count: int, sum_loss: float, objective: float, n: int, started: float,
                 score: float | None = None) -> None:
    """scikit-learn's ``verbose`` lines after an epoch: the weights' norm, their non-zeros, the bias,
    the samples seen so far (T), the mean loss and objective of the epoch (and the validation score)."""
    line = (f"Norm: {np.linalg.norm(w):.2f}, NNZs: {np.count_nonzero(w)}, Bias: {b:.6f}, T: {count}, "
            f"Avg. loss: {sum_loss / n:f}, Objective: {objective / n:f}")
    print(line if score is None else f"{line}, Validation score: {score:f}")
    print(f"Total training time: {time.perf_counter() - started:.2f} seconds.")


def sgd_one_problem(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, loss_fn, *, alpha: float,
                    l2_share: float, schedule: str, eta0: float, power_t: float, optimal_init: float,
                    fit_intercept: bool, t: float, max_iter: int, seed: int | None, stop: bool,
                    tol: float | None, n_iter_no_change: int, validation=None, loss_name: str | None = None,
                    sample_weight: np.ndarray | None = None, verbose: int = 0):
    """Run SGD epochs on one problem; returns (w, b, epochs run, converged).

    ``seed`` sets the samples' order in every epoch (:func:`_sgd_shuffle.epoch_orders`; None: 0…n−1).
    ``sample_weight`` (n,), or None for all 1, multiplies each sample's gradient step (not its
    weight decay, nor its loss in the stopping rule), as in scikit-learn: w ← δ_i w − η_i c_i g_i x_i.
    ``verbose`` > 0 prints scikit-learn's lines for every epoch (:func:`report_epoch`).

    ``l2_share`` is α's L2 part (1 − l1_ratio, or 0 without penalty). Stopping: after each epoch
    the mean training loss (or, with ``validation``, the validation score) must improve by ``tol``
    within ``n_iter_no_change`` epochs, as in scikit-learn; 'adaptive' first divides η by 5.
    ``loss_name`` (a key of ``_sgd_blocks.BLOCK_LOSSES``, or None) lets blocks of samples run at once.
    """
    n = X.shape[0]
    w = np.array(w, dtype=np.float64)
    eta_of = step_size(schedule, alpha=alpha, eta0=eta0, power_t=power_t, optimal_init=optimal_init)
    eta_fixed = eta0
    decay_rate = l2_share * alpha
    tol = -math.inf if tol is None else float(tol)
    best, no_improvement = math.inf, 0
    epoch = 0
    squared_norms = np.einsum("ij,ij->i", X, X)              # ‖x‖² of every row, for ‖w‖² in the objective
    work: dict = {}                                          # arrays reused from chunk to chunk
    in_blocks = loss_name in blocks.BLOCK_LOSSES and X.shape[1] <= blocks.MAX_FEATURES
    orders = epoch_orders(n, seed)
    started = time.perf_counter()
    for epoch in range(1, max_iter + 1):
        if verbose > 0:
            print(f"-- Epoch {epoch}")
        order = next(orders)
        # η and the decay of every update of the epoch at once: they depend on the counter t only
        if eta_of is None:
            etas = np.full(n, eta_fixed)
        else:
            etas = eta_of(t + np.arange(n, dtype=np.float64))
        decays = np.maximum(1.0 - decay_rate * etas, 0.0)
        sum_loss = plain_loss = 0.0
        for start in range(0, n, CHUNK):
            chunk = slice(start, start + CHUNK)
            rows = order[chunk]
            steps = etas[chunk] if sample_weight is None else etas[chunk] * sample_weight[rows]
            args = (np.take(X, rows, axis=0, mode="clip", out=blocks.buffer(work, "X", (len(rows), X.shape[1]))), y[rows],
                    steps, decays[chunk], squared_norms[rows], w, b)
            result = None
            if in_blocks:
                result = _in_blocks(*args, loss_name, decay_rate, fit_intercept, work)
            if result is None:
                result = _one_by_one(*args, loss_fn, decay_rate, fit_intercept)
            w, b, chunk_objective, chunk_loss = result
            sum_loss += chunk_objective
            plain_loss += chunk_loss
        t += n
        if not (np.all(np.isfinite(w)) and math.isfinite(b) and math.isfinite(sum_loss)):
            raise ValueError(f"Floating-point under-/overflow occurred at epoch #{epoch}. Scaling input "
                             "data with StandardScaler or MinMaxScaler might help, or a smaller eta0.")
        score = validation(w, b) if stop and validation is not None else None
        if verbose > 0:
            report_epoch(w, b, epoch * n, plain_loss, sum_loss, n, started, score)
        if not stop:
            continue
        if validation is not None:
            objective = -score                   # a score: higher is better
        else:
            objective = sum_loss / n
        worse = objective > best - tol
        best = min(best, objective)
        no_improvement = no_improvement + 1 if worse else 0
        if no_improvement >= n_iter_no_change:
            if schedule == "adaptive" and eta_fixed > 1e-6:
                eta_fixed /= 5.0
                no_improvement = 0
            else:
                if verbose > 0:
                    print(f"Convergence after {epoch} epochs took {time.perf_counter() - started:.2f} seconds")
                return w, b, epoch, True
    return w, b, epoch, False
