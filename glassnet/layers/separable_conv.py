"""SeparableConv2D: a convolution split in two, each channel on its own, then a 1×1 mix (Keras's layer).

A depthwise step filters each input channel c with its own ``depth_multiplier`` (M) kernels, then a
pointwise step mixes the C·M maps into ``filters`` outputs, as a 1×1 convolution does:

    d[n, i, j, c·M + m] = Σ_{u,v} x[n, i·s + u·δ, j·s + v·δ, c] · D[u, v, c, m]      (depthwise)
    z[n, i, j, f] = Σ_k d[n, i, j, k] · P[0, 0, k, f] + b[f],   a = activation(z)    (pointwise)

Parameters: kh·kw·C·M + C·M·filters + filters, instead of kh·kw·C·filters for Conv2D (Xception
and MobileNet are built of them). The depthwise sum is written as kh·kw shifted slices of the
(padded) input, each scaled channel by channel, so every step is an op with its own backward rule:
a slice sends dL/d(slice) back into the positions it read, a product scales it by the kernel.
"""
from __future__ import annotations

from glassnet import activations, initializers, regularizers
from glassnet.layers.conv import _check_channels_last, check_spatial_input, conv_output_length
from glassnet.layers.layer import Layer, register
from glassnet.ops import math as M
from glassnet.ops import reshaping as R
from glassnet.ops.conv import normalize_tuple, padding_amounts


@register
class SeparableConv2D(Layer):
    """Depthwise then pointwise 2-D convolution, channels-last (see the module docstring)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        where = f"SeparableConv2D '{self.name}'"
        if int(filters) != filters or filters <= 0:
            raise ValueError(f"{where}: filters must be a positive integer, got {filters!r}")
        if int(depth_multiplier) != depth_multiplier or depth_multiplier <= 0:
            raise ValueError(f"{where}: depth_multiplier must be a positive integer, got {depth_multiplier!r}")
        self.filters, self.depth_multiplier = int(filters), int(depth_multiplier)
        self.kernel_size = normalize_tuple(kernel_size, 2, f"{where} kernel_size")
        self.strides = normalize_tuple(strides, 2, f"{where} strides")
        self.dilation_rate = normalize_tuple(dilation_rate, 2, f"{where} dilation_rate")
        if min(self.kernel_size + self.strides + self.dilation_rate) <= 0:
            raise ValueError(f"{where}: kernel_size, strides and dilation_rate must be positive, got "
                             f"{self.kernel_size}, {self.strides}, {self.dilation_rate}")
        padding = padding.lower() if isinstance(padding, str) else padding
        if padding not in ("valid", "same"):
            raise ValueError(f"{where}: padding must be 'valid' or 'same', got {padding!r}")
        self.padding = padding
        _check_channels_last(data_format, where)
        if any(c is not None for c in (depthwise_constraint, pointwise_constraint, bias_constraint)):
            raise ValueError(f"{where}: weight constraints are not supported; leave them None")
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_kernel = self.pointwise_kernel = self.bias = None

    def build(self, input_shape) -> None:
        check_spatial_input(self, input_shape, 2)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"SeparableConv2D '{self.name}': the channel axis of the input must be known, "
                             f"got input shape {tuple(input_shape)}")
        mixed = channels * self.depth_multiplier
        self.depthwise_kernel = self.add_weight(self.kernel_size + (channels, self.depth_multiplier),
                                                self.depthwise_initializer, name="depthwise_kernel",
                                                regularizer=self.depthwise_regularizer)
        self.pointwise_kernel = self.add_weight((1, 1, mixed, self.filters), self.pointwise_initializer,
                                                name="pointwise_kernel", regularizer=self.pointwise_regularizer)
        self.bias = (self.add_weight((self.filters,), self.bias_initializer, name="bias",
                                     regularizer=self.bias_regularizer) if self.use_bias else None)
        self._input_channels = int(channels)

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, 2)
        spatial = tuple(conv_output_length(size, k, s, d, self.padding) for size, k, s, d in
                        zip(input_shape[1:3], self.kernel_size, self.strides, self.dilation_rate))
        return (input_shape[0],) + spatial + (self.filters,)

    def call(self, inputs):
        check_spatial_input(self, inputs.shape, 2, self._input_channels)
        n, height, width, channels = inputs.shape
        (kh, kw), (sh, sw), (dh, dw) = self.kernel_size, self.strides, self.dilation_rate
        pads = [padding_amounts(size, k, s, d, self.padding)
                for size, k, s, d in ((height, kh, sh, dh), (width, kw, sw, dw))]
        x = R.pad(inputs, [(0, 0), pads[0], pads[1], (0, 0)]) if any(map(any, pads)) else inputs
        out_h = conv_output_length(height, kh, sh, dh, self.padding)
        out_w = conv_output_length(width, kw, sw, dw, self.padding)
        if out_h <= 0 or out_w <= 0:
            raise ValueError(f"SeparableConv2D '{self.name}': kernel {self.kernel_size} is larger than the input "
                             f"{(height, width)} with padding='valid'; use padding='same' or a smaller kernel")
        depthwise = None
        for u in range(kh):
            for v in range(kw):
                window = R.getitem(x, (slice(None), slice(u * dh, u * dh + (out_h - 1) * sh + 1, sh),
                                       slice(v * dw, v * dw + (out_w - 1) * sw + 1, sw), slice(None)))
                term = M.multiply(R.expand_dims(window, -1), R.getitem(self.depthwise_kernel, (u, v)))
                depthwise = term if depthwise is None else M.add(depthwise, term)
        mixed = R.reshape(depthwise, (n, out_h, out_w, channels * self.depth_multiplier))
        z = M.matmul(mixed, R.reshape(self.pointwise_kernel, (channels * self.depth_multiplier, self.filters)))
        if self.bias is not None:
            z = M.add(z, self.bias)
        return self.activation(z)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": list(self.kernel_size),
                "strides": list(self.strides), "padding": self.padding, "dilation_rate": list(self.dilation_rate),
                "depth_multiplier": self.depth_multiplier, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
                "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "depthwise_regularizer": _serialize(self.depthwise_regularizer),
                "pointwise_regularizer": _serialize(self.pointwise_regularizer),
                "bias_regularizer": _serialize(self.bias_regularizer)}


def _serialize(regularizer):
    return None if regularizer is None else regularizers.serialize(regularizer)


__all__ = ["SeparableConv2D"]
