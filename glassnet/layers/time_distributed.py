"""TimeDistributed: apply one layer to every time step (Keras's ``layers.TimeDistributed``)."""
from __future__ import annotations

from glassnet.ops import reshaping as shape_ops
from glassnet.layers.layer import Layer, register


@register
class TimeDistributed(Layer):
    """y[:, t] = layer(x[:, t]) for every step t, with the same weights at every step.

    Computed in one call: the batch and time axes are merged, (N, T, ...) → (N·T, ...), the
    layer runs once, and the result is split back to (N, T, ...). Gradients of the shared
    weights therefore sum over all steps.
    """

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(f"TimeDistributed: layer must be a Layer instance, got {layer!r}")
        self.layer = layer

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(f"layer {self.name!r} expects input of rank >= 3 (batch, timesteps, ...), "
                             f"got shape {tuple(input_shape)}")
        self.layer.build((None,) + tuple(input_shape[2:]))
        self.layer.built = True

    def call(self, inputs, training=False):
        batch, steps = inputs.shape[0], inputs.shape[1]
        merged = shape_ops.reshape(inputs, (batch * steps,) + tuple(inputs.shape[2:]))
        out = self.layer(merged, training=training)
        return shape_ops.reshape(out, (batch, steps) + tuple(out.shape[1:]))

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((None,) + tuple(input_shape[2:]))
        return (input_shape[0], input_shape[1]) + tuple(inner[1:])

    def get_config(self):
        from glassnet.layers.serialization import serialize
        return {**super().get_config(), "layer": serialize(self.layer)}

    @classmethod
    def from_config(cls, config):
        from glassnet.layers.serialization import deserialize
        config = dict(config)
        config["layer"] = deserialize(config["layer"])
        return cls(**config)
