"""A layer called on ``keras.Input`` tensors: shapes only, and the graph's history.

``Dense(64)(inputs)`` with a KerasTensor computes no numbers: it builds the layer for the
input's shape, works out the output's shape, and returns KerasTensors that remember how they
were made (``history``), which is what a functional ``Model(inputs, outputs)`` replays.
``layer.input`` / ``layer.output`` / ``input_shape`` / ``output_shape`` read what that call saw.
"""
from __future__ import annotations

from glassnet.autodiff import no_grad
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.structure import _flatten, _map, _shapes_of_call
from glassnet.layers.symbolic_mask import as_values, attach_masks, output_mask, symbolic_masks_of


class SymbolicCall:
    """The symbolic side of :class:`~glassnet.layers.layer.Layer` (mixed into it)."""

    def _symbolic_call(self, inputs, *args, **kwargs):
        shapes = _map(lambda t: tuple(t.shape), inputs)
        if not self.built:
            self._check_declared_shape(shapes)
            self._build_for(shapes, args)
        # Keras 3: the mask the inputs carry reaches a call that takes one (unless mask= is given)
        mask = kwargs["mask"] if "mask" in kwargs else symbolic_masks_of(inputs)
        call_kwargs = {k: v for k, v in kwargs.items() if k != "training"}  # training= is kept for the replay
        if mask is not None and "mask" not in kwargs and self._takes_mask():
            call_kwargs["mask"] = mask
        if args or (call_kwargs and _has_symbolic(call_kwargs)) or ("mask" in call_kwargs and self._shape_from_call()):
            # the output shape from a call on zeros (with a mask of ones when the call takes one)
            output_shape = self._output_shape_of_call(inputs, args, call_kwargs)
        else:
            output_shape = self.compute_output_shape(shapes)
        self._input_shape_seen, self._output_shape_seen = shapes, output_shape
        # history: (layer, arguments[, index of this output[, "positional" or "", keyword arguments]])
        arguments, marker = (inputs, "") if not args else ([inputs, *args], "positional")
        extra = (marker, kwargs) if kwargs else ((marker,) if marker else ())
        several = isinstance(output_shape, list) or (isinstance(output_shape, tuple) and output_shape
                                                     and isinstance(output_shape[0], (tuple, list)))
        if several:  # several outputs: each remembers its place in the call's result
            outputs = type(output_shape)(KerasTensor(shape, dtype=self._dtype, history=(self, arguments, k, *extra))
                                         for k, shape in enumerate(output_shape))
        else:
            history = (self, arguments, None, *extra) if extra else (self, arguments)
            outputs = KerasTensor(output_shape, dtype=self._dtype, history=history)
        if mask is not None or not _default_compute_mask(self):
            attach_masks(outputs, output_mask(self, inputs, mask))
        self._symbolic_input, self._symbolic_output = inputs, outputs
        return outputs

    def _shape_from_call(self) -> bool:
        """True when ``compute_output_shape`` is the default one, which runs ``call`` (without a mask)."""
        from glassnet.layers.layer import Layer
        return type(self).compute_output_shape is Layer.compute_output_shape

    def _output_shape_of_call(self, inputs, args, kwargs):
        def run(fill):
            values = {k: as_values(v, fill, ones=k == "mask") for k, v in kwargs.items()}
            with no_grad():
                return self._call(as_values(inputs, fill), *[as_values(a, fill) for a in args], training=False,
                                  **values)
        tensors = [t for t in _flatten([inputs, *args, *kwargs.values()]) if isinstance(t, KerasTensor)]
        return _shapes_of_call(run, [t.shape for t in tensors], _flatten(inputs)[0].shape[0])

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


def _has_symbolic(structure) -> bool:
    return any(isinstance(v, KerasTensor) for v in _flatten(list(structure.values())))


def _default_compute_mask(layer) -> bool:
    from glassnet.layers.layer import Layer
    return type(layer).compute_mask is Layer.compute_mask
