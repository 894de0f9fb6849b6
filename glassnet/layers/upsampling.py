"""Layers that repeat values: RepeatVector, UpSampling1D, UpSampling2D (Keras names and defaults)."""
from __future__ import annotations

from glassnet.layers.conv import _check_channels_last, check_spatial_input
from glassnet.layers.layer import Layer, register
from glassnet.ops.conv import normalize_tuple
from glassnet import ops
from glassnet.ops.upsampling import repeat_vector, upsample_bilinear, upsample_nearest


@register
class RepeatVector(Layer):
    """(batch, features) → (batch, n, features): the same vector at each of n steps (a decoder's input)."""

    def __init__(self, n: int, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or int(n) != n or n <= 0:
            raise ValueError(f"RepeatVector: n must be a positive integer, got {n!r}")
        self.n = int(n)

    def call(self, inputs):
        if inputs.ndim != 2:
            raise ValueError(f"layer {self.name!r} (RepeatVector) expects input of shape (batch, features), "
                             f"got shape {tuple(inputs.shape)}")
        return repeat_vector(inputs, self.n)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}


@register
class UpSampling2D(Layer):
    """Repeat rows size[0] times and columns size[1] times ('nearest'), or interpolate ('bilinear').

    nearest: out[i, j] = x[i // s₁, j // s₂];  backward: each input pixel gets the sum of its block.
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation: str = "nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = normalize_tuple(size, 2, "UpSampling2D size")
        _check_channels_last(data_format, "UpSampling2D")
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"UpSampling2D: interpolation must be 'nearest' or 'bilinear', got {interpolation!r}")
        self.interpolation = interpolation

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 2)
        op = upsample_nearest if self.interpolation == "nearest" else upsample_bilinear
        return op(inputs, self.size)

    def compute_output_shape(self, input_shape):
        check_spatial_input(self, input_shape, 2)
        spatial = tuple(None if d is None else d * s for d, s in zip(input_shape[1:3], self.size))
        return (input_shape[0],) + spatial + (input_shape[3],)

    def get_config(self):
        return {**super().get_config(), "size": list(self.size), "data_format": "channels_last",
                "interpolation": self.interpolation}


@register
class UpSampling1D(Layer):
    """Repeat each step ``size`` times: (batch, steps, features) → (batch, steps·size, features)."""

    def __init__(self, size: int = 2, **kwargs):
        super().__init__(**kwargs)
        self.size = normalize_tuple(size, 1, "UpSampling1D size")[0]

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 1)
        n, steps, features = inputs.shape
        out = upsample_nearest(ops.reshape(inputs, (n, steps, 1, features)), (self.size, 1))
        return ops.reshape(out, (n, steps * self.size, features))

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "size": self.size}


__all__ = ["RepeatVector", "UpSampling1D", "UpSampling2D"]
