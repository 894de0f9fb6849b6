"""Pooling layers with Keras names and defaults: summarise each window by its max or mean.

``MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid')`` halves height and width:
the largest value of every 2×2 window survives. ``strides=None`` means strides = pool_size
(non-overlapping windows). Pooling has no weights (0 parameters in ``summary()``).

Global pooling keeps one number per channel: (batch, H, W, C) → (batch, C), the mean or
the maximum over all positions (``keepdims=True`` keeps (batch, 1, 1, C)).
"""
from __future__ import annotations

from glassnet.layers.conv import _check_channels_last, check_spatial_input, conv_output_length
from glassnet.layers.layer import Layer, register
from glassnet.ops.conv import normalize_tuple
from glassnet.ops.pooling import avg_pool1d, avg_pool2d, global_avg_pool, global_max_pool, max_pool1d, max_pool2d


class _Pooling(Layer):
    rank = 2
    _op = None
    works_on_one_core = True     # elementwise maxima / sums over strided views (see Layer)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        kind = type(self).__name__
        self.pool_size = normalize_tuple(pool_size, self.rank, f"{kind} pool_size")
        self.strides = self.pool_size if strides is None else normalize_tuple(strides, self.rank, f"{kind} strides")
        if any(v <= 0 for v in self.pool_size + self.strides):
            raise ValueError(f"{kind} '{self.name}': pool_size and strides must be positive, "
                             f"got pool_size={self.pool_size}, strides={self.strides}")
        padding = padding.lower() if isinstance(padding, str) else padding
        if padding not in ("valid", "same"):
            raise ValueError(f"{kind} '{self.name}': padding must be 'valid' or 'same', got {padding!r}")
        self.padding = padding
        _check_channels_last(data_format, f"{kind} '{self.name}'")

    def _check(self, input_shape) -> None:
        check_spatial_input(self, input_shape, self.rank)
        if self.padding == "valid":
            spatial = tuple(input_shape[1:-1])
            if any(size is not None and size < p for size, p in zip(spatial, self.pool_size)):
                raise ValueError(f"{type(self).__name__} '{self.name}': pool_size {self.pool_size} is larger "
                                 f"than the input {spatial} (input shape {tuple(input_shape)}) with "
                                 "padding='valid'")

    def compute_output_shape(self, input_shape) -> tuple:
        self._check(input_shape)
        spatial = tuple(conv_output_length(size, p, s, 1, self.padding)
                        for size, p, s in zip(input_shape[1:-1], self.pool_size, self.strides))
        return (input_shape[0],) + spatial + (input_shape[-1],)

    def call(self, inputs, training=False):
        self._check(inputs.shape)
        return type(self)._op(inputs, self.pool_size, self.strides, self.padding)   # 1-D ops take 1-tuples too

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"pool_size": self.pool_size, "strides": self.strides, "padding": self.padding,
                       "data_format": "channels_last"})
        return config


@register
class MaxPooling2D(_Pooling):
    """out[n, i, j, c] = max over the pool window at (i·sh, j·sw);  δ goes to the window's maximum."""
    rank = 2
    _op = staticmethod(max_pool2d)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@register
class AveragePooling2D(_Pooling):
    """out[n, i, j, c] = mean over the pool window;  δ is shared equally by the window."""
    rank = 2
    _op = staticmethod(avg_pool2d)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@register
class MaxPooling1D(_Pooling):
    """Max over windows of ``pool_size`` steps of a (batch, steps, channels) input."""
    rank = 1
    _op = staticmethod(max_pool1d)


@register
class AveragePooling1D(_Pooling):
    """Mean over windows of ``pool_size`` steps of a (batch, steps, channels) input."""
    rank = 1
    _op = staticmethod(avg_pool1d)


class _GlobalPooling(Layer):
    rank = 2
    _op = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format, f"{type(self).__name__} '{self.name}'")
        self.keepdims = bool(keepdims)

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, self.rank)
        if self.keepdims:
            return (input_shape[0],) + (1,) * self.rank + (input_shape[-1],)
        return (input_shape[0], input_shape[-1])

    def call(self, inputs, training=False):
        check_spatial_input(self, inputs.shape, self.rank)
        return type(self)._op(inputs, keepdims=self.keepdims)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"data_format": "channels_last", "keepdims": self.keepdims})
        return config


@register
class GlobalAveragePooling2D(_GlobalPooling):
    """(batch, H, W, C) → (batch, C): the mean of each feature map."""
    rank = 2
    _op = staticmethod(global_avg_pool)


@register
class GlobalMaxPooling2D(_GlobalPooling):
    """(batch, H, W, C) → (batch, C): the maximum of each feature map."""
    rank = 2
    _op = staticmethod(global_max_pool)


@register
class GlobalAveragePooling1D(_GlobalPooling):
    """(batch, steps, C) → (batch, C): the mean over the steps."""
    rank = 1
    _op = staticmethod(global_avg_pool)


@register
class GlobalMaxPooling1D(_GlobalPooling):
    """(batch, steps, C) → (batch, C): the maximum over the steps."""
    rank = 1
    _op = staticmethod(global_max_pool)


# Keras's short aliases
MaxPool2D, AvgPool2D, MaxPool1D, AvgPool1D = MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D
GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D
GlobalAvgPool1D, GlobalMaxPool1D = GlobalAveragePooling1D, GlobalMaxPooling1D

__all__ = ["MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling2D",
           "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "MaxPool2D", "AvgPool2D",
           "MaxPool1D", "AvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool2D", "GlobalAvgPool1D", "GlobalMaxPool1D"]
