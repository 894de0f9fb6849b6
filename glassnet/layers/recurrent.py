"""Recurrent layers: what they share (``RecurrentLayer``) and Elman's ``SimpleRNN``.

A recurrent layer reads a sequence (batch, timesteps, features) one step at a time and keeps
a state h_t that summarises what it has read. The whole loop is one op of
``glassnet.ops.recurrent``/``lstm``/``gru``; the layer adds Keras's options around it:

- ``return_sequences``: every h_t (batch, timesteps, units), or only the last (batch, units);
- ``return_state``: also the final states, ``[output, h_T]`` (LSTM: ``[output, h_T, c_T]``);
- ``initial_state``: the states before the first step (zeros by default);
- ``go_backwards``: read the sequence from its end (the output sequence is then in reversed order);
- ``dropout`` / ``recurrent_dropout``: one mask per sequence on x_t / on h_{t−1}, while training;
- a mask (from ``Embedding(mask_zero=True)`` or ``Masking``): masked steps carry the state over.

Glass box: after a call ``layer.h`` (batch, timesteps, units) holds every state, ``layer.gates``
the gates of LSTM and GRU, ``layer.c`` the LSTM cell states; after ``loss.backward()``
``layer.h_grads`` holds dL/dh_t reaching each step (backpropagation through time). They are
in the order the layer read the steps (reversed when ``go_backwards``).
"""
from __future__ import annotations

import numpy as np

from glassnet import activations, initializers, regularizers
from glassnet.autodiff import Tensor
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.layer import Layer, register
from glassnet.ops import math as math_ops
from glassnet.ops.recurrent import activation_name, check_mask, reverse_time, simple_rnn, take
from glassnet.random import get_rng


def _serialize(module, value):
    return None if value is None else module.serialize(value)


