"""Recurrent cells: one time step of a recurrent layer, for Keras's ``keras.layers.RNN(cell)``.

A cell answers one question: given the input of this step x_t (batch, features) and the
states of the previous step, what is the output and what are the new states?

    output, new_states = cell(x_t, states)          (Keras's cell contract)

with ``cell.state_size`` saying how many units each state has. ``RNN(cell)`` repeats it over
the steps of a sequence. glassnet's built-in cells are the layers themselves run for one step:
``LSTMCell(8)`` holds the same weights as ``LSTM(8)`` (kernel, recurrent_kernel, bias) and its
step is the LSTM op on a sequence of length 1, so ``RNN(LSTMCell(8))`` gives ``LSTM(8)``'s
numbers (and runs the whole sequence through that op at once, as fast). ``StackedRNNCells``
chains cells: the output of one is the input of the next.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.gru import GRU
from glassnet.layers.layer import Layer, register
from glassnet.layers.lstm import LSTM
from glassnet.layers.recurrent import SimpleRNN
from glassnet.layers.serialization import deserialize, serialize
from glassnet.ops.recurrent import take
from glassnet.ops.reshaping import expand_dims

_LAYER_ONLY = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")


class _BuiltinCell:
    """One step of a built-in recurrent layer (mixed in before SimpleRNN, LSTM or GRU)."""

    __call__ = Layer.__call__       # cell(x_t, states): states are an argument, not an initial_state

    def __init__(self, units: int, **kwargs):
        given = sorted(set(kwargs) & set(_LAYER_ONLY))
        if given:
            raise TypeError(f"{type(self).__name__}: {given} belong to the layer, not the cell: "
                            f"pass them to RNN(cell, ...)")
        super().__init__(units, **kwargs)

    @property
    def state_size(self):
        """Units of each state: an int for one state (h), a list for several (LSTM: [h, c])."""
        return self.units if len(self.state_names) == 1 else [self.units] * len(self.state_names)

    @property
    def output_size(self) -> int:
        return self.units

    def build(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 2:
            raise ValueError(f"{type(self).__name__} {self.name!r} takes one step, of shape (batch, features), "
                             f"got shape {shape} ({len(shape)}-D)")
        super().build((shape[0], 1, shape[1]))

    def get_initial_state(self, batch_size: int) -> list[Tensor]:
        return [Tensor(np.zeros((batch_size, self.units), dtype=self._dtype)) for _ in self.state_names]

    def call(self, inputs, states, training=False):
        """One step: the layer's op on a sequence of length 1 → (output, [new states])."""
        if training and (self.dropout > 0 or self.recurrent_dropout > 0):
            raise ValueError(f"{type(self).__name__} {self.name!r}: dropout is drawn once per sequence; "
                             f"a cell called step by step cannot do that here: use it alone in RNN(cell) "
                             f"or the {type(self).__mro__[2].__name__} layer")
        if inputs.ndim != 2:
            raise ValueError(f"{type(self).__name__} {self.name!r} takes one step, of shape (batch, features), "
                             f"got shape {tuple(inputs.shape)}")
        states = list(states) if isinstance(states, (list, tuple)) else [states]
        states = self._initial_states(states, inputs.shape[0])
        everything = self._run(expand_dims(inputs, 1), states, None, None, None)     # (batch, 1, k·units)
        u = self.units
        new_states = [take(everything, (slice(None), 0, slice(k * u, (k + 1) * u)))
                      for k in range(len(self.state_names))]
        return new_states[0], new_states

    def compute_output_shape(self, input_shape):
        return (tuple(input_shape)[0], self.units)

    def compute_mask(self, inputs, previous_mask=None):
        return None

    def get_config(self):
        return {k: v for k, v in super().get_config().items() if k not in _LAYER_ONLY}


@register
class SimpleRNNCell(_BuiltinCell, SimpleRNN):
    """One step of Elman's layer: h_t = tanh(x_t·W + h_{t−1}·U + b) → (h_t, [h_t])."""


@register
class LSTMCell(_BuiltinCell, LSTM):
    """One step of the LSTM (the formulas of ``LSTM``) → (h_t, [h_t, c_t]); state_size [units, units]."""


@register
class GRUCell(_BuiltinCell, GRU):
    """One step of the GRU (the formulas of ``GRU``) → (h_t, [h_t])."""


def flat_state_sizes(state_size) -> list[int]:
    """[units of each state], the nesting of ``state_size`` flattened (StackedRNNCells nests lists)."""
    if isinstance(state_size, (list, tuple)):
        return [size for part in state_size for size in flat_state_sizes(part)]
    return [int(state_size)]


def nest_states(flat: list, state_size) -> list:
    """The flat list of states in the nesting a cell's ``call`` expects (a list for an int state_size)."""
    if not isinstance(state_size, (list, tuple)):
        return list(flat[:1])
    nested, k = [], 0
    for part in state_size:
        count = len(flat_state_sizes(part))
        nested.append(list(flat[k:k + count]) if isinstance(part, (list, tuple)) else flat[k])
        k += count
    return nested


def flatten_states(states) -> list:
    if isinstance(states, (list, tuple)):
        return [s for part in states for s in flatten_states(part)]
    return [states]


@register
class StackedRNNCells(Layer):
    """Cells one above the other in a single step: x_t → cell 1 → cell 2 → … → output.

    ``state_size`` lists each cell's; ``call(x_t, states)`` takes and returns the states nested
    per cell, as Keras does. ``RNN([cell1, cell2])`` builds one.
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        cells = list(cells)
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError(f"StackedRNNCells: every cell needs call(inputs, states) and state_size, got {cell!r}")
        if not cells:
            raise ValueError("StackedRNNCells: give at least one cell, got an empty list")
        self.cells = cells

    @property
    def state_size(self) -> list:
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> int:
        last = self.cells[-1]
        return getattr(last, "output_size", None) or flat_state_sizes(last.state_size)[0]

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            if not cell.built:
                cell.build(shape)
                cell.built = True
            shape = (shape[0], getattr(cell, "output_size", None) or flat_state_sizes(cell.state_size)[0])

    def get_initial_state(self, batch_size: int) -> list:
        return [cell.get_initial_state(batch_size) if hasattr(cell, "get_initial_state")
                else [Tensor(np.zeros((batch_size, s), dtype=self._dtype)) for s in flat_state_sizes(cell.state_size)]
                for cell in self.cells]

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            nested = isinstance(cell_states, (list, tuple))
            inputs, cell_states = cell(inputs, list(cell_states) if nested else [cell_states], training=training)
            cell_states = list(cell_states) if isinstance(cell_states, (list, tuple)) else [cell_states]
            new_states.append(cell_states if nested else cell_states[0])
        return inputs, new_states

    def get_config(self):
        return {**super().get_config(), "cells": [serialize(cell) for cell in self.cells]}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls([deserialize(cell) for cell in config.pop("cells")], **config)


__all__ = ["SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells", "flat_state_sizes", "nest_states",
           "flatten_states"]
