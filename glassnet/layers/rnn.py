"""``RNN(cell)``: Keras's generic recurrent layer, a cell repeated over the steps of a sequence.

    states = initial states (zeros by default)
    for t = 1..T:   output_t, states = cell(x_t, states)

A cell is any layer with ``state_size`` and ``call(inputs, states) -> (output, new_states)``
(see ``glassnet.layers.rnn_cells``), for instance one a student writes:

    class MinimalRNNCell(keras.layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.units = self.state_size = units
        def build(self, input_shape):
            self.kernel = self.add_weight((input_shape[-1], self.units))
            self.recurrent_kernel = self.add_weight((self.units, self.units))
        def call(self, inputs, states):
            h = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
            return h, [h]

    layer = keras.layers.RNN(MinimalRNNCell(32))

Such a cell runs step by step through glassnet's automatic differentiation (the loop above,
slower). A built-in cell (``SimpleRNNCell``, ``LSTMCell``, ``GRUCell``) alone runs the whole
sequence through its layer's op at once: ``RNN(LSTMCell(8))`` is ``LSTM(8)``, same weights, same
numbers, same speed, same glass box (``layer.h``, ``layer.gates``, ``layer.h_grads``).

Options as Keras: ``return_sequences``, ``return_state`` (``[output, *final states]``, flattened),
``go_backwards``, ``initial_state``, masks (a masked step keeps the states and repeats the previous
output, or gives zeros with ``zero_output_for_mask=True``). ``stateful=True`` is not supported.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.layer import Layer, register
from glassnet.layers.recurrent import RecurrentLayer
from glassnet.layers.rnn_cells import StackedRNNCells, _BuiltinCell, flat_state_sizes, flatten_states, nest_states
from glassnet.layers.serialization import deserialize, serialize
from glassnet.ops.elementwise import where
from glassnet.ops.recurrent import check_mask, reverse_time, take
from glassnet.ops.reshaping import stack


@register
class RNN(RecurrentLayer):
    """A recurrent layer around any cell (or a list of cells, stacked); see the module."""

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False, go_backwards: bool = False,
                 stateful: bool = False, unroll: bool = False, zero_output_for_mask: bool = False, **kwargs):
        Layer.__init__(self, **kwargs)          # the weights are the cell's: none of RecurrentLayer's own
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError(f"RNN: the cell must have a call(inputs, states) method and a state_size attribute, "
                             f"got {cell!r}")
        if stateful:
            raise ValueError("RNN: stateful=True is not supported by glassnet; pass the last states back yourself "
                             "with return_state=True and initial_state=...")
        self.cell = cell
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.stateful, self.unroll = bool(go_backwards), False, bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.trace: dict = {}

    # ------------------------------------------------------------------ what RecurrentLayer reads, from the cell
    @property
    def _fused(self) -> bool:
        """A built-in cell alone: the whole sequence through its layer's op."""
        return isinstance(self.cell, _BuiltinCell)

    @property
    def units(self) -> int:
        return getattr(self.cell, "output_size", None) or flat_state_sizes(self.cell.state_size)[0]

    @property
    def state_names(self) -> tuple:
        if self._fused:
            return self.cell.state_names
        return tuple(f"state_{k}" for k in range(len(flat_state_sizes(self.cell.state_size))))

    kernel = property(lambda self: self.cell.kernel)
    dropout = property(lambda self: self.cell.dropout)
    recurrent_dropout = property(lambda self: self.cell.recurrent_dropout)
    _rng = property(lambda self: self.cell._rng)

    def _run(self, x, states, mask, recurrent_mask, trace):
        return self.cell._run(x, states, mask, recurrent_mask, trace)

    # ------------------------------------------------------------------ building and calling
    def build(self, input_shape):
        shape = tuple(input_shape[0] if isinstance(input_shape, list) else input_shape)
        self._check_rank(shape)
        if not self.cell.built:
            self.cell.build((shape[0], shape[-1]))
            self.cell.built = True

    def call(self, inputs, mask=None, training=False, initial_state=None):
        if self._fused:
            return super().call(inputs, mask=mask, training=training, initial_state=initial_state)
        if isinstance(inputs, (list, tuple)):
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
            mask = mask[0] if isinstance(mask, list) else mask
        self._check_rank(inputs.shape)
        mask = check_mask(mask, inputs.shape, f"layer {self.name!r}")
        states = self._cell_initial_states(initial_state, inputs.shape[0])
        x = reverse_time(inputs) if self.go_backwards else inputs
        if mask is not None and self.go_backwards:
            mask = mask[:, ::-1]
        outputs, output = [], None
        for t in range(x.shape[1]):
            step, new_states = self.cell(take(x, (slice(None), t)), nest_states(states, self.cell.state_size),
                                         training=training)
            new_states = flatten_states(new_states)
            if mask is not None:            # a masked step keeps the states, repeats (or zeroes) the output
                keep = mask[:, t, None]
                new_states = [where(keep, new, old) for new, old in zip(new_states, states)]
                before = output if output is not None and not self.zero_output_for_mask else np.zeros(step.shape,
                                                                                                     step.dtype)
                step = where(keep, step, before)
            outputs.append(step)
            states, output = new_states, step
        result = stack(outputs, axis=1) if self.return_sequences else output
        return [result] + list(states) if self.return_state else result

    def _cell_initial_states(self, initial_state, batch: int) -> list:
        sizes = flat_state_sizes(self.cell.state_size)
        if initial_state is None:
            if hasattr(self.cell, "get_initial_state"):
                return flatten_states(self.cell.get_initial_state(batch))
            return [Tensor(np.zeros((batch, size), dtype=self._dtype)) for size in sizes]
        states = flatten_states(initial_state)
        if len(states) != len(sizes):
            raise ValueError(f"layer {self.name!r}: the cell has {len(sizes)} state(s) of sizes {sizes}, "
                             f"got {len(states)} initial state(s)")
        states = [s if isinstance(s, Tensor) else Tensor(np.asarray(s, dtype=self._dtype)) for s in states]
        for k, (s, size) in enumerate(zip(states, sizes)):
            if tuple(s.shape) != (batch, size):
                raise ValueError(f"layer {self.name!r}: initial state {k} has shape {tuple(s.shape)}, "
                                 f"expected (batch, {size}) = {(batch, size)}")
        return states

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape[0] if isinstance(input_shape, list) else input_shape)
        self._check_rank(shape)
        output = (shape[0], shape[1], self.units) if self.return_sequences else (shape[0], self.units)
        if not self.return_state:
            return output
        return [output] + [(shape[0], size) for size in flat_state_sizes(self.cell.state_size)]

    def get_config(self):
        return {**Layer.get_config(self), "cell": serialize(self.cell), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards, "stateful": False,
                "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls(deserialize(config.pop("cell")), **config)


__all__ = ["RNN"]
