"""Transposed convolutions: Conv2DTranspose and Conv1DTranspose (Keras names, arguments, defaults).

They make images (or sequences) larger: each input pixel spreads over a kh×kw patch of the
output, weighted by the kernel, and overlapping patches add up (see
``glassnet.ops.conv_transpose``). Output size per spatial axis: 'valid' → (W − 1)·S + F_eff,
'same' → W·S. Kernel in Keras's layout (kh, kw, filters, in_channels); parameters
kh·kw·filters·in + filters. ``layer.z`` and ``layer.a`` as in Conv2D.
"""
from __future__ import annotations

from glassnet.layers.conv import _Conv, check_spatial_input
from glassnet.layers.layer import register
from glassnet.ops.conv_transpose import conv1d_transpose, conv2d_transpose, transpose_pads


class _ConvTranspose(_Conv):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, **kwargs):
        if isinstance(padding, str) and padding.lower() == "causal":
            raise ValueError(f"{type(self).__name__}: padding must be 'valid' or 'same', got 'causal'")
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, **kwargs)
        if output_padding is not None:
            raise ValueError(f"{type(self).__name__} '{self.name}': output_padding is not supported, "
                             f"pass output_padding=None (got {output_padding!r})")
        self.output_padding = None

    def build(self, input_shape) -> None:
        check_spatial_input(self, input_shape, self.rank)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"{type(self).__name__} '{self.name}': the channel axis of the input must be "
                             f"known, got input shape {tuple(input_shape)}")
        self.kernel = self.add_weight(self.kernel_size + (self.filters, channels), self.kernel_initializer,
                                      name="kernel", regularizer=self.kernel_regularizer)
        self.bias = (self.add_weight((self.filters,), self.bias_initializer, name="bias",
                                     regularizer=self.bias_regularizer) if self.use_bias else None)
        self._input_channels = int(channels)

    def _check_fits(self, input_shape) -> None:
        """A transposed convolution fits any input size."""

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, self.rank)
        spatial = tuple(None if size is None else transpose_pads(size, k, s, d, self.padding)[0]
                        for size, k, s, d in zip(input_shape[1:-1], self.kernel_size, self.strides,
                                                 self.dilation_rate))
        return (input_shape[0],) + spatial + (self.filters,)

    def _convolve(self, inputs):
        op = conv1d_transpose if self.rank == 1 else conv2d_transpose
        return op(inputs, self.kernel, self.bias, strides=self.strides, padding=self.padding,
                  dilation_rate=self.dilation_rate)

    def get_config(self) -> dict:
        return {**super().get_config(), "output_padding": None}


@register
class Conv2DTranspose(_ConvTranspose):
    """Transposed 2-D convolution over (batch, height, width, channels); kernel (kh, kw, filters, in).

    Keras's parameters and defaults: filters, kernel_size, strides=(1, 1), padding='valid' | 'same',
    output_padding=None, data_format='channels_last', dilation_rate=(1, 1), activation=None,
    use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', regularizers.
    """

    rank = 2


@register
class Conv1DTranspose(_ConvTranspose):
    """Transposed 1-D convolution over (batch, steps, channels); kernel (k, filters, in)."""

    rank = 1


__all__ = ["Conv2DTranspose", "Conv1DTranspose"]
