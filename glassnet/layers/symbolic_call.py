"""A layer called on ``keras.Input`` tensors: shapes only, and the graph's history.

``Dense(64)(inputs)`` with a KerasTensor computes no numbers: it builds the layer for the
input's shape, works out the output's shape, and returns KerasTensors that remember how they
were made (``history``), which is what a functional ``Model(inputs, outputs)`` replays.
``layer.input`` / ``layer.output`` / ``input_shape`` / ``output_shape`` read what that call saw.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, no_grad
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.structure import _flatten, _map


class SymbolicCall:
    """The symbolic side of :class:`~glassnet.layers.layer.Layer` (mixed into it)."""

    def _symbolic_call(self, inputs, *args, **kwargs):
        shapes = _map(lambda t: tuple(t.shape), inputs)
        if not self.built:
            self._check_declared_shape(shapes)
            self._build_for(shapes, args)
        if args:  # layer(a, b) on keras.Input tensors: the output shape from a call on zeros
            output_shape = self._output_shape_of_call(inputs, args, kwargs)
        else:
            output_shape = self.compute_output_shape(shapes)
        self._input_shape_seen, self._output_shape_seen = shapes, output_shape
        # history: (layer, arguments[, index of this output in the call's result[, "positional"]])
        arguments, marker = (inputs, ()) if not args else ([inputs, *args], ("positional",))
        several = isinstance(output_shape, list) or (isinstance(output_shape, tuple) and output_shape
                                                     and isinstance(output_shape[0], (tuple, list)))
        if several:  # several outputs: each remembers its place in the call's result
            outputs = type(output_shape)(KerasTensor(shape, dtype=self._dtype, history=(self, arguments, k, *marker))
                                         for k, shape in enumerate(output_shape))
        else:
            history = (self, arguments, None, *marker) if marker else (self, arguments)
            outputs = KerasTensor(output_shape, dtype=self._dtype, history=history)
        self._symbolic_input, self._symbolic_output = inputs, outputs
        return outputs

    def _output_shape_of_call(self, inputs, args, kwargs):
        def zeros(value):
            if isinstance(value, KerasTensor):
                return Tensor(np.zeros(tuple(1 if d is None else d for d in value.shape), dtype=value.dtype))
            return value
        with no_grad():
            out = self._call(_map(zeros, inputs), *[zeros(a) for a in args], training=False, **kwargs)
        first = _flatten(inputs)[0].shape
        return _map(lambda t: (first[0],) + tuple(t.shape[1:]), out)

    @property
    def input_shape(self):
        if self._input_shape_seen is None:
            raise AttributeError(f"layer {self.name!r} has not been called yet, so it has no input shape")
        return self._input_shape_seen

    @property
    def output_shape(self):
        if self._output_shape_seen is None:
            raise AttributeError(f"layer {self.name!r} has no known output shape: call it on a keras.Input")
        return self._output_shape_seen

    @property
    def input(self):
        """The KerasTensor(s) this layer was last called on symbolically."""
        if self._symbolic_input is None:
            raise AttributeError(f"layer {self.name!r} has not been called on a keras.Input, so it has no input")
        return self._symbolic_input

    @property
    def output(self):
        """The KerasTensor(s) this layer last produced symbolically (e.g. to build a feature extractor)."""
        if self._symbolic_output is None:
            raise AttributeError(f"layer {self.name!r} has not been called on a keras.Input, so it has no output")
        return self._symbolic_output
