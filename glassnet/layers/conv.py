"""Convolution layers: Conv1D and Conv2D, Keras names, arguments and defaults, channels-last.

A Conv2D layer holds ``filters`` kernels of size kh×kw×C (Keras's kernel shape
(kh, kw, C, filters)) and a bias per filter. Each kernel slides over the input and gives
one feature map:

    z[n, i, j, f] = Σ_{u,v,c} x[n, i·s + u·d, j·s + v·d, c] · W[u, v, c, f] + b[f]
    a = activation(z)

Parameters: kh·kw·C·filters + filters (LeNet's first layer, 6 filters 5×5 on a grey
image: 5·5·1·6 + 6 = 156). Output size per spatial axis: 'valid' → (W − F_eff) // S + 1,
'same' → ceil(W / S), with F_eff = d·(F − 1) + 1.

The work is done by :func:`glassnet.ops.conv.conv2d` (im2col + one matrix product).
As in Dense, the layer keeps its last forward values: ``layer.z`` (before the
activation) and ``layer.a`` (after), as Tensors whose ``.grad`` after ``backward()`` is δ.
"""
from __future__ import annotations

from glassnet import activations, initializers, regularizers
from glassnet import constraints as _constraints
from glassnet.layers.layer import Layer, register
from glassnet.ops.conv import conv1d, conv2d, normalize_tuple


