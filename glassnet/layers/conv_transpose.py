"""Transposed convolutions: Conv2DTranspose and Conv1DTranspose (Keras names, arguments, defaults).

They make images (or sequences) larger: each input pixel spreads over a kh×kw patch of the
output, weighted by the kernel, and overlapping patches add up (see
``glassnet.ops.conv_transpose``). Output size per spatial axis (Keras's rule, F_eff the dilated
kernel): 'valid' → W·S + max(F_eff − S, 0), 'same' → W·S; with ``output_padding`` P (< S):
'valid' → (W − 1)·S + F_eff + P, 'same' → (W − 1)·S + (F_eff mod 2) + P. Kernel in Keras's layout (kh, kw, filters, in_channels); parameters
kh·kw·filters·in + filters. ``layer.z`` and ``layer.a`` as in Conv2D.
"""
from __future__ import annotations

from glassnet.layers.conv import _Conv, check_spatial_input
from glassnet.layers.layer import register
from glassnet.ops.conv import normalize_tuple
from glassnet.ops.conv_transpose import conv1d_transpose, conv2d_transpose, transpose_pads


class _ConvTranspose(_Conv):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, **kwargs):
        if isinstance(padding, str) and padding.lower() == "causal":
            raise ValueError(f"{type(self).__name__}: padding must be 'valid' or 'same', got 'causal'")
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, **kwargs)
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = normalize_tuple(output_padding, self.rank, f"{type(self).__name__} output_padding")
            for p, s, d in zip(self.output_padding, self.strides, self.dilation_rate):
                if not 0 <= p < max(s, d):
                    raise ValueError(f"{type(self).__name__} '{self.name}': each output_padding must be at least 0 "
                                     f"and smaller than the stride, got output_padding={self.output_padding} with "
                                     f"strides={self.strides}")

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
        extra = self.output_padding or (None,) * self.rank
        spatial = tuple(None if size is None else transpose_pads(size, k, s, d, self.padding, p)[0]
                        for size, k, s, d, p in zip(input_shape[1:-1], self.kernel_size, self.strides,
                                                    self.dilation_rate, extra))
        return (input_shape[0],) + spatial + (self.filters,)

    def _convolve(self, inputs):
        op = conv1d_transpose if self.rank == 1 else conv2d_transpose
        return op(inputs, self.kernel, self.bias, strides=self.strides, padding=self.padding,
                  dilation_rate=self.dilation_rate, output_padding=self.output_padding)

    def get_config(self) -> dict:
        return {**super().get_config(),
                "output_padding": None if self.output_padding is None else list(self.output_padding)}


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
