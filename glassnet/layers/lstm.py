"""LSTM: the long short-term memory recurrent layer (Keras's ``layers.LSTM``), unrolled step by step."""
from __future__ import annotations

import numpy as np

from glassnet import activations
from glassnet.autodiff import Tensor
from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops
from glassnet.random import get_rng
from glassnet.layers.layer import Layer, register


def orthogonal(shape, dtype=None) -> np.ndarray:
    """Keras's 'orthogonal' initializer: Q of the QR decomposition of a normal matrix (sign-fixed)."""
    rows, cols = shape
    flat = get_rng().normal(size=(max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    q = q if rows >= cols else q.T
    return np.ascontiguousarray(q[:rows, :cols], dtype=dtype or np.float32)


@register
class LSTM(Layer):
    """Long short-term memory over a sequence x_1 … x_T of shape (batch, T, features).

    At each step, with [i f c̃ o] the four slices of z = x_t·W + h_{t-1}·U + b (Keras's order)::

        i = σ(z_i)   f = σ(z_f)   o = σ(z_o)         (σ: recurrent_activation, 'sigmoid')
        c̃ = tanh(z_c)                                 (tanh: activation)
        c_t = f ⊙ c_{t-1} + i ⊙ c̃
        h_t = o ⊙ tanh(c_t)

    h_0 = c_0 = 0 unless ``initial_state=[h0, c0]`` is given. Where ``mask[:, t]`` is False
    (padding), the step is skipped: h and c keep their previous values. Backpropagation through
    time comes from the ops the loop is written with.

    Parameters
    ----------
    units : int
        Length of h and c.
    return_sequences : bool
        Return every h_t, shape (batch, T, units), instead of the last, (batch, units).
    return_state : bool
        Also return the final h and c: ``output, h_T, c_T``.
    go_backwards : bool
        Read the sequence from the end (the output sequence is then in reverse order, as Keras).
    unit_forget_bias : bool
        Start the forget gate's bias at 1 (Keras's default), so that c is kept at first.
    """

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias: bool = True, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, **kwargs):
        for unsupported in ("dropout", "recurrent_dropout"):
            if kwargs.pop(unsupported, 0):
                raise NotImplementedError(f"LSTM: {unsupported} is not implemented in glassnet; add a Dropout layer")
        for ignored in ("stateful", "unroll", "time_major", "use_cudnn"):
            kwargs.pop(ignored, None)
        super().__init__(**kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"LSTM: units must be a positive integer, got {units!r}")
        from glassnet import initializers
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = (orthogonal if recurrent_initializer == "orthogonal"
                                      else initializers.get(recurrent_initializer))
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.supports_masking = True
        self.kernel = self.recurrent_kernel = self.bias = None

    def build(self, input_shape):
        features = input_shape[-1]
        if len(input_shape) != 3 or features is None:
            raise ValueError(f"layer {self.name!r} expects input of shape (batch, timesteps, features) with known "
                             f"features, got {tuple(input_shape)}")
        n = self.units
        self.kernel = self.add_weight((features, 4 * n), self.kernel_initializer, "kernel")
        self.recurrent_kernel = self.add_weight((n, 4 * n), self.recurrent_initializer, "recurrent_kernel")
        if self.use_bias:
            self.bias = self.add_weight((4 * n,), self.bias_initializer, "bias")
            if self.unit_forget_bias:
                self.bias.data[n:2 * n] = 1.0

    def call(self, inputs, mask=None, initial_state=None):
        batch, steps = inputs.shape[0], inputs.shape[1]
        n = self.units
        if initial_state is not None:
            h, c = (s if isinstance(s, Tensor) else Tensor(np.asarray(s, dtype=self._dtype)) for s in initial_state)
        else:
            h = c = Tensor(np.zeros((batch, n), dtype=self._dtype))
        keep = None if mask is None else np.asarray(getattr(mask, "data", mask), dtype=bool)
        # the input projection of every step at once: (batch, T, 4n)
        projected = M.matmul(inputs, self.kernel)
        if self.bias is not None:
            projected = projected + self.bias
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        outputs = []
        for t in order:
            z = projected[:, t, :] + M.matmul(h, self.recurrent_kernel)
            i = self.recurrent_activation(z[:, :n])
            f = self.recurrent_activation(z[:, n:2 * n])
            candidate = self.activation(z[:, 2 * n:3 * n])
            o = self.recurrent_activation(z[:, 3 * n:])
            new_c = f * c + i * candidate
            new_h = o * self.activation(new_c)
            if keep is not None:
                step_mask = keep[:, t:t + 1].astype(self._dtype)
                new_c = new_c * step_mask + c * (1.0 - step_mask)
                new_h = new_h * step_mask + h * (1.0 - step_mask)
            h, c = new_h, new_c
            outputs.append(h)
        output = shape_ops.stack(outputs, axis=1) if self.return_sequences else h
        return [output, h, c] if self.return_state else output

    def compute_output_shape(self, input_shape):
        batch, steps = input_shape[0], input_shape[1]
        output = (batch, steps, self.units) if self.return_sequences else (batch, self.units)
        return [output, (batch, self.units), (batch, self.units)] if self.return_state else output

    def get_config(self):
        from glassnet import initializers
        recurrent = ("orthogonal" if self.recurrent_initializer is orthogonal
                     else initializers.serialize(self.recurrent_initializer))
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "use_bias": self.use_bias, "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": recurrent, "bias_initializer": initializers.serialize(self.bias_initializer),
                "unit_forget_bias": self.unit_forget_bias, "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards}