def conv_output_length(size, kernel: int, stride: int, dilation: int, padding: str):
    """Length of one spatial axis after a convolution or pooling (None stays None)."""
    if size is None:
        return None
    effective = dilation * (kernel - 1) + 1
    if padding == "same":
        return -(-size // stride)
    if padding == "causal":
        return (size - 1) // stride + 1
    return (size - effective) // stride + 1 if size >= effective else 0


def check_spatial_input(layer: Layer, input_shape, rank: int, channels: int | None = None) -> None:
    """Clear errors for a wrong rank or channel count, naming the layer and both shapes."""
    input_shape = tuple(input_shape)
    axes = {1: "(batch, steps, channels)", 2: "(batch, height, width, channels)"}[rank]
    if len(input_shape) != rank + 2:
        raise ValueError(f"Layer '{layer.name}' ({type(layer).__name__}) expects input of rank {rank + 2}, "
                         f"{axes}, got shape {input_shape}")
    if channels is not None and input_shape[-1] is not None and input_shape[-1] != channels:
        raise ValueError(f"Layer '{layer.name}' ({type(layer).__name__}) was built for {channels} input "
                         f"channels, got input shape {input_shape} with {input_shape[-1]} channels")


def _check_channels_last(data_format, name: str) -> None:
    if data_format not in (None, "channels_last"):
        raise ValueError(f"{name}: only data_format='channels_last' (batch, ..., channels) is supported, "
                         f"got {data_format!r}; transpose the input with np.moveaxis(x, 1, -1)")


class _Conv(Layer):
    """Shared body of Conv1D and Conv2D (``rank`` spatial axes)."""

    rank = 2
    works_on_one_core = True     # im2col copies and skinny products (see Layer)

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        kind = type(self).__name__
        if int(filters) != filters or filters <= 0:
            raise ValueError(f"{kind}: filters must be a positive integer, got {filters!r}")
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, f"{kind} kernel_size")
        self.strides = normalize_tuple(strides, self.rank, f"{kind} strides")
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, f"{kind} dilation_rate")
        for what, values in (("kernel_size", self.kernel_size), ("strides", self.strides),
                             ("dilation_rate", self.dilation_rate)):
            if any(v <= 0 for v in values):
                raise ValueError(f"{kind} '{self.name}': {what} must be positive, got {values}")
        if any(s > 1 for s in self.strides) and any(d > 1 for d in self.dilation_rate):
            raise ValueError(f"{kind} '{self.name}': strides > 1 together with dilation_rate > 1 is not "
                             f"supported (Keras refuses it too), got strides={self.strides}, "
                             f"dilation_rate={self.dilation_rate}")
        allowed = ("valid", "same", "causal") if self.rank == 1 else ("valid", "same")
        padding = padding.lower() if isinstance(padding, str) else padding
        if padding not in allowed:
            raise ValueError(f"{kind} '{self.name}': padding must be one of {allowed}, got {padding!r}")
        self.padding = padding
        _check_channels_last(data_format, f"{kind} '{self.name}'")
        if groups != 1:
            raise ValueError(f"{kind} '{self.name}': only groups=1 is supported, got {groups}")
        self.kernel_constraint = _constraints.get(kernel_constraint)
        self.bias_constraint = _constraints.get(bias_constraint)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel = None
        self.bias = None
        self.z = None
        self.a = None

    # ------------------------------------------------------------------ weights
    def build(self, input_shape) -> None:
        check_spatial_input(self, input_shape, self.rank)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"{type(self).__name__} '{self.name}': the channel axis of the input must be "
                             f"known, got input shape {tuple(input_shape)}")
        self._check_fits(input_shape)
        self.kernel = self.add_weight(self.kernel_size + (channels, self.filters), self.kernel_initializer,
                                      name="kernel", regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = (self.add_weight((self.filters,), self.bias_initializer, name="bias",
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)
                     if self.use_bias else None)
        self._input_channels = int(channels)
        super().build(input_shape)

    def _check_fits(self, input_shape) -> None:
        if self.padding != "valid":
            return
        spatial = tuple(input_shape[1:-1])
        for size, k, d in zip(spatial, self.kernel_size, self.dilation_rate):
            if size is not None and size < d * (k - 1) + 1:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': kernel {self.kernel_size} (dilation "
                    f"{self.dilation_rate}) is larger than the input {spatial} with padding='valid' "
                    f"(input shape {tuple(input_shape)}); use padding='same' or a smaller kernel")

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, self.rank)
        self._check_fits(input_shape)
        spatial = tuple(conv_output_length(size, k, s, d, self.padding) for size, k, s, d in
                        zip(input_shape[1:-1], self.kernel_size, self.strides, self.dilation_rate))
        return (input_shape[0],) + spatial + (self.filters,)

    # ------------------------------------------------------------------ forward
    def call(self, inputs, training=False):
        check_spatial_input(self, inputs.shape, self.rank, getattr(self, "_input_channels", None))
        self._check_fits(inputs.shape)
        try:
            z = self._convolve(inputs)
        except ValueError as err:
            raise ValueError(f"{type(self).__name__} '{self.name}': {err}") from None
        a = self.activation(z)
        self.z, self.a = z, a   # kept to look at; the locals keep concurrent predict batches apart
        return a

    def _convolve(self, inputs):
        padding = self.padding
        if padding == "causal":   # only the past: all the zeros go before the sequence
            padding = (self.dilation_rate[0] * (self.kernel_size[0] - 1), 0)
        op = conv1d if self.rank == 1 else conv2d
        return op(inputs, self.kernel, self.bias, strides=self.strides, padding=padding,
                  dilation_rate=self.dilation_rate)

    # ------------------------------------------------------------------ files
    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": "channels_last",
            "dilation_rate": self.dilation_rate,
            "groups": 1,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": (regularizers.serialize(self.kernel_regularizer)
                                   if self.kernel_regularizer is not None else None),
            "bias_regularizer": (regularizers.serialize(self.bias_regularizer)
                                 if self.bias_regularizer is not None else None),
            "activity_regularizer": (regularizers.serialize(self.activity_regularizer)
                                     if self.activity_regularizer is not None else None),
            "kernel_constraint": _constraints.serialize(self.kernel_constraint),
            "bias_constraint": _constraints.serialize(self.bias_constraint),
        })
        return config


@register
class Conv2D(_Conv):
    """2-D convolution over (batch, height, width, channels); kernel (kh, kw, in, filters).

    Parameters (Keras's, same defaults): filters, kernel_size, strides=(1, 1),
    padding='valid' | 'same', data_format='channels_last', dilation_rate=(1, 1), groups=1,
    activation=None, use_bias=True, kernel_initializer='glorot_uniform',
    bias_initializer='zeros', kernel_regularizer, bias_regularizer, activity_regularizer.
    """

    rank = 2


@register
class Conv1D(_Conv):
    """1-D convolution over (batch, steps, channels); kernel (k, in, filters).

    padding may also be 'causal' (Keras): the output at step t sees only steps ≤ t.
    """

    rank = 1


__all__ = ["Conv1D", "Conv2D", "conv_output_length"]