class RecurrentLayer(Layer):
    """What SimpleRNN, LSTM and GRU share (Keras's ``keras.layers.RNN`` options); see the module."""

    state_names: tuple = ("h",)      # the states the layer carries from step to step
    gate_count = 1                   # blocks of ``units`` columns in the kernels

    def __init__(self, units: int, activation="tanh", use_bias: bool = True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed: int | None = None,
                 return_sequences: bool = False, return_state: bool = False, go_backwards: bool = False,
                 stateful: bool = False, unroll: bool = False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        what = type(self).__name__
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"{what}: units must be a positive integer, got {units!r}")
        for argument, rate in (("dropout", dropout), ("recurrent_dropout", recurrent_dropout)):
            if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate < 1:
                raise ValueError(f"{what}: {argument} must be a number in [0, 1), got {rate!r}")
        if stateful:
            raise ValueError(f"{what}: stateful=True is not supported by glassnet; pass the last states "
                             "back yourself with return_state=True and initial_state=...")
        self.units = int(units)
        self.activation = activations.get(activation)
        self._activation_name = activation_name(self.activation, f"{what}: activation")
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.dropout, self.recurrent_dropout = float(dropout), float(recurrent_dropout)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.stateful, self.unroll = bool(go_backwards), False, bool(unroll)
        self.kernel = self.recurrent_kernel = self.bias = None
        self.trace: dict = {}

    # ------------------------------------------------------------------ weights
    def _bias_shape(self) -> tuple:
        return (self.gate_count * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def build(self, input_shape):
        shape = tuple(input_shape[0] if isinstance(input_shape, list) else input_shape)
        self._check_rank(shape)
        if shape[-1] is None:
            raise ValueError(f"layer {self.name!r}: the number of features (last axis) must be known, got {shape}")
        width = self.gate_count * self.units
        self.kernel = self.add_weight((shape[-1], width), self.kernel_initializer, "kernel", self.kernel_regularizer)
        self.recurrent_kernel = self.add_weight((self.units, width), self.recurrent_initializer, "recurrent_kernel",
                                                self.recurrent_regularizer)
        if self.use_bias:
            self.bias = self.add_weight(self._bias_shape(), self._bias_initializer(), "bias", self.bias_regularizer)

    def _check_rank(self, shape) -> None:
        if len(shape) != 3:
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) expects input of shape "
                             f"(batch, timesteps, features), got shape {tuple(shape)} ({len(shape)}-D)")

    # ------------------------------------------------------------------ calling
    def __call__(self, inputs, initial_state=None, training=None, **kwargs):
        if initial_state is not None:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
            if any(isinstance(s, KerasTensor) for s in states):
                # a functional graph records the layer's inputs only: the states travel with them
                return super().__call__([inputs, *states], training=training, **kwargs)
            kwargs["initial_state"] = states
        return super().__call__(inputs, training=training, **kwargs)

    def call(self, inputs, mask=None, training=False, initial_state=None):
        if isinstance(inputs, (list, tuple)):
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
            mask = mask[0] if isinstance(mask, list) else mask
        self._check_rank(inputs.shape)
        if inputs.shape[-1] != self.kernel.shape[0]:
            raise ValueError(f"layer {self.name!r} was built for {self.kernel.shape[0]} features, "
                             f"got input of shape {tuple(inputs.shape)}")
        mask = check_mask(mask, inputs.shape, f"layer {self.name!r}")
        states = self._initial_states(initial_state, inputs.shape[0])
        x = inputs
        if self.go_backwards:
            x = reverse_time(x)
            mask = None if mask is None else mask[:, ::-1]
        rng = self._rng if self._rng is not None else get_rng()
        if training and self.dropout > 0:
            keep = rng.random((x.shape[0], 1, x.shape[2])) >= self.dropout
            x = math_ops.multiply(x, Tensor((keep / (1 - self.dropout)).astype(x.dtype)))
        recurrent_mask = None
        if training and self.recurrent_dropout > 0:
            keep = rng.random((x.shape[0], self.units)) >= self.recurrent_dropout
            recurrent_mask = (keep / (1 - self.recurrent_dropout)).astype(x.dtype)
        self.trace = {}
        everything = self._run(x, states, mask, recurrent_mask, self.trace)
        return self._outputs(everything)

    def _initial_states(self, initial_state, batch: int) -> list[Tensor]:
        count = len(self.state_names)
        if initial_state is None:
            return [Tensor(np.zeros((batch, self.units), dtype=self._dtype)) for _ in range(count)]
        states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        if len(states) != count:
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) takes {count} initial state(s) "
                             f"({', '.join(self.state_names)}), got {len(states)}")
        states = [s if isinstance(s, Tensor) else Tensor(np.asarray(s, dtype=self._dtype)) for s in states]
        for name, s in zip(self.state_names, states):
            if tuple(s.shape) != (batch, self.units):
                raise ValueError(f"layer {self.name!r}: initial state {name} has shape {tuple(s.shape)}, "
                                 f"expected (batch, units) = {(batch, self.units)}")
        return states

    def _outputs(self, everything: Tensor):
        """Split the op's (N, T, k·u) result into the output and the final states."""
        u, count = self.units, len(self.state_names)
        sequence = everything if count == 1 else take(everything, (slice(None), slice(None), slice(0, u)))
        finals = [take(everything, (slice(None), -1, slice(k * u, (k + 1) * u))) for k in range(count)]
        output = sequence if self.return_sequences else finals[0]
        return [output] + finals if self.return_state else output

    def _run(self, x, states, mask, recurrent_mask, trace) -> Tensor:
        """The whole sequence through this cell's op (SimpleRNN, LSTM and GRU each define it)."""
        raise NotImplementedError(f"{type(self).__name__} must define _run (a recurrent layer's time loop)")

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape[0] if isinstance(input_shape, list) else input_shape)
        self._check_rank(shape)
        output = (shape[0], shape[1], self.units) if self.return_sequences else (shape[0], self.units)
        return [output] + [(shape[0], self.units)] * len(self.state_names) if self.return_state else output

    def compute_mask(self, inputs, previous_mask=None):
        mask = previous_mask[0] if isinstance(previous_mask, list) else previous_mask
        out = mask if self.return_sequences else None
        return [out] + [None] * len(self.state_names) if self.return_state else out

    # ------------------------------------------------------------------ looking inside
    @property
    def h(self):
        """Every state h_t of the last call, (batch, timesteps, units)."""
        return self.trace.get("h")

    @property
    def states_over_time(self) -> dict:
        """{'h': ..., ('c': ...)}: every state of the last call, (batch, timesteps, units) each."""
        return {name: self.trace[name] for name in self.state_names if name in self.trace}

    @property
    def gates(self):
        """{gate name: (batch, timesteps, units)} of the last call (LSTM, GRU)."""
        return self.trace.get("gates")

    @property
    def h_grads(self):
        """dL/dh_t reaching each step, after ``loss.backward()`` (backpropagation through time)."""
        return self.trace.get("h_grads")

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _serialize(regularizers, self.kernel_regularizer),
                "recurrent_regularizer": _serialize(regularizers, self.recurrent_regularizer),
                "bias_regularizer": _serialize(regularizers, self.bias_regularizer),
                "activity_regularizer": _serialize(regularizers, self.activity_regularizer),
                "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": self.seed,
                "return_sequences": self.return_sequences, "return_state": self.return_state,
                "go_backwards": self.go_backwards, "stateful": False, "unroll": self.unroll}


@register
class SimpleRNN(RecurrentLayer):
    """Elman's recurrent layer (1990): h_t = tanh(x_t·W + h_{t−1}·U + b).

    Weights as in Keras: ``kernel`` W (features, units), ``recurrent_kernel`` U (units, units),
    ``bias`` b (units,): units·(features + units + 1) parameters. Options: see the module.
    """

    def _run(self, x, states, mask, recurrent_mask, trace):
        return simple_rnn(x, states[0], self.kernel, self.recurrent_kernel, self.bias, mask, recurrent_mask,
                          self._activation_name, trace)


__all__ = ["RecurrentLayer", "SimpleRNN"]
