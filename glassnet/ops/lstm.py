"""Long short-term memory (Hochreiter and Schmidhuber 1997) over a whole sequence.

See ``glassnet.ops.recurrent`` for the plan every recurrent op follows (one product for the
inputs of all steps, a loop over time, BPTT in reverse, masks, recurrent dropout, trace).

Inside the op the gates are kept gate-major, ``gates[k, t]`` of shape (N, u), in the order
i, f, o, g (the three sigmoid gates side by side, the candidate last): every gate of every step
is then one contiguous block, and one NumPy call activates all four gates of a step.
With the default activations that call is one exponential, since

    σ(z) = 1 / (1 + e^(−z))   and   tanh(z) = 2·σ(2z) − 1:

the weights of the sigmoid gates are multiplied by −1 and those of the candidate by −2 (exact
in floating point), so that x·W + h·U + b already is −z (−2z), and  e = exp(·);  a = 1/(1 + e)
gives σ for i, f, o and σ(2z) for g, which 2a − 1 turns into tanh(z).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, is_grad_enabled
from glassnet.ops.recurrent import (ACTIVATIONS, batch_first_view, check_mask, check_sequence, one_blas_thread,
                                    previous_states, time_major, weight_gradients)

_KERAS_BLOCK = (0, 1, 3, 2)       # internal gate k (i, f, o, g) is Keras's column block _KERAS_BLOCK[k] (i, f, c, o)


def _internal_order(units: int) -> np.ndarray:
    """Columns of Keras's gate order (i, f, c, o) rearranged as (i, f, o, c)."""
    u = units
    return np.r_[0:2 * u, 3 * u:4 * u, 2 * u:3 * u]


def _gate_major(w: np.ndarray, units: int) -> np.ndarray:
    """(…, 4u) in Keras's column order → (4, …, u) in the internal order i, f, o, g."""
    return np.stack([w[..., k * units:(k + 1) * units] for k in _KERAS_BLOCK])


