"""Activations as layers, as Keras also offers them: ``layers.ReLU()``, ``layers.LeakyReLU()``, ``layers.Softmax()``,
``layers.ELU()``, ``layers.PReLU()`` (whose negative slope is learnt).

They are the activation functions of :mod:`glassnet.ops.nn` in a layer of their own,
useful to place an activation after another layer (e.g. after BatchNormalization).
"""
from __future__ import annotations

from glassnet import constraints, initializers, regularizers
from glassnet.ops import elementwise, nn
from glassnet.ops import math as M
from glassnet.ops import more_activations
from glassnet.layers.layer import Layer, register


@register
class ReLU(Layer):
    """a = min(max(z, 0), max_value), or negative_slope·(z − threshold) below ``threshold`` (Keras's ReLU layer)."""

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"ReLU: max_value must be ≥ 0, got {max_value!r}")
        if negative_slope < 0:
            raise ValueError(f"ReLU: negative_slope must be ≥ 0, got {negative_slope!r}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)

    def call(self, inputs):
        if self.threshold != 0:    # below the threshold: negative_slope · (z − threshold)
            return more_activations.shifted_relu(inputs, self.negative_slope, self.max_value, self.threshold)
        out = nn.relu(inputs) if self.negative_slope == 0 else nn.leaky_relu(inputs, self.negative_slope)
        if self.max_value is not None:
            out = M.clip(out, -float("inf"), self.max_value)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value, "negative_slope": self.negative_slope,
                "threshold": self.threshold}


@register
class LeakyReLU(Layer):
    """a = z for z > 0, else negative_slope·z. Keras's LeakyReLU *layer* defaults to 0.3
    (the ``leaky_relu`` activation function to 0.2)."""

    def __init__(self, negative_slope: float = 0.3, **kwargs):
        super().__init__(**kwargs)
        if negative_slope < 0:
            raise ValueError(f"LeakyReLU: negative_slope must be ≥ 0, got {negative_slope!r}")
        self.negative_slope = float(negative_slope)

    def call(self, inputs):
        return nn.leaky_relu(inputs, self.negative_slope)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}


@register
class Softmax(Layer):
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along ``axis`` (a cross-entropy after it still uses the fused rule)."""

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def call(self, inputs):
        return nn.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


__all__ = ["ReLU", "LeakyReLU", "Softmax"]


@register
class ELU(Layer):
    """a = z for z > 0, α(eᶻ − 1) otherwise."""

    def __init__(self, alpha: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return nn.elu(inputs, self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}


@register
class PReLU(Layer):
    """a = max(0, z) + α ⊙ min(0, z), with the slopes α learnt (He et al. 2015), one per feature and
    position unless ``shared_axes`` share them (e.g. ``shared_axes=[1, 2]``: one per channel of an image);
    dL/dα = Σ dL/da · min(0, z) over the shared axes and the batch."""

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            self.shared_axes = [int(a) for a in (shared_axes if isinstance(shared_axes, (list, tuple))
                                                 else [shared_axes])]
        self.alpha = None

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(f"PReLU '{self.name}': shared axis {axis} is not an axis of the features of "
                                 f"the input shape {tuple(input_shape)}")
            shape[axis - 1] = 1
        if any(size is None for size in shape):
            raise ValueError(f"PReLU '{self.name}': the feature axes must be known (or shared), got input shape "
                             f"{tuple(input_shape)}")
        self.alpha = self.add_weight(tuple(shape), self.alpha_initializer, "alpha", self.alpha_regularizer,
                                     constraint=self.alpha_constraint)

    def call(self, inputs):
        return nn.relu(inputs) + self.alpha * elementwise.minimum(inputs, 0.0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": None if self.alpha_regularizer is None else regularizers.serialize(
                    self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint), "shared_axes": self.shared_axes}
