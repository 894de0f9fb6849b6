"""BatchNormalization (Keras names and defaults): normalise each channel, then scale and shift.

Training (``training=True``): each channel is normalised with the mean μ_B and variance
σ²_B of the current batch, and the moving averages are updated:

    x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ x̂ + β
    moving_mean     ← momentum · moving_mean     + (1 − momentum) · μ_B
    moving_variance ← momentum · moving_variance + (1 − momentum) · σ²_B

Inference (``training=False``, what ``predict`` and ``evaluate`` use): the moving averages
stand in for the batch statistics, so one sample's output does not depend on the others.

Weights, in Keras's order: gamma, beta (trainable), moving_mean, moving_variance
(non-trainable): 4·C parameters, 2·C of them trainable.
"""
from __future__ import annotations

from glassnet import constraints, initializers, regularizers
from glassnet.layers.layer import Layer, register
from glassnet.ops.normalization import batch_norm_inference, batch_norm_train


@register
class BatchNormalization(Layer):
    """Batch normalisation over ``axis`` (the channels, -1 by default)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            if len(axis) != 1:
                raise ValueError(f"BatchNormalization '{self.name}': only one axis is supported, got {axis}")
            axis = axis[0]
        self.axis = int(axis)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"BatchNormalization '{self.name}': momentum must be in [0, 1], got {momentum}")
        if epsilon <= 0:
            raise ValueError(f"BatchNormalization '{self.name}': epsilon must be > 0, got {epsilon}")
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def _channel_axis(self, input_shape) -> int:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim or self.axis % ndim == 0:
            raise ValueError(f"BatchNormalization '{self.name}': axis {self.axis} is not a feature axis of "
                             f"the input shape {tuple(input_shape)}")
        return self.axis % ndim

    def build(self, input_shape) -> None:
        axis = self._channel_axis(input_shape)
        size = input_shape[axis]
        if size is None:
            raise ValueError(f"BatchNormalization '{self.name}': axis {self.axis} of the input shape "
                             f"{tuple(input_shape)} must be known")
        shape = (int(size),)
        if self.scale:
            self.gamma = self.add_weight(shape, self.gamma_initializer, name="gamma",
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(shape, self.beta_initializer, name="beta",
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight(shape, self.moving_mean_initializer, name="moving_mean",
                                           trainable=False)
        self.moving_variance = self.add_weight(shape, self.moving_variance_initializer,
                                               name="moving_variance", trainable=False)
        super().build(input_shape)

    def compute_output_shape(self, input_shape) -> tuple:
        self._channel_axis(input_shape)
        return tuple(input_shape)

    def call(self, inputs, training=False):
        axis = self._channel_axis(inputs.shape)
        expected = self.moving_mean.shape[0]
        if inputs.shape[axis] != expected:
            raise ValueError(f"BatchNormalization '{self.name}' was built for {expected} features on axis "
                             f"{self.axis}, got input shape {inputs.shape}")
        if training and self.trainable:
            out, mean, var = batch_norm_train(inputs, self.gamma, self.beta, axis, self.epsilon)
            m = self.moving_mean.data
            m *= self.momentum
            m += (1.0 - self.momentum) * mean.astype(m.dtype, copy=False)
            v = self.moving_variance.data
            v *= self.momentum
            v += (1.0 - self.momentum) * var.astype(v.dtype, copy=False)
            return out
        return batch_norm_inference(inputs, self.moving_mean.data, self.moving_variance.data,
                                    self.gamma, self.beta, axis, self.epsilon)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer) if self.beta_regularizer else None,
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer) if self.gamma_regularizer else None,
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint), "synchronized": False,
        })
        return config


__all__ = ["BatchNormalization"]
