"""Long short-term memory (Hochreiter and Schmidhuber 1997) over a whole sequence.

See ``glassnet.ops.recurrent`` for the plan every recurrent op follows (one product for the
inputs of all steps, a loop over time, BPTT in reverse, masks, recurrent dropout, trace).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.recurrent import (ACTIVATIONS, batch_first, batch_first_view, check_mask, check_sequence,
                                    one_blas_thread, previous_states, project_inputs, weight_gradients)


def _internal_order(units: int) -> np.ndarray:
    """Columns of Keras's gate order (i, f, c, o) rearranged as (i, f, o, c): the three sigmoid
    gates side by side, so one call computes them."""
    u = units
    return np.r_[0:2 * u, 3 * u:4 * u, 2 * u:3 * u]


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
    u = recurrent_kernel.shape[0]
    order = _internal_order(u)
    w_int, u_int = kernel.data[:, order], np.ascontiguousarray(recurrent_kernel.data[:, order])
    x_tm, gates = project_inputs(x.data, w_int, None if bias is None else bias.data[order])
    t_steps, n = gates.shape[:2]
    states = np.empty((t_steps, n, 2 * u), gates.dtype)          # [h | c] of every step: the output
    h_all, c_all = states[..., :u], states[..., u:]
    tanh_c = np.empty_like(c_all)
    h, c = h0.data, c0.data
    with one_blas_thread():
        for t in range(t_steps):
            z = gates[t]
            z += (h if recurrent_mask is None else h * recurrent_mask) @ u_int
            s_act(z[:, :3 * u])                          # i, f, o
            f_act(z[:, 3 * u:])                          # g
            np.multiply(z[:, u:2 * u], c, out=c_all[t])          # c_t = f ⊙ c_{t−1} + i ⊙ g
            c_all[t] += z[:, :u] * z[:, 3 * u:]
            np.copyto(tanh_c[t], c_all[t])
            f_act(tanh_c[t])
            np.multiply(z[:, 2 * u:3 * u], tanh_c[t], out=h_all[t])   # h_t = o ⊙ tanh(c_t)
            if mask is not None:                                       # masked: carry the states over
                keep = mask[:, t, None]
                h_all[t], c_all[t] = np.where(keep, h_all[t], h), np.where(keep, c_all[t], c)
            h, c = h_all[t], c_all[t]
    if trace is not None:
        trace.update(h=batch_first_view(h_all), c=batch_first_view(c_all),
                     gates={name: batch_first_view(gates[:, :, k * u:(k + 1) * u])
                            for name, k in (("i", 0), ("f", 1), ("o", 2), ("c", 3))})

    def backward(g):
        g = g.transpose(1, 0, 2)
        delta = np.empty_like(gates)
        h_grads, c_grads = np.empty_like(h_all), np.empty_like(c_all)
        dh, dc = np.zeros_like(h0.data), np.zeros_like(c0.data)
        if mask is None:
            dh, dc = _bptt(g, gates, c0.data, c_all, tanh_c, u_int, recurrent_mask, s_prime, f_prime,
                           delta, h_grads, c_grads)
        else:
            with one_blas_thread():
                for t in reversed(range(t_steps)):
                    i, f, o, cand = (gates[t][:, k * u:(k + 1) * u] for k in range(4))
                    c_prev = c0.data if t == 0 else c_all[t - 1]
                    dh = g[t, :, :u] + dh
                    dc = g[t, :, u:] + dc
                    h_grads[t] = dh
                    through_tanh = dh * o * f_prime(tanh_c[t])
                    if mask is not None:
                        keep = mask[:, t, None]
                        through_tanh *= keep                 # a masked step only carries c over
                    dc = dc + through_tanh
                    c_grads[t] = dc
                    d = delta[t]
                    d[:, :u] = dc * cand
                    d[:, u:2 * u] = dc * c_prev
                    d[:, 2 * u:3 * u] = dh * tanh_c[t]
                    d[:, :3 * u] *= s_prime(gates[t][:, :3 * u])
                    d[:, 3 * u:] = dc * i * f_prime(cand)
                    through_c = dc * f
                    if mask is not None:
                        d *= keep
                        through_c = np.where(keep, through_c, dc)
                    through_h = d @ u_int.T
                    if recurrent_mask is not None:
                        through_h *= recurrent_mask
                    if mask is not None:
                        through_h += dh * ~keep
                    dh, dc = through_h, through_c
        if trace is not None:
            trace.update(h_grads=batch_first_view(h_grads), c_grads=batch_first_view(c_grads))
        h_prev = previous_states(h0.data, h_all, recurrent_mask)
        dw_int, du_int, dx = weight_gradients(x_tm, h_prev, delta, delta, w_int, u_int)
        dw, du = np.empty_like(dw_int), np.empty_like(du_int)
        dw[:, order], du[:, order] = dw_int, du_int
        grads = (dx, dh, dc, dw, du)
        if bias is None:
            return grads
        db = np.empty(4 * u, dtype=delta.dtype)
        db[order] = delta.sum(axis=(0, 1))
        return grads + (db,)

    parents = (x, h0, c0, kernel, recurrent_kernel) + (() if bias is None else (bias,))
    return Tensor.from_op(batch_first(states), parents, backward, name="lstm")


def _bptt(g, gates, c0, c_all, tanh_c, u_int, recurrent_mask, s_prime, f_prime, delta, h_grads, c_grads):
    """Backpropagation through time without a mask, the fast way (same rules as in ``lstm``).

    Everything that does not depend on the gradients flowing back is computed for all steps at
    once before the loop: with P = [g ⊙ σ'(i) | c_{t−1} ⊙ σ'(f) | tanh(c_t) ⊙ σ'(o) | i ⊙ tanh'(g)],
    a step is only  dh += g_h;  dc += g_c + dh ⊙ o ⊙ tanh'(c);  δ = P ⊙ [dc | dc | dh | dc];
    dh = δ·Uᵀ;  dc = dc ⊙ f.  Fills ``delta``, ``h_grads`` and ``c_grads``; returns (dL/dh₀, dL/dc₀).
    """
    t_steps, n, width = gates.shape
    u = width // 4
    c_prev = np.concatenate([c0[None], c_all[:-1]])
    factors = np.empty_like(gates)
    factors[..., :3 * u] = s_prime(gates[..., :3 * u])
    factors[..., :u] *= gates[..., 3 * u:]
    factors[..., u:2 * u] *= c_prev
    factors[..., 2 * u:3 * u] *= tanh_c
    factors[..., 3 * u:] = f_prime(gates[..., 3 * u:]) * gates[..., :u]
    through_tanh = gates[..., 2 * u:3 * u] * f_prime(tanh_c)          # o ⊙ tanh'(c_t)
    u_t = np.ascontiguousarray(u_int.T)
    dh, dc = np.zeros((n, u), gates.dtype), np.zeros((n, u), gates.dtype)
    with one_blas_thread():
        for t in reversed(range(t_steps)):
            np.add(g[t, :, :u], dh, out=h_grads[t])
            dh = h_grads[t]
            np.multiply(dh, through_tanh[t], out=c_grads[t])
            c_grads[t] += g[t, :, u:]
            c_grads[t] += dc
            dc = c_grads[t]
            d = delta[t]
            np.multiply(factors[t].reshape(n, 4, u), dc[:, None, :], out=d.reshape(n, 4, u))
            np.multiply(dh, factors[t, :, 2 * u:3 * u], out=d[:, 2 * u:3 * u])
            dh = d @ u_t
            if recurrent_mask is not None:
                dh *= recurrent_mask
            dc = dc * gates[t, :, u:2 * u]
    return dh, dc


__all__ = ["lstm"]
