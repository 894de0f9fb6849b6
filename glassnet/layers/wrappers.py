"""Layers that wrap a layer: TimeDistributed (the same layer at every step) and Bidirectional."""
from __future__ import annotations

from glassnet import ops
from glassnet.layers.layer import Layer, register
from glassnet.layers.serialization import deserialize, serialize
from glassnet.ops import math as math_ops
from glassnet.ops.recurrent import reverse_time


def _check_layer(layer, wrapper: str) -> Layer:
    if not isinstance(layer, Layer):
        raise TypeError(f"{wrapper}: expected a layer to wrap, got {type(layer).__name__}")
    return layer


@register
class TimeDistributed(Layer):
    """Apply ``layer`` to every time step: (batch, T, ...) → (batch, T, ...'), one set of weights.

    The steps are stacked into one batch of N·T samples, the layer runs once, and the result is
    unstacked: the same as a loop over t, as one whole-batch call.
    """

    supports_masking = True

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = _check_layer(layer, "TimeDistributed")

    def _check(self, shape) -> None:
        if len(shape) < 3:
            raise ValueError(f"layer {self.name!r} (TimeDistributed) expects input of shape "
                             f"(batch, timesteps, ...) with at least 3 axes, got shape {tuple(shape)}")

    def build(self, input_shape):
        self._check(input_shape)
        if not self.layer.built:
            self.layer.build((None,) + tuple(input_shape[2:]))
            self.layer.built = True

    def call(self, inputs, training=False):
        self._check(inputs.shape)
        n, t = inputs.shape[:2]
        out = self.layer(ops.reshape(inputs, (n * t,) + tuple(inputs.shape[2:])), training=training)
        return ops.reshape(out, (n, t) + tuple(out.shape[1:]))

    def compute_output_shape(self, input_shape):
        self._check(input_shape)
        inner = self.layer.compute_output_shape((None,) + tuple(input_shape[2:]))
        return tuple(input_shape[:2]) + tuple(inner[1:])

    def get_config(self):
        return {**super().get_config(), "layer": serialize(self.layer)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls(deserialize(config.pop("layer")), **config)


_MERGES = {
    "concat": lambda a, b: ops.concatenate([a, b], axis=-1),
    "sum": math_ops.add,
    "mul": math_ops.multiply,
    "ave": lambda a, b: math_ops.multiply(math_ops.add(a, b), 0.5),
}


@register
class Bidirectional(Layer):
    """Read the sequence both ways with two copies of a recurrent layer and join what they say.

    ``forward_layer`` reads t = 1..T, ``backward_layer`` (go_backwards) reads t = T..1; with
    return_sequences the backward outputs are put back in time order, so that step t joins
    what came before t and what comes after. merge_mode: 'concat' (default), 'sum', 'mul',
    'ave', or None (a list of both). With return_state: [output, forward states..., backward states...].
    Weights: the forward layer's, then the backward layer's (as Keras).
    """

    def __init__(self, layer, merge_mode: str | None = "concat", weights=None, backward_layer=None, **kwargs):
        super().__init__(**kwargs)
        _check_layer(layer, "Bidirectional")
        if merge_mode not in (*_MERGES, None):
            raise ValueError(f"Bidirectional: merge_mode must be one of {sorted(_MERGES)} or None, got {merge_mode!r}")
        if not hasattr(layer, "go_backwards") or not hasattr(layer, "return_sequences"):
            raise ValueError(f"Bidirectional: expected a recurrent layer (SimpleRNN, LSTM, GRU), got {layer!r}")
        config = layer.get_config()
        self.forward_layer = type(layer).from_config({**config, "name": f"forward_{layer.name}"})
        if backward_layer is None:
            backward_config = {**config, "name": f"backward_{layer.name}", "go_backwards": not layer.go_backwards}
            backward_layer = type(layer).from_config(backward_config)
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        self._initial_weights = weights

    def build(self, input_shape):
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer.build(input_shape)
                layer.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def call(self, inputs, mask=None, training=False, initial_state=None):
        half = None if initial_state is None else len(initial_state) // 2
        forward = self.forward_layer(inputs, mask=mask, training=training,
                                     initial_state=None if half is None else initial_state[:half])
        backward = self.backward_layer(inputs, mask=mask, training=training,
                                       initial_state=None if half is None else initial_state[half:])
        f_states = b_states = []
        if self.return_state:
            forward, *f_states = forward
            backward, *b_states = backward
        if self.return_sequences:
            backward = reverse_time(backward)
        output = [forward, backward] if self.merge_mode is None else _MERGES[self.merge_mode](forward, backward)
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + f_states + b_states
        return output

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        output, states = (shape[0], shape[1:]) if self.return_state else (shape, [])
        if self.merge_mode == "concat":
            output = tuple(output[:-1]) + (output[-1] * 2,)
        outputs = [output, output] if self.merge_mode is None else [output]
        return outputs + states * 2 if self.return_state or self.merge_mode is None else output

    def compute_mask(self, inputs, previous_mask=None):
        mask = previous_mask if self.return_sequences else None
        if self.return_state:
            return [mask] + [None] * (2 * len(self.forward_layer.state_names))
        return mask

    def get_config(self):
        forward = serialize(self.forward_layer)
        forward["config"]["name"] = forward["config"]["name"].removeprefix("forward_")
        return {**super().get_config(), "layer": forward, "merge_mode": self.merge_mode,
                "backward_layer": serialize(self.backward_layer)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        layer = deserialize(config.pop("layer"))
        backward = config.pop("backward_layer", None)
        return cls(layer, backward_layer=None if backward is None else deserialize(backward), **config)


__all__ = ["TimeDistributed", "Bidirectional"]