def lstm(x, h0, c0, kernel, recurrent_kernel, bias=None, mask=None, recurrent_mask=None,
         activation: str = "tanh", recurrent_activation: str = "sigmoid", trace: dict | None = None) -> Tensor:
    """An LSTM layer over a whole sequence: every (h_t, c_t), shape (N, T, 2u) = [h | c].

    Gates in Keras's order i, f, c, o (columns of W (F, 4u), U (u, 4u) and b (4u,)):

        z_t = x_t·W + h_{t−1}·U + b = [z_i | z_f | z_c | z_o]
        i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)     (input, forget, candidate, output)
        c_t = f ⊙ c_{t−1} + i ⊙ g
        h_t = o ⊙ tanh(c_t)

    Backward through time, with dh_t = dL/dh_t (output at t + δ_{t+1}·Uᵀ) and dc_t = dL/dc_t:

        dc_t = (dL/dc_t from the output) + dc_{t+1} ⊙ f_{t+1} + dh_t ⊙ o ⊙ (1 − tanh²(c_t))
        do = dh_t ⊙ tanh(c_t)   di = dc_t ⊙ g   dg = dc_t ⊙ i   df = dc_t ⊙ c_{t−1}
        δ_t = [di ⊙ i(1−i) | df ⊙ f(1−f) | dg ⊙ (1−g²) | do ⊙ o(1−o)]

    Parameters
    ----------
    x : Tensor (N, T, F);  h0, c0 : Tensors (N, u), the initial states
    kernel, recurrent_kernel, bias : W (F, 4u), U (u, 4u), b (4u,) (optional)
    mask, recurrent_mask, trace : see ``glassnet.ops.recurrent``; the trace gets 'h', 'c',
        'gates' ({'i', 'f', 'c', 'o'}: each (N, T, u)), and after backward 'h_grads', 'c_grads'.
    activation, recurrent_activation : for g and tanh(c) / for i, f, o
    """
    x, h0, c0, kernel, recurrent_kernel = (ensure_tensor(v) for v in (x, h0, c0, kernel, recurrent_kernel))
    bias = None if bias is None else ensure_tensor(bias)
    check_sequence(x.data, "lstm")
    mask = check_mask(mask, x.shape, "lstm")
    f_act, f_prime = ACTIVATIONS[activation]
    s_act, s_prime = ACTIVATIONS[recurrent_activation]
    one_exp = activation == "tanh" and recurrent_activation == "sigmoid"     # see the module
    u = recurrent_kernel.shape[0]
    dtype = np.result_type(x.data, kernel.data)
    scale = np.array([-1, -1, -1, -2] if one_exp else [1, 1, 1, 1], dtype).reshape(4, 1, 1)
    u4 = _gate_major(recurrent_kernel.data, u) * scale                         # (4, u, u)
    x_tm = time_major(x.data)                                                  # (T·N, F)
    gates = np.matmul(x_tm, _gate_major(kernel.data, u) * scale)               # (4, T·N, u): x_t·W, all steps
    if bias is not None:
        gates += _gate_major(bias.data, u)[:, None, :] * scale
    t_steps, n = x.shape[1], x.shape[0]
    gates = gates.reshape(4, t_steps, n, u)
    output = np.empty((n, t_steps, 2, u), gates.dtype)                         # h_t and c_t of every step
    h_all, c_all = output[:, :, 0].transpose(1, 0, 2), output[:, :, 1].transpose(1, 0, 2)    # time-major views
    needs_grad = is_grad_enabled() and any(v.requires_grad for v in (x, h0, c0, kernel, recurrent_kernel, bias)
                                           if v is not None)
    tanh_c = np.empty_like(h_all) if needs_grad else np.empty((1, n, u), gates.dtype)   # kept for backward only
    recurrent, input_part = np.empty((4, n, u), gates.dtype), np.empty((n, u), gates.dtype)
    h, c = h0.data, c0.data
    with one_blas_thread(), np.errstate(over="ignore"):      # e^(−z) = inf for z ≪ 0 gives σ = 0: right
        for t in range(t_steps):
            z = gates[:, t]
            np.matmul(h if recurrent_mask is None else h * recurrent_mask, u4, out=recurrent)
            z += recurrent
            if one_exp:
                np.exp(z, out=z)
                z += 1
                np.reciprocal(z, out=z)                      # σ(z) for i, f, o;  σ(2z) for g
                z[3] *= 2
                z[3] -= 1                                    # g = 2σ(2z) − 1 = tanh(z)
            else:
                s_act(z[:3])
                f_act(z[3])
            i, f, o, g = z
            np.multiply(f, c, out=c_all[t])                  # c_t = f ⊙ c_{t−1} + i ⊙ g
            np.multiply(i, g, out=input_part)
            c_all[t] += input_part
            tanh_c_t = tanh_c[t if needs_grad else 0]
            if one_exp:
                np.tanh(c_all[t], out=tanh_c_t)
            else:
                np.copyto(tanh_c_t, c_all[t])
                f_act(tanh_c_t)
            np.multiply(o, tanh_c_t, out=h_all[t])           # h_t = o ⊙ tanh(c_t)
            if mask is not None:                             # masked: carry the states over
                keep = mask[:, t, None]
                h_all[t], c_all[t] = np.where(keep, h_all[t], h), np.where(keep, c_all[t], c)
            h, c = h_all[t], c_all[t]
    if trace is not None:
        trace.update(h=batch_first_view(h_all), c=batch_first_view(c_all),
                     gates={name: batch_first_view(gates[k]) for k, name in enumerate("ifoc")})

    def backward(g):
        g = g.reshape(n, t_steps, 2, u).transpose(1, 2, 0, 3)      # (T, 2, N, u): dL/dh_t, dL/dc_t from the output
        order = _internal_order(u)
        u_int = recurrent_kernel.data[:, order]
        delta = np.empty((t_steps, n, 4 * u), gates.dtype)         # δ_t in the internal order i, f, o, g
        h_grads, c_grads = np.empty_like(h_all), np.empty_like(c_all)
        backprop = _bptt if mask is None else _bptt_masked
        dh, dc = backprop(g, gates, c0.data, c_all, tanh_c, u_int, mask, recurrent_mask, s_prime, f_prime,
                          delta, h_grads, c_grads)
        if trace is not None:
            trace.update(h_grads=batch_first_view(h_grads), c_grads=batch_first_view(c_grads))
        h_prev = previous_states(h0.data, h_all, recurrent_mask)
        dw_int, du_int, dx = weight_gradients(x_tm, h_prev, delta, delta, kernel.data[:, order], u_int)
        dw, du = np.empty_like(dw_int), np.empty_like(du_int)
        dw[:, order], du[:, order] = dw_int, du_int
        grads = (dx, dh, dc, dw, du)
        if bias is None:
            return grads
        db = np.empty(4 * u, dtype=delta.dtype)
        db[order] = delta.sum(axis=(0, 1))
        return grads + (db,)

    parents = (x, h0, c0, kernel, recurrent_kernel) + (() if bias is None else (bias,))
    return Tensor.from_op(output.reshape(n, t_steps, 2 * u), parents, backward, name="lstm")


