"""Embedding: a learned lookup table from integer ids to dense vectors (Keras's ``layers.Embedding``)."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops import indexing
from glassnet.layers.layer import Layer, register


@register
class Embedding(Layer):
    """Turn integer ids into dense vectors: out[..., :] = E[id], with E of shape (input_dim, output_dim).

    It is a Dense layer on one-hot inputs without the product: one_hot(id) · E = E[id].
    Backward: dL/dE[k] = Σ over the positions whose id is k of dL/dout at that position
    (rows of ids that never appear in the batch get no gradient).

    Parameters
    ----------
    input_dim : int
        Size of the vocabulary: ids run from 0 to input_dim - 1.
    output_dim : int
        Length of each vector.
    embeddings_initializer : str or initializer
        Keras default: 'uniform' (U(-0.05, 0.05)).
    embeddings_regularizer : regularizer, optional
    mask_zero : bool
        Id 0 is padding: ``compute_mask(ids)`` gives ``ids != 0``. glassnet does not carry masks
        from layer to layer yet (no ``_keras_mask`` on outputs), so pass it on by hand.
    """

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, mask_zero: bool = False, **kwargs):
        kwargs.pop("input_length", None)  # Keras 2 argument, ignored by Keras 3 as well
        super().__init__(**kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"Embedding: {name} must be a positive integer, got {value!r}")
        from glassnet import initializers, regularizers
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.embeddings = None

    def build(self, input_shape):
        self.embeddings = self.add_weight((self.input_dim, self.output_dim), self.embeddings_initializer,
                                          "embeddings", self.embeddings_regularizer)

    def call(self, inputs):
        ids = np.asarray(inputs.data if isinstance(inputs, Tensor) else inputs)
        if ids.dtype.kind == "f":
            if not np.all(ids == np.round(ids)):
                raise ValueError(f"layer {self.name!r} expected integer ids, got values such as {ids.ravel()[:3].tolist()}")
        ids = ids.astype(np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= self.input_dim):
            raise ValueError(f"layer {self.name!r}: ids must lie in [0, {self.input_dim - 1}] (input_dim="
                             f"{self.input_dim}), got values from {ids.min()} to {ids.max()}")
        return indexing.take(self.embeddings, ids, axis=0)

    def compute_mask(self, inputs, mask=None):
        """Keras's mask for padded sequences: True where the id is not 0 (None without ``mask_zero``)."""
        if not self.mask_zero:
            return None
        return np.asarray(inputs.data if isinstance(inputs, Tensor) else inputs) != 0

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        from glassnet import initializers, regularizers
        regularizer = self.embeddings_regularizer
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": None if regularizer is None else regularizers.serialize(regularizer),
                "mask_zero": self.mask_zero}
