"""Embedding and Masking: turning tokens into vectors, and telling later layers which steps are real."""
from __future__ import annotations

import numpy as np

from glassnet import constraints, initializers, regularizers
from glassnet import ops as keras_ops
from glassnet.autodiff import Tensor
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.layer import Layer, register
from glassnet.ops import math as math_ops
from glassnet.ops.embedding import as_indices, embedding


@register
class Embedding(Layer):
    """A trainable table: token k ↦ row k of ``embeddings`` (input_dim, output_dim).

        out[n, t, :] = E[x[n, t], :]
        dL/dE[k] = Σ of dL/dout over the positions holding token k (the other rows get 0)

    Parameters (Keras's): input_dim (vocabulary size; indices must lie in [0, input_dim)),
    output_dim, embeddings_initializer='uniform' (U(−0.05, 0.05)), embeddings_regularizer,
    mask_zero=False. With ``mask_zero=True`` index 0 means padding: the layer's output carries
    the mask x ≠ 0, which the recurrent layers after it use to skip those steps (index 0 is
    then not a usable token, so input_dim should be the vocabulary size + 1).
    """

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero: bool = False,
                 weights=None, lora_rank=None, **kwargs):
        kwargs.pop("input_length", None)   # Keras 2's argument, ignored by Keras 3 too
        super().__init__(**kwargs)
        for argument, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"Embedding: {argument} must be a positive integer, got {value!r}")
        if lora_rank is not None:
            raise ValueError("Embedding: lora_rank is not supported; pass None")
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.embeddings = None
        self._initial_weights = weights

    def build(self, input_shape):
        self.embeddings = self.add_weight((self.input_dim, self.output_dim), self.embeddings_initializer,
                                          "embeddings", self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def _as_tensor(self, value) -> Tensor:
        """Indices stay as they are (the base class would make floats of them)."""
        return value if isinstance(value, Tensor) else Tensor(np.asarray(value))

    def call(self, inputs):
        return embedding(as_indices(inputs, self.input_dim, f"layer {self.name!r} (Embedding)"), self.embeddings)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        if isinstance(inputs, KerasTensor):  # building a functional model: the mask is a node of the graph
            return keras_ops.not_equal(inputs, 0)
        return np.asarray(inputs.data if isinstance(inputs, Tensor) else inputs) != 0

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": (None if self.embeddings_regularizer is None
                                           else regularizers.serialize(self.embeddings_regularizer)),
                "embeddings_constraint": constraints.serialize(self.embeddings_constraint), "mask_zero": self.mask_zero}


@register
class Masking(Layer):
    """Mark as padding every time step whose features all equal ``mask_value`` (default 0).

        mask[n, t] = any_f (x[n, t, f] ≠ mask_value),   out = x ⊙ mask (padding steps become 0)

    The mask travels with the output to the next layers (recurrent layers skip those steps).
    """

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = float(mask_value)

    def _step_mask(self, inputs) -> np.ndarray:
        data = inputs.data if isinstance(inputs, Tensor) else np.asarray(inputs)
        return np.any(data != self.mask_value, axis=-1)

    def call(self, inputs):
        keep = self._step_mask(inputs)
        return math_ops.multiply(inputs, Tensor(keep[..., None].astype(inputs.dtype)))

    def compute_mask(self, inputs, previous_mask=None):
        if isinstance(inputs, KerasTensor):
            return keras_ops.any(keras_ops.not_equal(inputs, self.mask_value), axis=-1)
        return self._step_mask(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


__all__ = ["Embedding", "Masking"]
