"""Recurrent operations: a whole sequence in one op, forward and backpropagation through time.

Every recurrent op here follows the same plan, the fast and the readable way at once:

1. the input projection of all time steps is ONE matrix product, x·W + b for (N·T, F) rows;
2. a loop over time does only what cannot be done at once: h_{t−1}·U and the gates;
3. backward walks the same loop in reverse (backpropagation through time, BPTT), collecting
   δ_t = dL/dz_t of every step; the weight gradients are then again single products:

       dL/dW = Σ_t x_tᵀ·δ_t = Xᵀ·Δ,   dL/dU = Σ_t h_{t−1}ᵀ·δ_t,   dL/db = Σ_t Σ_batch δ_t.

Arrays inside the loop are time-major (T, N, ·) so that each step reads one contiguous block;
the gated cells keep their gates gate-major (k, T, N, u), one contiguous (N, u) block per gate
and step, and activate the sigmoid gates with one exponential, σ(z) = 1/(1 + e^(−z)), their
weights multiplied by −1 beforehand (exact in floating point). The output (N, T, ·) is written
in place, batch first, through a time-major view: no copy at the end. The LSTM goes further
(``lstm.py``): states kept as columns (u, N), and the input projection folded into the step's
one product, [x_t; 1; h_{t−1}] → all four gates.

Masks: ``mask`` (N, T) of booleans marks the real steps; at a masked step the state is
carried over unchanged (h_t = h_{t−1}, as Keras does), so its gradient flows straight through.
``recurrent_mask`` (N, u) is recurrent dropout: h_{t−1} is multiplied by it (the same mask at
every step) before h_{t−1}·U.

``trace`` (a dict, optional) receives the glass-box arrays: every state and gate over time,
batch first (N, T, u), and after backward ``h_grads``: dL/dh_t reaching each step (from the
output at t and from every later step).

This module holds the shared pieces and the Elman network; ``lstm.py`` and ``gru.py`` the gated cells.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
# the loop over time multiplies small matrices (N×u by u×k·u), one per step: BLAS helper threads cost
# more to wake than they save (measured on a busy machine: 10 ms instead of 20 µs per product)
from glassnet.utils.threads import one_blas_thread

# ---------------------------------------------------------------------- activations inside the loop
def _sigmoid_(z: np.ndarray) -> np.ndarray:
    """σ(z) = ½·(1 + tanh(z/2)), in place: stable for any z, no exp overflow."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


# name -> (f applied in place, f' expressed with the output a = f(z))
ACTIVATIONS = {
    "tanh": (lambda z: np.tanh(z, out=z), lambda a: 1 - a * a),
    "sigmoid": (_sigmoid_, lambda a: a * (1 - a)),
    "relu": (lambda z: np.maximum(z, 0, out=z), lambda a: (a > 0).astype(a.dtype)),
    "linear": (lambda z: z, lambda a: np.ones_like(a)),
}


def activation_name(activation, argument: str) -> str:
    """The name of a supported loop activation ('tanh', 'sigmoid', 'relu', 'linear')."""
    name = "linear" if activation is None else getattr(activation, "__name__", activation)
    if name not in ACTIVATIONS:
        raise ValueError(f"{argument} must be one of {sorted(ACTIVATIONS)} in a recurrent layer, got {activation!r}")
    return name


# ---------------------------------------------------------------------- checks and small ops
def check_sequence(x: np.ndarray, what: str) -> None:
    if x.ndim != 3:
        raise ValueError(f"{what} expects input of shape (batch, timesteps, features), "
                         f"got shape {tuple(x.shape)} ({x.ndim}-D)")


def check_mask(mask, x_shape, what: str) -> np.ndarray | None:
    """The mask as booleans (N, T), or a clear error naming both shapes."""
    if mask is None:
        return None
    mask = np.asarray(mask.data if isinstance(mask, Tensor) else mask).astype(bool)
    if mask.shape != tuple(x_shape[:2]):
        raise ValueError(f"{what}: the mask has shape {mask.shape}, expected (batch, timesteps) = "
                         f"{tuple(x_shape[:2])} for input of shape {tuple(x_shape)}")
    return mask


def take(a, index) -> Tensor:
    """c = a[index] for basic (non-repeating) indexing;  dL/da = zeros with dL/dc put back at index."""
    a = ensure_tensor(a)

    def backward(g):
        grad = np.zeros_like(a.data)
        grad[index] = g
        return (grad,)
    return Tensor.from_op(a.data[index], (a,), backward, name="take")


def reverse_time(a) -> Tensor:
    """c[:, t] = a[:, T−1−t] (go_backwards);  dL/da is dL/dc reversed the same way."""
    a = ensure_tensor(a)
    return Tensor.from_op(np.ascontiguousarray(a.data[:, ::-1]), (a,),
                          lambda g: (np.ascontiguousarray(g[:, ::-1]),), name="reverse_time")


def time_major(x: np.ndarray) -> np.ndarray:
    """The (N, T, F) batch as (T·N, F) rows, step after step: X of the products below."""
    n, t, f = x.shape
    return np.ascontiguousarray(x.transpose(1, 0, 2)).reshape(t * n, f)


