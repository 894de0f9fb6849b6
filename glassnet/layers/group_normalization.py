"""GroupNormalization and UnitNormalization (Keras's layers).

GroupNormalization (Wu & He, 2018) normalises each sample on its own, like LayerNormalization,
but over groups of channels: the C channels are cut into G groups of C/G, and each group's
mean and variance are taken over its channels and every spatial position::

    μ_g, σ²_g over (positions, channels of group g)     y = γ_c · (x − μ_g) / √(σ²_g + ε) + β_c

G = 1 is LayerNormalization over everything but the batch, G = C is InstanceNormalization.
UnitNormalization divides each sample by its L2 norm along ``axis``. Both are written with
differentiable ops, so the backward pass comes with them.
"""
from __future__ import annotations

from glassnet import constraints, initializers, regularizers
from glassnet.layers.layer import Layer, register
from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops


@register
class GroupNormalization(Layer):
    """Normalise groups of channels within each sample.

    Parameters
    ----------
    groups : int, default 32
        How many groups the channels (``axis``) are cut into; must divide their number. −1: one per channel.
    axis : int, default −1
        The channel axis.
    epsilon : float, default 1e-3
    center, scale : bool
        Learn β (from 0) and γ (from 1), one per channel.
    """

    def __init__(self, groups: int = 32, axis: int = -1, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if int(groups) != groups or (groups <= 0 and groups != -1):
            raise ValueError(f"GroupNormalization: groups must be a positive integer or -1, got {groups!r}")
        self.groups, self.axis, self.epsilon = int(groups), int(axis), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.gamma = self.beta = None

    def build(self, input_shape):
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError(f"GroupNormalization '{self.name}': axis {self.axis} of the input shape "
                             f"{tuple(input_shape)} must be known")
        if self.groups == -1:
            self.groups = int(channels)
        if channels < self.groups:
            raise ValueError(f"GroupNormalization '{self.name}': groups={self.groups} is more than the "
                             f"{channels} channels of axis {self.axis}")
        if channels % self.groups:
            raise ValueError(f"GroupNormalization '{self.name}': groups={self.groups} must divide the "
                             f"{channels} channels of axis {self.axis}")
        if self.scale:
            self.gamma = self.add_weight((channels,), self.gamma_initializer, "gamma", self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight((channels,), self.beta_initializer, "beta", self.beta_regularizer,
                                        constraint=self.beta_constraint)

    def call(self, inputs):
        ndim = inputs.ndim
        axis = self.axis % ndim
        moved = shape_ops.moveaxis(inputs, axis, -1)                 # channels last
        shape = moved.shape
        grouped = shape_ops.reshape(moved, shape[:-1] + (self.groups, shape[-1] // self.groups))
        reduce = tuple(range(1, ndim - 1)) + (ndim,)                  # positions and the channels of a group
        mean = M.mean(grouped, axis=reduce, keepdims=True)
        centred = grouped - mean
        variance = M.mean(centred * centred, axis=reduce, keepdims=True)
        out = shape_ops.reshape(centred / M.sqrt(variance + self.epsilon), shape)
        if self.gamma is not None:
            out = out * self.gamma
        if self.beta is not None:
            out = out + self.beta
        return shape_ops.moveaxis(out, -1, axis)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "groups": self.groups, "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": None if self.beta_regularizer is None else regularizers.serialize(
                    self.beta_regularizer),
                "gamma_regularizer": None if self.gamma_regularizer is None else regularizers.serialize(
                    self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint)}


@register
class UnitNormalization(Layer):
    """y = x / ‖x‖₂ along ``axis`` (each sample's vector scaled to length 1; ‖x‖² floored at 1e-12)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = [int(a) for a in axis] if isinstance(axis, (list, tuple)) else int(axis)

    def call(self, inputs):
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        squared = M.sum(inputs * inputs, axis=axis, keepdims=True)
        return inputs / M.sqrt(M.maximum(squared, 1e-12))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
