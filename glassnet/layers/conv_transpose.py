"""Conv2DTranspose: the "deconvolution" that upsamples feature maps (Keras's ``layers.Conv2DTranspose``).

Each input value spreads over a kernel-sized window of the output, windows ``strides`` apart,
overlaps summed: out[n, i·s + u, j·s + v, f] += Σ_c x[n, i, j, c] · W[u, v, f, c] (+ b[f]).
Kernel shape (kh, kw, filters, in_channels), as in Keras. Output size per axis:
'valid' → (H − 1)·s + k, 'same' → H·s. See :mod:`glassnet.ops.conv_transpose` for the computation.
"""
from __future__ import annotations

from glassnet.layers.conv import _Conv, check_spatial_input
from glassnet.layers.layer import register
from glassnet.ops.conv_transpose import conv2d_transpose


@register
class Conv2DTranspose(_Conv):
    """Transposed 2-D convolution over (batch, height, width, channels).

    Parameters (Keras's, same defaults): filters, kernel_size, strides=(1, 1), padding='valid' | 'same',
    data_format='channels_last', dilation_rate=(1, 1) only, activation=None, use_bias=True,
    kernel_initializer='glorot_uniform', bias_initializer='zeros', kernel_regularizer, bias_regularizer,
    activity_regularizer. ``output_padding`` is not supported.
    """

    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, **kwargs)
        if output_padding is not None:
            raise ValueError(f"Conv2DTranspose '{self.name}': output_padding is not supported, got {output_padding!r}")
        if any(d != 1 for d in self.dilation_rate):
            raise ValueError(f"Conv2DTranspose '{self.name}': only dilation_rate=1 is supported, "
                             f"got {self.dilation_rate}")

    def build(self, input_shape) -> None:
        check_spatial_input(self, input_shape, self.rank)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"Conv2DTranspose '{self.name}': the channel axis of the input must be known, "
                             f"got input shape {tuple(input_shape)}")
        self.kernel = self.add_weight(self.kernel_size + (self.filters, channels), self.kernel_initializer,
                                      name="kernel", regularizer=self.kernel_regularizer)
        self.bias = (self.add_weight((self.filters,), self.bias_initializer, name="bias",
                                     regularizer=self.bias_regularizer) if self.use_bias else None)
        self._input_channels = int(channels)
        self.built = True

    def _check_fits(self, input_shape) -> None:
        """A transposed convolution fits any input size."""

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, self.rank)

        def length(size, k, s):
            if size is None:
                return None
            return size * s if self.padding == "same" else (size - 1) * s + k
        spatial = tuple(length(size, k, s) for size, k, s in zip(input_shape[1:-1], self.kernel_size, self.strides))
        return (input_shape[0],) + spatial + (self.filters,)

    def _convolve(self, inputs):
        return conv2d_transpose(inputs, self.kernel, self.bias, strides=self.strides, padding=self.padding)
