"""Long short-term memory (Hochreiter and Schmidhuber 1997) over a whole sequence.

See ``glassnet.ops.recurrent`` for the plan every recurrent op follows (a loop over time, BPTT
in reverse, masks, recurrent dropout, trace). The LSTM goes one step further for speed:

**States as columns, one product per step.** Inside the op every state is kept transposed,
h_tᵀ of shape (u, N), and a step computes the pre-activations of all four gates as ONE
matrix product

    Zᵀ_t = A · [x_t; 1; h_{t−1}]        A = [Wᵀ | b | Uᵀ]  (4u × (F + 1 + u)):

the input projection x_t·W + b costs no pass of its own. The operands of every step live in
one buffer ``columns`` (T + 1, F + 1 + 2u, N) whose block t is [x_tᵀ; 1; h_{t−1}ᵀ; c_{t−1}ᵀ]:
x and the ones are written before the loop, and step t writes h_t and c_t straight into block
t + 1, where the next product reads h_t. So every gate, h_t and c_t of every step is one
contiguous (u, N) block; the output (N, T, 2u) = [h | c] is a view of blocks 1..T (no copy);
and the weight gradients are one product over all steps, [dW; db; dU] = Σ_t [x_t; 1; h_{t−1}]·δ_tᵀ.

**One exponential.** The rows of A are in the gate order i, f, o, g (the three sigmoid gates
side by side, the candidate last) and, with the default activations, one NumPy call
activates all four gates of a step, since

    σ(z) = 1 / (1 + e^(−z))   and   tanh(z) = 2·σ(2z) − 1:

the rows of the sigmoid gates are multiplied by −1 and those of the candidate by −2 (exact in
floating point), so that A·[x; 1; h] already is −z (−2z); e = exp(·), then [1, 1, 1, 2]/(1 + e)
gives σ for i, f, o and 2σ(2z) for g, which − 1 turns into tanh(z).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, is_grad_enabled
from glassnet.ops.recurrent import ACTIVATIONS, check_mask, check_sequence, one_blas_thread


def _internal_order(units: int) -> np.ndarray:
    """Columns of Keras's gate order (i, f, c, o) rearranged as (i, f, o, c)."""
    u = units
    return np.concatenate([np.arange(0, 2 * u), np.arange(3 * u, 4 * u), np.arange(2 * u, 3 * u)])


