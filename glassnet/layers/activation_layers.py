"""Activations as layers, as Keras also offers them: ``layers.ReLU()``, ``layers.LeakyReLU()``, ``layers.Softmax()``.

They are the activation functions of :mod:`glassnet.ops.nn` in a layer of their own,
useful to place an activation after another layer (e.g. after BatchNormalization).
"""
from __future__ import annotations

from glassnet.ops import math as M
from glassnet.ops import nn
from glassnet.layers.layer import Layer, register


@register
class ReLU(Layer):
    """a = min(max(z, 0), max_value), or negative_slope·z below 0 (Keras's ReLU layer)."""

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"ReLU: max_value must be ≥ 0, got {max_value!r}")
        if negative_slope < 0:
            raise ValueError(f"ReLU: negative_slope must be ≥ 0, got {negative_slope!r}")
        if threshold != 0:
            raise ValueError(f"ReLU: only threshold=0 is supported, got {threshold!r}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = 0.0

    def call(self, inputs):
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
