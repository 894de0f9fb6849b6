"""``GRU``: the gated recurrent unit (Cho et al. 2014), Keras's weights and options."""
from __future__ import annotations

from glassnet import activations
from glassnet.layers.layer import register
from glassnet.layers.recurrent import RecurrentLayer
from glassnet.ops.gru import gru
from glassnet.ops.recurrent import activation_name


@register
class GRU(RecurrentLayer):
    """Gated recurrent unit: an update gate z mixes the old state with a candidate h̃.

        z = σ(x·W_z + h_{t−1}·U_z + b_z),   r = σ(x·W_r + h_{t−1}·U_r + b_r)
        h̃ = tanh(x·W_h + b⁽ⁱ⁾_h + r ⊙ (h_{t−1}·U_h + b⁽ʳ⁾_h))         (reset_after=True, Keras's default)
        h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃

    Weights as in Keras, gate order z, r, h: ``kernel`` (features, 3·units), ``recurrent_kernel``
    (units, 3·units), ``bias`` (2, 3·units) with reset_after (input and recurrent biases, as
    cuDNN and PyTorch have them) or (3·units,) without. After a call: ``layer.h`` and
    ``layer.gates`` ({'z', 'r', 'h'}, 'h' the candidate); after backward ``layer.h_grads``.
    Other options: see ``glassnet.layers.recurrent``.
    """

    gate_count = 3

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 reset_after: bool = True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self._recurrent_name = activation_name(self.recurrent_activation, "GRU: recurrent_activation")
        self.reset_after = bool(reset_after)

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _run(self, x, states, mask, recurrent_mask, trace):
        return gru(x, states[0], self.kernel, self.recurrent_kernel, self.bias, mask, recurrent_mask,
                   self.reset_after, self._activation_name, self._recurrent_name, trace)

    def get_config(self):
        return {**super().get_config(), "recurrent_activation": activations.serialize(self.recurrent_activation),
                "reset_after": self.reset_after}


__all__ = ["GRU"]
