"""Gated recurrent unit (Cho et al. 2014) over a whole sequence.

See ``glassnet.ops.recurrent`` for the plan every recurrent op follows (one product for the
inputs of all steps, a loop over time, BPTT in reverse, masks, recurrent dropout, trace).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.recurrent import (ACTIVATIONS, batch_first_view, check_mask, check_sequence,
                                    one_blas_thread, previous_states, time_major, weight_gradients)


def _gate_major(w: np.ndarray, units: int) -> np.ndarray:
    """(…, 3u) in Keras's column order z, r, h → (3, …, u): each gate one contiguous block."""
    return np.stack([w[..., k * units:(k + 1) * units] for k in range(3)])


def gru(x, h0, kernel, recurrent_kernel, bias=None, mask=None, recurrent_mask=None, reset_after: bool = True,
        activation: str = "tanh", recurrent_activation: str = "sigmoid", trace: dict | None = None) -> Tensor:
    """A GRU layer over a whole sequence: every state h_t, shape (N, T, u).

    Gates in Keras's order z, r, h (columns of W (F, 3u) and U (u, 3u)):

        z = σ(x·W_z + h_{t−1}·U_z + b_z)                     (update gate)
        r = σ(x·W_r + h_{t−1}·U_r + b_r)                     (reset gate)
        reset_after=True  (Keras's default, bias (2, 3u): input bias b⁽ⁱ⁾, recurrent bias b⁽ʳ⁾):
            h̃ = tanh(x·W_h + b⁽ⁱ⁾_h + r ⊙ (h_{t−1}·U_h + b⁽ʳ⁾_h))
        reset_after=False (bias (3u,)):
            h̃ = tanh(x·W_h + (r ⊙ h_{t−1})·U_h + b_h)
        h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃

    Backward through time, with dh_t = dL/dh_t (output at t + what flows back from t+1):

        dh̃ = dh_t ⊙ (1 − z)   dz = dh_t ⊙ (h_{t−1} − h̃)   dh_{t−1} ∋ dh_t ⊙ z
        δ_h = dh̃ ⊙ (1 − h̃²);  after: dr = δ_h ⊙ (h_{t−1}·U_h + b⁽ʳ⁾_h), the recurrent part
        of δ_h is r ⊙ δ_h;  before: d(r ⊙ h) = δ_h·U_hᵀ, dr = d(r ⊙ h) ⊙ h_{t−1}
        δ_z = dz ⊙ z(1 − z),  δ_r = dr ⊙ r(1 − r)

    Parameters
    ----------
    x : Tensor (N, T, F);  h0 : Tensor (N, u)
    kernel, recurrent_kernel : W (F, 3u), U (u, 3u);  bias : (2, 3u) if reset_after else (3u,), optional
    mask, recurrent_mask, trace : see ``glassnet.ops.recurrent``; the trace gets 'h', 'gates'
        ({'z', 'r', 'h'}: each (N, T, u), 'h' being the candidate h̃), and after backward 'h_grads'.
    """
    x, h0, kernel, recurrent_kernel = (ensure_tensor(v) for v in (x, h0, kernel, recurrent_kernel))
    bias = None if bias is None else ensure_tensor(bias)
    check_sequence(x.data, "gru")
    mask = check_mask(mask, x.shape, "gru")
    f_act, f_prime = ACTIVATIONS[activation]
    s_act, s_prime = ACTIVATIONS[recurrent_activation]
    one_exp = recurrent_activation == "sigmoid"      # σ(z) = 1/(1 + e^(−z)): z, r weights scaled by −1
    u = recurrent_kernel.shape[0]
    u_mat = recurrent_kernel.data
    dtype = np.result_type(x.data, kernel.data)
    scale = np.array([-1, -1, 1] if one_exp else [1, 1, 1], dtype).reshape(3, 1, 1)
    b = None if bias is None else bias.data
    b_in = None if b is None else (b[0] if reset_after else b)
    b_rec = None if b is None or not reset_after else b[1]
    u3 = _gate_major(u_mat, u) * scale                                        # (3, u, u)
    x_tm = time_major(x.data)
    gates = np.matmul(x_tm, _gate_major(kernel.data, u) * scale)              # (3, T·N, u), becomes z, r, h̃
    if b_in is not None:
        gates += _gate_major(b_in, u)[:, None, :] * scale
    if b_rec is not None:                                                     # b⁽ʳ⁾ of z and r simply adds
        gates[:2] += _gate_major(b_rec, u)[:2, None, :] * scale[:2]
    t_steps, n = x.shape[1], x.shape[0]
    gates = gates.reshape(3, t_steps, n, u)
    output = np.empty((n, t_steps, u), gates.dtype)
    h_all = output.transpose(1, 0, 2)   # time-major view of the batch-first output: no copy at the end
    rec_h = np.empty((t_steps, n, u), gates.dtype)        # after: h_{t−1}·U_h + b⁽ʳ⁾_h;  before: r ⊙ h_{t−1} (dropped)
    recurrent = np.empty((3, n, u), gates.dtype)
    h = h0.data
    with one_blas_thread(), np.errstate(over="ignore"):      # e^(−z) = inf for z ≪ 0 gives σ = 0: right
        for t in range(t_steps):
            z = gates[:, t]
            zr, cand = z[:2], z[2]
            hd = h if recurrent_mask is None else h * recurrent_mask
            if reset_after:
                np.matmul(hd, u3, out=recurrent)
                zr += recurrent[:2]
            else:
                np.matmul(hd, u3[:2], out=recurrent[:2])
                zr += recurrent[:2]
            if one_exp:
                np.exp(zr, out=zr)
                zr += 1
                np.reciprocal(zr, out=zr)
            else:
                s_act(zr)
            zg, r = zr
            if reset_after:
                np.copyto(rec_h[t], recurrent[2])
                if b_rec is not None:
                    rec_h[t] += b_rec[2 * u:]
                cand += r * rec_h[t]
            else:
                np.multiply(r, hd, out=rec_h[t])
                cand += rec_h[t] @ u3[2]
            f_act(cand)
            h_new = cand + zg * (h - cand)
            h = h_new if mask is None else np.where(mask[:, t, None], h_new, h)
            h_all[t] = h
    if trace is not None:
        trace.update(h=batch_first_view(h_all), gates={name: batch_first_view(gates[k])
                                                 for k, name in enumerate("zrh")})

    def backward(g):
        g = g.transpose(1, 0, 2)
        d_in = np.empty((t_steps, n, 3 * u), gates.dtype)     # dL/d(x·W + b⁽ⁱ⁾) of each step
        d_rec = np.empty_like(d_in) if reset_after else None
        d_rh = None if reset_after else np.empty_like(rec_h)
        h_grads = np.empty_like(rec_h)
        dh = np.zeros_like(h0.data)
        with one_blas_thread():
            for t in reversed(range(t_steps)):
                zg, r, cand = gates[:, t]
                h_prev = h0.data if t == 0 else h_all[t - 1]
                dh = g[t] + dh
                h_grads[t] = dh
                d = d_in[t]
                d[:, 2 * u:] = dh * (1 - zg) * f_prime(cand)           # δ_h
                d[:, :u] = dh * (h_prev - cand) * s_prime(zg)          # δ_z
                keep = None if mask is None else mask[:, t, None]
                if keep is not None:
                    d *= keep
                if reset_after:
                    d[:, u:2 * u] = d[:, 2 * u:] * rec_h[t] * s_prime(r)
                    dr = d_rec[t]
                    dr[:, :2 * u] = d[:, :2 * u]
                    dr[:, 2 * u:] = d[:, 2 * u:] * r
                    back = dr @ u_mat.T
                else:
                    d_r_h = d[:, 2 * u:] @ u_mat[:, 2 * u:].T           # dL/d(r ⊙ h_{t−1})
                    hd = h_prev if recurrent_mask is None else h_prev * recurrent_mask
                    d[:, u:2 * u] = d_r_h * hd * s_prime(r)
                    d_rh[t] = d[:, 2 * u:]
                    back = d[:, :2 * u] @ u_mat[:, :2 * u].T + d_r_h * r
                if recurrent_mask is not None:
                    back *= recurrent_mask
                direct = dh * zg if keep is None else np.where(keep, dh * zg, dh)
                dh = back + direct
        if trace is not None:
            trace["h_grads"] = batch_first_view(h_grads)
        h_prev = previous_states(h0.data, h_all, recurrent_mask)
        if reset_after:
            dw, du, dx = weight_gradients(x_tm, h_prev, d_in, d_rec, kernel.data, u_mat)
        else:
            # the update and reset gates read U·h_{t−1} directly; the candidate reads r ⊙ h_{t−1}
            du_zr = h_prev.reshape(t_steps * n, u).T @ d_in[:, :, :2 * u].reshape(t_steps * n, 2 * u)
            dw = x_tm.T @ d_in.reshape(t_steps * n, -1)
            dx = (d_in.reshape(t_steps * n, -1) @ kernel.data.T).reshape(t_steps, n, -1).transpose(1, 0, 2)
            du_h = rec_h.reshape(t_steps * n, u).T @ d_rh.reshape(t_steps * n, u)
            du = np.concatenate([du_zr, du_h], axis=1)
        grads = (dx, dh, dw, du)
        if bias is None:
            return grads
        db_in = d_in.sum(axis=(0, 1))
        db = np.stack([db_in, d_rec.sum(axis=(0, 1))]) if reset_after else db_in
        return grads + (db,)

    parents = (x, h0, kernel, recurrent_kernel) + (() if bias is None else (bias,))
    return Tensor.from_op(output, parents, backward, name="gru")


__all__ = ["gru"]