def _step_matrix(kernel, recurrent_kernel, bias, order, scale) -> np.ndarray:
    """A = [Wᵀ | b | Uᵀ] (4u, F (+ 1) + u), rows in the internal gate order, each gate's rows scaled."""
    blocks = [kernel[:, order].T] + ([] if bias is None else [bias[order, None]]) + [recurrent_kernel[:, order].T]
    return np.concatenate(blocks, axis=1) * scale


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
    n, t_steps, n_in = x.shape
    u = recurrent_kernel.shape[0]
    dtype = np.result_type(x.data, kernel.data)
    order = _internal_order(u)
    scale = np.repeat(np.array([-1, -1, -1, -2] if one_exp else [1, 1, 1, 1], dtype), u)[:, None]
    step_matrix = _step_matrix(kernel.data, recurrent_kernel.data, None if bias is None else bias.data, order, scale)
    k_in = step_matrix.shape[1] - u                                                # rows of [x_t; 1]
    columns = np.empty((t_steps + 1, k_in + 2 * u, n), dtype)                      # [x_t; 1; h_{t−1}; c_{t−1}]
    columns[:t_steps, :n_in] = x.data.transpose(1, 2, 0)
    if bias is not None:
        columns[:t_steps, n_in] = 1
    columns[0, k_in:k_in + u], columns[0, k_in + u:] = h0.data.T, c0.data.T
    states = columns[1:, k_in:]                                                    # (T, 2u, N): h_t, c_t
    h_all, c_all = states[:, :u], states[:, u:]
    rec_mask = None if recurrent_mask is None else np.ascontiguousarray(np.asarray(recurrent_mask, dtype).T)
    operand = None if rec_mask is None else np.empty((k_in + u, n), dtype)        # [x_t; 1; h_{t−1} ⊙ m]
    gates = np.empty((t_steps, 4, u, n), dtype)                                    # i, f, o, g of every step
    needs_grad = is_grad_enabled() and any(v.requires_grad for v in (x, h0, c0, kernel, recurrent_kernel, bias)
                                           if v is not None)
    tanh_c = np.empty((t_steps if needs_grad else 1, u, n), dtype)                 # kept for backward only
    input_part = np.empty((u, n), dtype)
    numerators = np.array([1, 1, 1, 2], dtype).reshape(4, 1, 1)
    with one_blas_thread(), np.errstate(over="ignore"):      # e^(−z) = inf for z ≪ 0 gives σ = 0: right
        for t in range(t_steps):
            z, block = gates[t], columns[t]
            h_prev, c_prev = block[k_in:k_in + u], block[k_in + u:]
            if rec_mask is None:
                np.matmul(step_matrix, block[:k_in + u], out=z.reshape(4 * u, n))
            else:                                            # recurrent dropout: h_{t−1} ⊙ m enters the product
                np.copyto(operand[:k_in], block[:k_in])
                np.multiply(h_prev, rec_mask, out=operand[k_in:])
                np.matmul(step_matrix, operand, out=z.reshape(4 * u, n))
            i, f, o, g = z
            if one_exp:
                np.exp(z, out=z)
                z += 1
                np.divide(numerators, z, out=z)              # σ(z) for i, f, o;  2σ(2z) for g
                g -= 1                                       # g = 2σ(2z) − 1 = tanh(z)
            else:
                s_act(z[:3])
                f_act(g)
            c_t, h_t, tanh_c_t = c_all[t], h_all[t], tanh_c[t if needs_grad else 0]
            np.multiply(f, c_prev, out=c_t)                  # c_t = f ⊙ c_{t−1} + i ⊙ g
            np.multiply(i, g, out=input_part)
            c_t += input_part
            if one_exp:
                np.tanh(c_t, out=tanh_c_t)
            else:
                np.copyto(tanh_c_t, c_t)
                f_act(tanh_c_t)
            np.multiply(o, tanh_c_t, out=h_t)                # h_t = o ⊙ tanh(c_t)
            if mask is not None:                             # masked: carry the states over
                skip = ~mask[:, t]
                np.copyto(h_t, h_prev, where=skip)
                np.copyto(c_t, c_prev, where=skip)
    if trace is not None:
        trace.update(h=h_all.transpose(2, 0, 1), c=c_all.transpose(2, 0, 1),
                     gates={name: gates[:, k].transpose(2, 0, 1) for k, name in enumerate("ifoc")})

    def backward(grad):
        # (N, T, 2u) → (T, 2, u, N); already this layout (no copy) when it was made like the output
        grad = np.ascontiguousarray(grad.reshape(n, t_steps, 2, u).transpose(1, 2, 3, 0))
        u_int = np.ascontiguousarray(recurrent_kernel.data[:, order])             # (u, 4u)
        delta = np.empty((t_steps, 4, u, n), dtype)                                 # δ_tᵀ in the order i, f, o, g
        h_grads, c_grads = np.empty((t_steps, u, n), dtype), np.empty((t_steps, u, n), dtype)
        backprop = _bptt if mask is None else _bptt_masked
        dh, dc = backprop(grad, gates, columns[:t_steps, k_in + u:], c_all, tanh_c, u_int, mask, rec_mask,
                          s_prime, f_prime, delta, h_grads, c_grads)
        if trace is not None:
            trace.update(h_grads=h_grads.transpose(2, 0, 1), c_grads=c_grads.transpose(2, 0, 1))
        delta = delta.reshape(t_steps, 4 * u, n)
        operands = columns[:t_steps, :k_in + u]                                     # [x_t; 1; h_{t−1}] of every step
        if rec_mask is not None:
            operands = operands.copy()
            operands[:, k_in:] *= rec_mask
        step_grad = np.tensordot(operands, delta, axes=([0, 2], [0, 2]))          # Σ_t [x_t; 1; h_{t−1}]·δ_tᵀ
        dx = None
        if x.requires_grad:                                                          # (W·δ_tᵀ)ᵀ, batch first
            dx = np.ascontiguousarray(np.matmul(kernel.data[:, order], delta).transpose(2, 0, 1))
        dw, du = np.empty_like(kernel.data), np.empty_like(recurrent_kernel.data)
        dw[:, order], du[:, order] = step_grad[:n_in], step_grad[k_in:]
        grads = (dx, np.ascontiguousarray(dh.T), np.ascontiguousarray(dc.T), dw, du)
        if bias is None:
            return grads
        db = np.empty(4 * u, dtype=dtype)
        db[order] = step_grad[n_in]
        return grads + (db,)

    parents = (x, h0, c0, kernel, recurrent_kernel) + (() if bias is None else (bias,))
    return Tensor.from_op(states.transpose(2, 0, 1), parents, backward, name="lstm")   # a view: (N, T, [h | c])


