"""Layers that regularise while training and step aside at inference.

    GaussianNoise(σ)        y = x + ε,  ε ~ N(0, σ²)                    dL/dx = dL/dy
    GaussianDropout(p)      y = x ⊙ m,  m ~ N(1, p/(1 − p))             dL/dx = dL/dy ⊙ m
    SpatialDropout1D/2D(p)  Dropout of whole feature maps: one mask value per (sample, channel)
    ActivityRegularization  y = x, and the penalty l1·Σ|x| + l2·Σx² joins the model's losses

Each draws from glassnet's generator (``keras.utils.set_random_seed``), or from its own when
``seed`` is given; ``training=False`` (evaluate, predict) returns the input unchanged.
"""
from __future__ import annotations

import numpy as np

from glassnet.ops import math as M
from glassnet.ops import nn
from glassnet.random import get_rng
from glassnet.layers.core import Dropout
from glassnet.layers.layer import Layer, register


class _Random(Layer):
    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)

    def _generator(self) -> np.random.Generator:
        return self._rng if self._rng is not None else get_rng()

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


def _check_rate(layer: str, rate) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)) or not 0 <= rate < 1:
        raise ValueError(f"{layer}: rate must be a number in [0, 1), got {rate!r}")
    return float(rate)


@register
class GaussianNoise(_Random):
    """While training, add zero-mean Gaussian noise of standard deviation ``stddev``."""

    def __init__(self, stddev: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if not isinstance(stddev, (int, float, np.number)) or stddev < 0:
            raise ValueError(f"GaussianNoise: stddev must be a number >= 0, got {stddev!r}")
        self.stddev = float(stddev)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = self._generator().normal(0.0, self.stddev, size=inputs.shape).astype(inputs.dtype)
        return M.add(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


@register
class GaussianDropout(_Random):
    """While training, multiply by Gaussian noise of mean 1 and variance rate/(1 − rate)."""

    def __init__(self, rate: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.rate = _check_rate("GaussianDropout", rate)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = np.sqrt(self.rate / (1.0 - self.rate))
        mask = self._generator().normal(1.0, stddev, size=inputs.shape).astype(inputs.dtype)
        return M.multiply(inputs, mask)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class _SpatialDropout(Dropout):
    _rank: int      # spatial axes: 1 (steps) or 2 (height, width)

    def __init__(self, rate: float, seed: int | None = None, **kwargs):
        super().__init__(_check_rate(type(self).__name__, rate), seed=seed, **kwargs)

    def call(self, inputs, training=False):
        if inputs.ndim != self._rank + 2:    # in inference too, as Keras's input_spec
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) expects input of rank {self._rank + 2}, "
                             f"got shape {tuple(inputs.shape)}")
        if not training:
            return inputs
        noise_shape = (inputs.shape[0],) + (1,) * self._rank + (inputs.shape[-1],)
        return nn.dropout(inputs, self.rate, self._rng if self._rng is not None else get_rng(), noise_shape)

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape", None)
        return config


@register
class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole channels of a (batch, steps, channels) input."""

    _rank = 1


@register
class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole feature maps of a (batch, height, width, channels) input."""

    _rank = 2


@register
class ActivityRegularization(Layer):
    """y = x; the penalty l1·Σ|x| + l2·Σx² of its input is added to the model's losses."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs):
        from glassnet import regularizers
        kwargs.pop("activity_regularizer", None)
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = float(l1), float(l2)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}


__all__ = ["GaussianNoise", "GaussianDropout", "SpatialDropout1D", "SpatialDropout2D", "ActivityRegularization"]
