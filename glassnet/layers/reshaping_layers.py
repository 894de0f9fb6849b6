"""Layers that move values around: Permute, Cropping1D/2D, ZeroPadding1D, Identity.

None has weights; each is one differentiable op from ``glassnet.ops`` (its backward rule comes
with it): Permute transposes, cropping slices (dL/dx is dL/dy with zeros where the border was
cut), padding adds zeros (dL/dx is dL/dy with the border cut off). RepeatVector and
UpSampling1D/2D, which repeat values, are in ``glassnet.layers.upsampling``.
"""
from __future__ import annotations

import numpy as np

from glassnet.ops import reshaping as R
from glassnet.layers.conv import _check_channels_last, check_spatial_input
from glassnet.layers.layer import Layer, register


def _pair(value, name: str, what: str) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or any(not isinstance(v, (int, np.integer)) or v < 0 for v in pair):
        raise ValueError(f"{name}: {what} must be an int >= 0 or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _grow(size, amount):
    return None if size is None else size + amount


@register
class Identity(Layer):
    """y = x (a placeholder: keeps a place in a model, or a name in a graph); a mask passes through."""

    supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


@register
class Permute(Layer):
    """Reorder the non-batch axes: ``dims`` counts from 1, e.g. (2, 1) swaps the two axes after the batch."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Permute: dims must be a permutation of 1 … {len(self.dims)}, got {tuple(dims)}")

    def call(self, inputs):
        if inputs.ndim != len(self.dims) + 1:
            raise ValueError(f"layer {self.name!r} (Permute, dims={self.dims}) expects input of rank "
                             f"{len(self.dims) + 1}, got shape {tuple(inputs.shape)}")
        return R.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}


@register
class Cropping1D(Layer):
    """Cut ``cropping = (start, end)`` steps off a (batch, steps, channels) input."""

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pair(cropping, "Cropping1D", "cropping")

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 1)
        start, end = self.cropping
        return R.getitem(inputs, (slice(None), slice(start, inputs.shape[1] - end)))

    def compute_output_shape(self, input_shape):
        check_spatial_input(self, input_shape, 1)
        return (input_shape[0], _grow(input_shape[1], -sum(self.cropping)), input_shape[2])

    def get_config(self):
        return {**super().get_config(), "cropping": list(self.cropping)}


@register
class Cropping2D(Layer):
    """Cut rows and columns off a (batch, height, width, channels) input: ``((top, bottom), (left, right))``,
    ``(rows, cols)`` symmetric, or one int for all four sides."""

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format, f"Cropping2D '{self.name}'")
        if isinstance(cropping, (int, np.integer)):
            cropping = (cropping, cropping)
        elif len(cropping) != 2:
            raise ValueError(f"Cropping2D: cropping must be an int, (rows, cols) or ((top, bottom), "
                             f"(left, right)), got {cropping!r}")
        # (rows, cols) ints are symmetric: _pair(n) is (n, n)
        self.cropping = (_pair(cropping[0], "Cropping2D", "cropping"), _pair(cropping[1], "Cropping2D", "cropping"))

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 2)
        (top, bottom), (left, right) = self.cropping
        h, w = inputs.shape[1:3]
        if top + bottom >= h or left + right >= w:
            raise ValueError(f"layer {self.name!r} (Cropping2D, cropping={self.cropping}) would crop away the whole "
                             f"input of shape {tuple(inputs.shape)}")
        return R.getitem(inputs, (slice(None), slice(top, h - bottom), slice(left, w - right)))

    def compute_output_shape(self, input_shape):
        check_spatial_input(self, input_shape, 2)
        (top, bottom), (left, right) = self.cropping
        return (input_shape[0], _grow(input_shape[1], -top - bottom), _grow(input_shape[2], -left - right),
                input_shape[3])

    def get_config(self):
        return {**super().get_config(), "cropping": [list(p) for p in self.cropping], "data_format": "channels_last"}


@register
class ZeroPadding1D(Layer):
    """Add ``padding = (start, end)`` steps of zeros to a (batch, steps, channels) input."""

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pair(padding, "ZeroPadding1D", "padding")

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 1)
        return R.pad(inputs, ((0, 0), self.padding, (0, 0)))

    def compute_output_shape(self, input_shape):
        check_spatial_input(self, input_shape, 1)
        return (input_shape[0], _grow(input_shape[1], sum(self.padding)), input_shape[2])

    def get_config(self):
        return {**super().get_config(), "padding": list(self.padding)}


__all__ = ["Identity", "Permute", "Cropping1D", "Cropping2D", "ZeroPadding1D"]
