"""Bidirectional: run a recurrent layer forwards and backwards and merge (Keras's ``layers.Bidirectional``)."""
from __future__ import annotations

from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops
from glassnet.layers.layer import Layer, register

_MERGES = ("concat", "sum", "mul", "ave", None)


@register
class Bidirectional(Layer):
    """Two copies of a recurrent layer: one reads x_1 … x_T, the other x_T … x_1 (``go_backwards``);
    their outputs are merged, by default side by side: [h→ ; h←] (2·units features).

    With ``return_sequences=True`` the backward outputs are put back in time order first, so that
    position t holds both directions' view of step t. The two copies have their own weights
    (the backward one is rebuilt from the forward one's config unless ``backward_layer`` is given).

    Parameters
    ----------
    layer : recurrent Layer (e.g. ``LSTM(16)``)
    merge_mode : {'concat', 'sum', 'mul', 'ave', None}
        None returns the two outputs as a list.
    backward_layer : recurrent Layer, optional
    """

    def __init__(self, layer, merge_mode="concat", backward_layer=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer) or not hasattr(layer, "go_backwards"):
            raise ValueError(f"Bidirectional: layer must be a recurrent layer such as LSTM(...), got {layer!r}")
        if merge_mode not in _MERGES:
            raise ValueError(f"Bidirectional: merge_mode must be one of {_MERGES}, got {merge_mode!r}")
        if getattr(layer, "return_state", False):
            raise NotImplementedError("Bidirectional: return_state=True is not implemented in glassnet")
        self.forward_layer = layer
        if backward_layer is None:
            config = {**layer.get_config(), "go_backwards": not layer.go_backwards, "name": f"backward_{layer.name}"}
            backward_layer = type(layer).from_config(config)
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences = bool(getattr(layer, "return_sequences", False))
        self.supports_masking = True

    def build(self, input_shape):
        self.forward_layer.build(input_shape)
        self.forward_layer.built = True
        self.backward_layer.build(input_shape)
        self.backward_layer.built = True

    def call(self, inputs, mask=None):
        forward = self.forward_layer(inputs, mask=mask)
        backward = self.backward_layer(inputs, mask=mask)
        if self.return_sequences:
            backward = backward[:, ::-1]
        if self.merge_mode is None:
            return [forward, backward]
        if self.merge_mode == "concat":
            return shape_ops.concatenate([forward, backward], axis=-1)
        if self.merge_mode == "sum":
            return forward + backward
        if self.merge_mode == "mul":
            return forward * backward
        return M.multiply(forward + backward, 0.5)

    def compute_output_shape(self, input_shape):
        single = tuple(self.forward_layer.compute_output_shape(input_shape))
        if self.merge_mode is None:
            return [single, single]
        return single[:-1] + (2 * single[-1],) if self.merge_mode == "concat" else single

    def get_config(self):
        from glassnet.layers.serialization import serialize
        return {**super().get_config(), "layer": serialize(self.forward_layer), "merge_mode": self.merge_mode,
                "backward_layer": serialize(self.backward_layer)}

    @classmethod
    def from_config(cls, config):
        from glassnet.layers.serialization import deserialize
        config = dict(config)
        config["layer"] = deserialize(config["layer"])
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize(config["backward_layer"])
        return cls(**config)
