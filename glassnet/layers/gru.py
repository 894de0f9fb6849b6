"""GRU and SimpleRNN: Keras's gated recurrent unit and plain recurrent layer, unrolled step by step."""
from __future__ import annotations

import numpy as np

from glassnet import activations
from glassnet.autodiff import Tensor
from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops
from glassnet.layers.layer import Layer, register
from glassnet.layers.lstm import orthogonal


class _Recurrent(Layer):
    """The loop shared by GRU and SimpleRNN: h_t = step(x_t·W + b, h_{t-1}); masks keep h."""

    gates = 1

    def __init__(self, units: int, activation="tanh", use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", return_sequences: bool = False,
                 return_state: bool = False, go_backwards: bool = False, **kwargs):
        kind = type(self).__name__
        for unsupported in ("dropout", "recurrent_dropout"):
            if kwargs.pop(unsupported, 0):
                raise NotImplementedError(f"{kind}: {unsupported} is not implemented in glassnet; add a Dropout layer")
        for ignored in ("stateful", "unroll", "time_major", "use_cudnn"):
            kwargs.pop(ignored, None)
        super().__init__(**kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"{kind}: units must be a positive integer, got {units!r}")
        from glassnet import initializers
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = (orthogonal if recurrent_initializer == "orthogonal"
                                      else initializers.get(recurrent_initializer))
        self.bias_initializer = initializers.get(bias_initializer)
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
        width = self.gates * self.units
        self.kernel = self.add_weight((features, width), self.kernel_initializer, "kernel")
        self.recurrent_kernel = self.add_weight((self.units, width), self.recurrent_initializer, "recurrent_kernel")
        if self.use_bias:
            self.bias = self.add_weight(self._bias_shape(), self.bias_initializer, "bias")

    def _bias_shape(self):
        return (self.gates * self.units,)

    def _input_bias(self):
        return self.bias

    def call(self, inputs, mask=None, initial_state=None):
        batch, steps = inputs.shape[0], inputs.shape[1]
        if initial_state is not None:
            state = initial_state[0] if isinstance(initial_state, (list, tuple)) else initial_state
            h = state if isinstance(state, Tensor) else Tensor(np.asarray(state, dtype=self._dtype))
        else:
            h = Tensor(np.zeros((batch, self.units), dtype=self._dtype))
        keep = None if mask is None else np.asarray(getattr(mask, "data", mask), dtype=bool)
        projected = M.matmul(inputs, self.kernel)
        if self._input_bias() is not None:
            projected = projected + self._input_bias()
        outputs = []
        for t in (range(steps - 1, -1, -1) if self.go_backwards else range(steps)):
            new_h = self._step(projected[:, t, :], h)
            if keep is not None:
                step_mask = keep[:, t:t + 1].astype(self._dtype)
                new_h = new_h * step_mask + h * (1.0 - step_mask)
            h = new_h
            outputs.append(h)
        output = shape_ops.stack(outputs, axis=1) if self.return_sequences else h
        return [output, h] if self.return_state else output

    def compute_output_shape(self, input_shape):
        batch, steps = input_shape[0], input_shape[1]
        output = (batch, steps, self.units) if self.return_sequences else (batch, self.units)
        return [output, (batch, self.units)] if self.return_state else output

    def get_config(self):
        from glassnet import initializers
        recurrent = ("orthogonal" if self.recurrent_initializer is orthogonal
                     else initializers.serialize(self.recurrent_initializer))
        return {**super().get_config(), "units": self.units, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias, "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": recurrent, "bias_initializer": initializers.serialize(self.bias_initializer),
                "return_sequences": self.return_sequences, "return_state": self.return_state,
                "go_backwards": self.go_backwards}


@register
class SimpleRNN(_Recurrent):
    """The plain recurrent layer: h_t = tanh(x_t·W + h_{t-1}·U + b), h_0 = 0.

    Backpropagation through time comes from the ops; its repeated products by U are why
    gradients over long sequences vanish or explode (the reason for LSTM and GRU).
    """

    def _step(self, x_part, h):
        return self.activation(x_part + M.matmul(h, self.recurrent_kernel))


@register
class GRU(_Recurrent):
    """Gated recurrent unit, Keras's default form (``reset_after=True``), gates in Keras's order z, r, h::

        x_z, x_r, x_h = x_t·W + b_in          r_z, r_r, r_h = h_{t-1}·U + b_rec
        z = σ(x_z + r_z)    r = σ(x_r + r_r)    h̃ = tanh(x_h + r ⊙ r_h)
        h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃

    The bias has shape (2, 3·units): row 0 on the input side, row 1 on the recurrent side.
    """

    gates = 3

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", reset_after: bool = True,
                 **kwargs):
        super().__init__(units, activation=activation, **kwargs)
        if not reset_after:
            raise NotImplementedError("GRU: only reset_after=True (Keras 3's default) is implemented in glassnet")
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = True

    def _bias_shape(self):
        return (2, 3 * self.units)

    def _input_bias(self):
        return None if self.bias is None else self.bias[0]

    def _step(self, x_part, h):
        n = self.units
        recurrent = M.matmul(h, self.recurrent_kernel)
        if self.bias is not None:
            recurrent = recurrent + self.bias[1]
        z = self.recurrent_activation(x_part[:, :n] + recurrent[:, :n])
        r = self.recurrent_activation(x_part[:, n:2 * n] + recurrent[:, n:2 * n])
        candidate = self.activation(x_part[:, 2 * n:] + r * recurrent[:, 2 * n:])
        return z * h + (1.0 - z) * candidate

    def get_config(self):
        return {**super().get_config(), "recurrent_activation": activations.serialize(self.recurrent_activation),
                "reset_after": True}