def _bptt(grad, gates, c_prev, c_all, tanh_c, u_int, mask, rec_mask, s_prime, f_prime, delta, h_grads, c_grads):
    """Backpropagation through time without a mask, the fast way (the rules of ``lstm``, states as columns).

    Everything that does not depend on the gradients flowing back is computed for all steps at
    once before the loop: with P = [g ⊙ σ'(i) | c_{t−1} ⊙ σ'(f) | tanh(c_t) ⊙ σ'(o) | i ⊙ tanh'(g)],
    a step is only  dh += g_h;  dc += g_c + dh ⊙ o ⊙ tanh'(c);  δ = P ⊙ [dc | dc | dh | dc];
    dh = U·δ;  dc = dc ⊙ f.  Fills ``delta``, ``h_grads`` and ``c_grads``; returns (dL/dh₀ᵀ, dL/dc₀ᵀ).
    """
    i, f, o, cand = (gates[:, k] for k in range(4))                  # (T, u, N) each
    t_steps, u, n = i.shape
    factors = np.empty_like(gates)
    factors[:, 0] = s_prime(i) * cand
    factors[:, 1] = s_prime(f) * c_prev
    factors[:, 2] = s_prime(o) * tanh_c
    factors[:, 3] = f_prime(cand) * i
    through_tanh = o * f_prime(tanh_c)                               # o ⊙ tanh'(c_t)
    dh, dc = np.zeros((u, n), gates.dtype), np.zeros((u, n), gates.dtype)
    with one_blas_thread():
        for t in reversed(range(t_steps)):
            dh_t, dc_t, d = h_grads[t], c_grads[t], delta[t]
            np.add(grad[t, 0], dh, out=dh_t)
            np.multiply(dh_t, through_tanh[t], out=dc_t)
            dc_t += grad[t, 1]
            dc_t += dc
            np.multiply(factors[t], dc_t, out=d)
            np.multiply(dh_t, factors[t, 2], out=d[2])
            np.matmul(u_int, d.reshape(4 * u, n), out=dh)
            if rec_mask is not None:
                dh *= rec_mask
            np.multiply(dc_t, f[t], out=dc)
    return dh, dc


def _bptt_masked(grad, gates, c_prev_all, c_all, tanh_c, u_int, mask, rec_mask, s_prime, f_prime, delta,
                 h_grads, c_grads):
    """Backpropagation through time with a mask, step by step: a masked step only carries dh, dc over."""
    t_steps, u, n = c_all.shape
    dh, dc = np.zeros((u, n), gates.dtype), np.zeros((u, n), gates.dtype)
    with one_blas_thread():
        for t in reversed(range(t_steps)):
            i, f, o, cand = gates[t]
            keep = mask[:, t]                                          # (N,): one flag per column
            c_prev = c_prev_all[t]
            dh = grad[t, 0] + dh
            h_grads[t] = dh
            dc = grad[t, 1] + dc + dh * o * f_prime(tanh_c[t]) * keep
            c_grads[t] = dc
            d = delta[t]
            d[0] = dc * cand * s_prime(i)
            d[1] = dc * c_prev * s_prime(f)
            d[2] = dh * tanh_c[t] * s_prime(o)
            d[3] = dc * i * f_prime(cand)
            d *= keep
            through_h = u_int @ d.reshape(4 * u, n)
            if rec_mask is not None:
                through_h *= rec_mask
            dh = through_h + dh * ~keep
            dc = np.where(keep, dc * f, dc)
    return dh, dc


__all__ = ["lstm"]
