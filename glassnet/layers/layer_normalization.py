"""LayerNormalization: normalise each sample over its features (Keras's ``layers.LayerNormalization``)."""
from __future__ import annotations


from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops

from glassnet.layers.layer import Layer, register


@register
class LayerNormalization(Layer):
    """Normalise every sample on its own, over ``axis`` (the features by default)::

        μ = mean(x over axis)   σ² = mean((x − μ)² over axis)
        y = γ · (x − μ) / √(σ² + ε) + β

    Unlike BatchNormalization, nothing depends on the rest of the batch, so training and
    inference compute the same thing and there are no moving averages. γ (``gamma``, from 1)
    and β (``beta``, from 0) have the shape of the normalised axes. The backward pass comes
    from the ops it is written with.

    Parameters
    ----------
    axis : int or list of int
        Axes to normalise over (Keras's default: -1).
    epsilon : float
        Keras's default: 1e-3.
    center, scale : bool
        Learn β and γ.
    rms_scaling : bool
        RMS normalisation instead (Zhang & Sennrich 2019): y = γ · x / √(mean(x²) + ε), no mean
        taken and no β (``center`` and ``scale`` are then ignored).
    """

    def __init__(self, axis=-1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 beta_initializer="zeros", gamma_initializer="ones", rms_scaling: bool = False, **kwargs):
        super().__init__(**kwargs)
        from glassnet import initializers
        self.rms_scaling = bool(rms_scaling)
        self.axis = [int(a) for a in axis] if isinstance(axis, (list, tuple)) else int(axis)
        if not (isinstance(epsilon, (int, float)) and epsilon >= 0):
            raise ValueError(f"LayerNormalization: epsilon must be a non-negative number, got {epsilon!r}")
        self.epsilon = float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.gamma = self.beta = None

    def _axes(self, ndim: int) -> tuple[int, ...]:
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -ndim <= a < ndim:
                raise ValueError(f"layer {self.name!r}: axis {a} is out of range for inputs of rank {ndim}")
        return tuple(sorted(a % ndim for a in axes))

    def build(self, input_shape):
        axes = self._axes(len(input_shape))
        if any(input_shape[a] is None for a in axes):
            raise ValueError(f"layer {self.name!r}: the normalised axes {axes} of the input must be known, "
                             f"got shape {tuple(input_shape)}")
        shape = tuple(input_shape[a] for a in axes)   # Keras's weight shape: the normalised axes only
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(shape, self.gamma_initializer, "gamma")
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(shape, self.beta_initializer, "beta")

    def call(self, inputs):
        axes = self._axes(inputs.ndim)
        broadcast = tuple(inputs.shape[a] if a in axes else 1 for a in range(inputs.ndim))
        if self.rms_scaling:
            mean_square = M.mean(inputs * inputs, axis=axes, keepdims=True)
            return inputs / M.sqrt(mean_square + self.epsilon) * shape_ops.reshape(self.gamma, broadcast)
        mean = M.mean(inputs, axis=axes, keepdims=True)
        centred = inputs - mean
        variance = M.mean(centred * centred, axis=axes, keepdims=True)
        out = centred / M.sqrt(variance + self.epsilon)
        if self.gamma is not None:
            out = out * shape_ops.reshape(self.gamma, broadcast)
        if self.beta is not None:
            out = out + shape_ops.reshape(self.beta, broadcast)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        from glassnet import initializers
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, "rms_scaling": self.rms_scaling, "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer)}