def project_inputs(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """X (T·N, F) time-major and X·W + b for every step at once, shaped (T, N, k·u)."""
    n, t = x.shape[:2]
    x_tm = time_major(x)
    projected = x_tm @ kernel
    if bias is not None:
        projected += bias
    return x_tm, projected.reshape(t, n, -1)


def weight_gradients(x_tm, h_prev, d_in, d_rec, kernel, recurrent_kernel):
    """dW = Xᵀ·Δ_in, dU = H_prevᵀ·Δ_rec, dX = Δ_in·Wᵀ (batch first again): three products, no loop."""
    t, n, _ = d_in.shape
    d_in2 = d_in.reshape(t * n, -1)
    d_rec2 = d_rec.reshape(t * n, -1)
    dw = x_tm.T @ d_in2
    du = h_prev.reshape(t * n, -1).T @ d_rec2
    dx = (d_in2 @ kernel.T).reshape(t, n, -1).transpose(1, 0, 2)
    return dw.astype(kernel.dtype, copy=False), du.astype(recurrent_kernel.dtype, copy=False), dx


def previous_states(h0: np.ndarray, states: np.ndarray, recurrent_mask) -> np.ndarray:
    """h_{t−1} for t = 0..T−1, time-major (T, N, u), with recurrent dropout applied."""
    h_prev = np.concatenate([h0[None], states[:-1]])
    return h_prev if recurrent_mask is None else h_prev * recurrent_mask


def batch_first_view(a: np.ndarray) -> np.ndarray:
    """(T, N, ·) seen as (N, T, ·) without a copy: the glass-box arrays cost nothing to keep."""
    return a.transpose(1, 0, 2)


# ---------------------------------------------------------------------- Elman network
def simple_rnn(x, h0, kernel, recurrent_kernel, bias=None, mask=None, recurrent_mask=None,
               activation: str = "tanh", trace: dict | None = None) -> Tensor:
    """Elman's recurrent layer over a whole sequence: every state h_t, shape (N, T, u).

        z_t = x_t·W + h_{t−1}·U + b,    h_t = f(z_t)            (f = tanh by default)

    Backward through time, with g_t = dL/dh_t from the output and δ_t = dL/dz_t:

        dh_t = g_t + δ_{t+1}·Uᵀ        (the output at t, plus the future through h_t)
        δ_t  = dh_t ⊙ f'(z_t)

    Parameters
    ----------
    x : Tensor (N, T, F);  h0 : Tensor (N, u), the initial state
    kernel : Tensor (F, u) W;  recurrent_kernel : Tensor (u, u) U;  bias : Tensor (u,), optional
    mask : bool array (N, T), optional;  recurrent_mask : array (N, u), optional (see module)
    activation : 'tanh', 'sigmoid', 'relu' or 'linear'
    trace : dict, optional — gets 'h' (N, T, u) and after backward 'h_grads' (N, T, u)
    """
    x, h0, kernel, recurrent_kernel = (ensure_tensor(v) for v in (x, h0, kernel, recurrent_kernel))
    bias = None if bias is None else ensure_tensor(bias)
    check_sequence(x.data, "simple_rnn")
    mask = check_mask(mask, x.shape, "simple_rnn")
    f, f_prime = ACTIVATIONS[activation]
    u_mat = recurrent_kernel.data
    x_tm, z = project_inputs(x.data, kernel.data, None if bias is None else bias.data)
    t_steps = z.shape[0]
    output = np.empty((z.shape[1], t_steps, z.shape[2]), z.dtype)
    states = output.transpose(1, 0, 2)                    # time-major view of the batch-first output
    h = h0.data
    with one_blas_thread():
        for t in range(t_steps):
            z[t] += (h if recurrent_mask is None else h * recurrent_mask) @ u_mat
            a = f(z[t])                                   # z now holds a_t = f(z_t)
            h = a if mask is None else np.where(mask[:, t, None], a, h)
            states[t] = h
    if trace is not None:
        trace["h"] = batch_first_view(states)

    def backward(g):
        g = g.transpose(1, 0, 2)
        delta = np.empty_like(z)
        h_grads = np.empty_like(z)
        dh = np.zeros_like(h0.data)
        with one_blas_thread():
            for t in reversed(range(t_steps)):
                dh = g[t] + dh
                h_grads[t] = dh
                d = dh * f_prime(z[t])
                if mask is not None:
                    d *= mask[:, t, None]
                delta[t] = d
                through = d @ u_mat.T
                if recurrent_mask is not None:
                    through *= recurrent_mask
                dh = through if mask is None else through + dh * ~mask[:, t, None]
        if trace is not None:
            trace["h_grads"] = batch_first_view(h_grads)
        h_prev = previous_states(h0.data, states, recurrent_mask)
        dw, du, dx = weight_gradients(x_tm, h_prev, delta, delta, kernel.data, u_mat)
        grads = (dx, dh, dw, du)
        return grads if bias is None else grads + (delta.sum(axis=(0, 1)),)

    parents = (x, h0, kernel, recurrent_kernel) + (() if bias is None else (bias,))
    return Tensor.from_op(output, parents, backward, name="simple_rnn")


__all__ = ["simple_rnn", "take", "reverse_time"]
