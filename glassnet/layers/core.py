"""The core layers: Dense, Activation, Dropout, Flatten, Reshape, InputLayer."""
from __future__ import annotations

import math

import numpy as np

from glassnet import activations
from glassnet.autodiff import Tensor
from glassnet.ops import nn
from glassnet.ops import reshaping as shape_ops
from glassnet.random import get_rng
from glassnet.layers.layer import Layer, register


def _serialize_or_none(module, value):
    return None if value is None else module.serialize(value)


def _into(out: np.ndarray | None, values: np.ndarray) -> np.ndarray:
    """``values``, copied into ``out`` when one is given."""
    if out is None:
        return values
    np.copyto(out, values)
    return out


@register
class Dense(Layer):
    """Fully connected layer: z = a·W + b, then the activation: a' = f(z).

    Backward (the fused op ``ops.nn.dense``): with δ = dL/dz,
    dL/dW = aᵀ·δ,  dL/db = Σ_batch δ,  dL/da = δ·Wᵀ.

    After a call, ``layer.z`` and ``layer.a`` hold the last pre-activation and activation
    as Tensors; after ``loss.backward()`` their ``.grad`` is δ = dL/dz and dL/da.

    Parameters
    ----------
    units : int
        Number of neurons (output features).
    activation : str or callable, optional
        'relu', 'sigmoid', 'softmax', ... (None: linear).
    use_bias : bool
    kernel_initializer, bias_initializer : str or initializer
        Keras defaults: 'glorot_uniform' and 'zeros'.
    kernel_regularizer, bias_regularizer, activity_regularizer : regularizer, optional
        Penalties reported in ``layer.losses`` (the activity one is divided by the batch size).
    kernel_constraint, bias_constraint : constraint, optional
        e.g. ``keras.constraints.MaxNorm(3)``: the weight is projected back after every update.
    """

    supports_masking = True     # a mask from Embedding/Masking passes through to the next layer

    def __init__(self, units: int, activation=None, use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"Dense: units must be a positive integer, got {units!r}")
        from glassnet import initializers, regularizers
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)  # also None, for get_config
        from glassnet import constraints
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.kernel = self.bias = None
        self.z = self.a = None

    def build(self, input_shape):
        features = input_shape[-1]
        if features is None:
            raise ValueError(f"layer {self.name!r}: the last dimension of its input must be known, "
                             f"got shape {tuple(input_shape)}")
        self.kernel = self.add_weight((features, self.units), self.kernel_initializer, "kernel",
                                      self.kernel_regularizer, constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight((self.units,), self.bias_initializer, "bias", self.bias_regularizer,
                                        constraint=self.bias_constraint)

    def call(self, inputs, training=False):
        if inputs.shape[-1] != self.kernel.shape[0]:
            raise ValueError(f"layer {self.name!r} expected input with last dimension {self.kernel.shape[0]}, "
                             f"got shape {tuple(inputs.shape)}")
        z = nn.dense(inputs, self.kernel, self.bias)
        a = self.activation(z)
        self.z, self.a = z, a   # kept to look at; the locals keep concurrent predict batches apart
        return a

    def _predict_array(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``call``'s value on arrays, for ``predict`` (models/lean_predict.py): a = f(x·W + b).

        The same product, sum and activation as ``call``, so the same numbers bit for bit, without
        Tensors and with a written over z (nothing else holds z; ``layer.z`` and ``layer.a`` stay as
        the last ``call`` left them). The product goes into ``out`` when given.
        """
        z = np.matmul(x, self.kernel.data, out=out)
        if self.use_bias:
            z += self.bias.data
        activate = activations.in_place(self.activation)
        if activate is not None:
            return activate(z)
        return _into(out, self.activation(Tensor(z)).data)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        from glassnet import constraints, initializers, regularizers
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _serialize_or_none(regularizers, self.kernel_regularizer),
                "bias_regularizer": _serialize_or_none(regularizers, self.bias_regularizer),
                "activity_regularizer": _serialize_or_none(regularizers, self.activity_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint)}


@register
class Activation(Layer):
    """Applies an activation function: a = f(z) (its backward rule comes with the op)."""

    supports_masking = True     # a mask from Embedding/Masking passes through to the next layer

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


@register
class Dropout(Layer):
    """Inverted dropout: while training, zero each value with probability ``rate`` and
    scale the survivors by 1/(1 − rate); at inference, pass values through unchanged.

    The masks come from glassnet's generator (``glassnet.utils.set_random_seed``), or from
    a generator of its own when ``seed`` is given.
    """

    supports_masking = True     # a mask from Embedding/Masking passes through to the next layer

    def __init__(self, rate: float, noise_shape=None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)) or not 0 <= rate < 1:
            raise ValueError(f"Dropout: rate must be a number in [0, 1), got {rate!r}")
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        return nn.dropout(inputs, self.rate, self._rng if self._rng is not None else get_rng(), self.noise_shape)

    def _predict_array(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """At inference dropout passes its input through (models/lean_predict.py)."""
        return _into(out, x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        noise_shape = None if self.noise_shape is None else list(self.noise_shape)
        return {**super().get_config(), "rate": self.rate, "noise_shape": noise_shape, "seed": self.seed}


@register
class Flatten(Layer):
    """(batch, d₁, d₂, ...) → (batch, d₁·d₂·...): the values in the same (C) order."""

    def __init__(self, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError(f"Flatten: only data_format='channels_last' is supported, got {data_format!r}")
        self.data_format = data_format

    def call(self, inputs):
        return shape_ops.reshape(inputs, (inputs.shape[0], -1))

    def _predict_array(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``call`` on arrays, for ``predict`` (models/lean_predict.py)."""
        return _into(out, x.reshape(x.shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        return (input_shape[0], None if any(d is None for d in rest) else math.prod(rest))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


@register
class Reshape(Layer):
    """Reshape each sample to ``target_shape`` (without the batch axis; one entry may be −1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1 or any(d < -1 or d == 0 for d in self.target_shape):
            raise ValueError(f"Reshape: target_shape must hold positive sizes and at most one -1, "
                             f"got {self.target_shape}")

    def _resolve(self, sample_shape) -> tuple:
        size = math.prod(sample_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            if size % known:
                raise ValueError(f"layer {self.name!r}: cannot reshape samples of shape {tuple(sample_shape)} "
                                 f"({size} values) to {self.target_shape}")
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if size != known:
            raise ValueError(f"layer {self.name!r}: cannot reshape samples of shape {tuple(sample_shape)} "
                             f"({size} values) to {self.target_shape} ({known} values)")
        return self.target_shape

    def call(self, inputs):
        return shape_ops.reshape(inputs, (inputs.shape[0],) + self._resolve(inputs.shape[1:]))

    def _predict_array(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``call`` on arrays, for ``predict`` (models/lean_predict.py)."""
        return _into(out, x.reshape((x.shape[0],) + self._resolve(x.shape[1:])))

    def compute_output_shape(self, input_shape):
        if any(d is None for d in input_shape[1:]):
            return (input_shape[0],) + tuple(None if d == -1 else d for d in self.target_shape)
        return (input_shape[0],) + self._resolve(input_shape[1:])

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}


@register
class InputLayer(Layer):
    """Declares the input shape of a Sequential model: ``layers.InputLayer(shape=(784,))``.

    It passes its input through unchanged; ``keras.Input(shape=...)`` is the usual way.
    """

    _accepts_strings = True    # text passes through; the next layer says whether it takes it

    def __init__(self, shape=None, batch_size: int | None = None, dtype=None, batch_shape=None,
                 name: str | None = None, **kwargs):
        if batch_shape is not None:
            kwargs["batch_input_shape"] = tuple(batch_shape)
        elif shape is not None:
            kwargs["input_shape"], kwargs["batch_size"] = shape, batch_size
        elif "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            raise ValueError("InputLayer: give shape=(...) (without the batch axis)")
        # integer inputs (ids for an Embedding, as keras.Input(dtype="int32")) are declared, and flow as
        # floats holding whole numbers: every layer computes in its float dtype
        self.input_dtype = None if dtype is None else np.dtype(object if dtype in ("string", "str") else dtype)
        integer = self.input_dtype is not None and self.input_dtype.kind in "iubOUS"   # or text: strings flow as they are
        super().__init__(name=name, dtype=None if integer else dtype, **kwargs)

    def call(self, inputs):
        return inputs

    def get_config(self):
        config = super().get_config()
        if self.input_dtype is not None and self.input_dtype.kind in "iub":
            config["dtype"] = self.input_dtype.name
        elif self.input_dtype is not None and self.input_dtype.kind in "OUS":
            config["dtype"] = "string"
        return config

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


__all__ = ["Dense", "Activation", "Dropout", "Flatten", "Reshape", "InputLayer"]
