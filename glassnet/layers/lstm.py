"""``LSTM``: the long short-term memory layer (Hochreiter and Schmidhuber 1997), Keras's weights and options."""
from __future__ import annotations

import numpy as np

from glassnet import activations, initializers
from glassnet.layers.layer import register
from glassnet.layers.recurrent import RecurrentLayer
from glassnet.ops.lstm import lstm
from glassnet.ops.recurrent import activation_name


class _ForgetBiasOnes:
    """Keras's ``unit_forget_bias=True``: the bias initializer's values, with 1 for the forget gate."""

    def __init__(self, initializer, units: int):
        self.initializer, self.units = initializer, units

    def __call__(self, shape, dtype=None):
        values = np.array(self.initializer(shape, dtype=dtype))
        values[self.units:2 * self.units] = 1
        return values


@register
class LSTM(RecurrentLayer):
    """Long short-term memory: a cell state c_t that gates decide to keep, forget and show.

        [i, f, g, o] = [σ, σ, tanh, σ](x_t·W + h_{t−1}·U + b)      (Keras's gate order i, f, c, o)
        c_t = f ⊙ c_{t−1} + i ⊙ g,     h_t = o ⊙ tanh(c_t)

    Weights as in Keras: ``kernel`` (features, 4·units), ``recurrent_kernel`` (units, 4·units),
    ``bias`` (4·units,): 4·units·(features + units + 1) parameters (LSTM(64) on 32 features:
    24,832). ``unit_forget_bias=True`` (default) starts the forget gate's bias at 1.
    After a call: ``layer.h``, ``layer.c`` and ``layer.gates`` ({'i', 'f', 'c', 'o'}); after
    backward ``layer.h_grads`` and ``layer.c_grads``. Other options: see ``glassnet.layers.recurrent``.
    """

    state_names = ("h", "c")
    gate_count = 4

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias: bool = True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self._recurrent_name = activation_name(self.recurrent_activation, "LSTM: recurrent_activation")
        self.unit_forget_bias = bool(unit_forget_bias)

    def _bias_initializer(self):
        return _ForgetBiasOnes(self.bias_initializer, self.units) if self.unit_forget_bias else self.bias_initializer

    def _run(self, x, states, mask, recurrent_mask, trace):
        return lstm(x, states[0], states[1], self.kernel, self.recurrent_kernel, self.bias, mask, recurrent_mask,
                    self._activation_name, self._recurrent_name, trace)

    @property
    def c(self):
        """Every cell state c_t of the last call, (batch, timesteps, units)."""
        return self.trace.get("c")

    @property
    def c_grads(self):
        """dL/dc_t reaching each step, after ``loss.backward()``."""
        return self.trace.get("c_grads")

    def get_config(self):
        return {**super().get_config(), "recurrent_activation": activations.serialize(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias}


__all__ = ["LSTM"]