def _bptt(g, gates, c0, c_all, tanh_c, u_int, mask, recurrent_mask, s_prime, f_prime, delta, h_grads, c_grads):
    """Backpropagation through time without a mask, the fast way (the rules of ``lstm``).

    Everything that does not depend on the gradients flowing back is computed for all steps at
    once before the loop: with P = [g ⊙ σ'(i) | c_{t−1} ⊙ σ'(f) | tanh(c_t) ⊙ σ'(o) | i ⊙ tanh'(g)],
    a step is only  dh += g_h;  dc += g_c + dh ⊙ o ⊙ tanh'(c);  δ = P ⊙ [dc | dc | dh | dc];
    dh = δ·Uᵀ;  dc = dc ⊙ f.  Fills ``delta``, ``h_grads`` and ``c_grads``; returns (dL/dh₀, dL/dc₀).
    """
    i, f, o, cand = gates
    t_steps, n, u = i.shape
    factors = np.empty((t_steps, n, 4, u), gates.dtype)
    factors[:, :, 0] = s_prime(i) * cand
    factors[:, :, 1] = s_prime(f) * previous_states(c0, c_all, None)
    factors[:, :, 2] = s_prime(o) * tanh_c
    factors[:, :, 3] = f_prime(cand) * i
    through_tanh = o * f_prime(tanh_c)                              # o ⊙ tanh'(c_t)
    u_t = np.ascontiguousarray(u_int.T)
    dh, dc = np.zeros((n, u), gates.dtype), np.zeros((n, u), gates.dtype)
    with one_blas_thread():
        for t in reversed(range(t_steps)):
            np.add(g[t, 0], dh, out=h_grads[t])
            dh = h_grads[t]
            np.multiply(dh, through_tanh[t], out=c_grads[t])
            c_grads[t] += g[t, 1]
            c_grads[t] += dc
            dc = c_grads[t]
            d = delta[t].reshape(n, 4, u)
            np.multiply(factors[t], dc[:, None, :], out=d)
            np.multiply(dh, factors[t, :, 2], out=d[:, 2])
            dh = delta[t] @ u_t
            if recurrent_mask is not None:
                dh *= recurrent_mask
            dc = dc * f[t]
    return dh, dc


def _bptt_masked(g, gates, c0, c_all, tanh_c, u_int, mask, recurrent_mask, s_prime, f_prime, delta,
                 h_grads, c_grads):
    """Backpropagation through time with a mask, step by step: a masked step only carries dh, dc over."""
    t_steps, n, u = c_all.shape
    dh, dc = np.zeros((n, u), gates.dtype), np.zeros((n, u), gates.dtype)
    with one_blas_thread():
        for t in reversed(range(t_steps)):
            i, f, o, cand = gates[:, t]
            keep = mask[:, t, None]
            c_prev = c0 if t == 0 else c_all[t - 1]
            dh = g[t, 0] + dh
            h_grads[t] = dh
            dc = g[t, 1] + dc + dh * o * f_prime(tanh_c[t]) * keep
            c_grads[t] = dc
            d = delta[t].reshape(n, 4, u)
            d[:, 0] = dc * cand * s_prime(i)
            d[:, 1] = dc * c_prev * s_prime(f)
            d[:, 2] = dh * tanh_c[t] * s_prime(o)
            d[:, 3] = dc * i * f_prime(cand)
            d *= keep[:, None]
            through_h = delta[t] @ u_int.T
            if recurrent_mask is not None:
                through_h *= recurrent_mask
            dh = through_h + dh * ~keep
            dc = np.where(keep, dc * f, dc)
    return dh, dc


__all__ = ["lstm"]
