"""MultiHeadAttention: scaled dot-product attention with several heads (Keras's ``layers.MultiHeadAttention``)."""
from __future__ import annotations

import math

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops import nn
from glassnet.ops.einstein import einsum
from glassnet.layers.core import Dropout
from glassnet.layers.layer import Layer, register


@register
class MultiHeadAttention(Layer):
    """Attention over sequences, ``num_heads`` times in parallel, then mixed back::

        Q_h = query·Wq_h + bq_h    K_h = key·Wk_h + bk_h    V_h = value·Wv_h + bv_h
        A_h = softmax(Q_h K_hᵀ / √key_dim)            (masked positions get −∞ before softmax)
        out = Σ_h (A_h V_h)·Wo_h + bo

    Weights in Keras's shapes: Wq, Wk (features, num_heads, key_dim), Wv (features, num_heads,
    value_dim), Wo (num_heads, value_dim, output features). Called as ``layer(query, value)``,
    with ``key=`` (defaults to value), ``attention_mask=`` (batch, T_query, T_key) of booleans
    (True: may attend), ``use_causal_mask=True`` (position i sees only j ≤ i) and
    ``return_attention_scores=True`` (also return A, shape (batch, heads, T_query, T_key)).
    The backward pass comes from the ops (einsum, softmax).
    """

    def __init__(self, num_heads: int, key_dim: int, value_dim: int | None = None, dropout: float = 0.0,
                 use_bias: bool = True, output_shape=None, attention_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        for name, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"MultiHeadAttention: {name} must be a positive integer, got {value!r}")
        if attention_axes is not None:
            raise NotImplementedError("MultiHeadAttention: attention_axes is not implemented (attention runs over axis 1)")
        from glassnet import initializers
        self.num_heads, self.key_dim = int(num_heads), int(key_dim)
        self.value_dim = int(value_dim) if value_dim is not None else self.key_dim
        self.dropout = float(dropout)
        self.use_bias = bool(use_bias)
        self._output_features = None if output_shape is None else int(np.prod(output_shape))
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self._dropout_layer = Dropout(self.dropout) if self.dropout > 0 else None

    def build(self, query_shape, value_shape=None, key_shape=None):
        value_shape = value_shape or query_shape
        key_shape = key_shape or value_shape
        h = self.num_heads
        out_features = self._output_features or query_shape[-1]

        def projection(name, features, depth):
            kernel = self.add_weight((features, h, depth), self.kernel_initializer, f"{name}_kernel")
            bias = self.add_weight((h, depth), self.bias_initializer, f"{name}_bias") if self.use_bias else None
            return kernel, bias
        self.query_kernel, self.query_bias = projection("query", query_shape[-1], self.key_dim)
        self.key_kernel, self.key_bias = projection("key", key_shape[-1], self.key_dim)
        self.value_kernel, self.value_bias = projection("value", value_shape[-1], self.value_dim)
        self.output_kernel = self.add_weight((h, self.value_dim, out_features), self.kernel_initializer, "output_kernel")
        self.output_bias = (self.add_weight((out_features,), self.bias_initializer, "output_bias")
                            if self.use_bias else None)

    @staticmethod
    def _project(x, kernel, bias):
        out = einsum("btf,fhd->bthd", x, kernel)
        return out + bias if bias is not None else out

    def call(self, query, value=None, key=None, attention_mask=None, return_attention_scores: bool = False,
             training=False, use_causal_mask: bool = False):
        value = query if value is None else value
        key = value if key is None else key
        q = self._project(query, self.query_kernel, self.query_bias) * (1.0 / math.sqrt(self.key_dim))
        k = self._project(key, self.key_kernel, self.key_bias)
        v = self._project(value, self.value_kernel, self.value_bias)
        scores = einsum("bqhd,bkhd->bhqk", q, k)
        allowed = self._allowed(attention_mask, use_causal_mask, scores.shape)
        if allowed is not None:
            scores = scores + Tensor(np.where(allowed, 0.0, -1e9).astype(scores.dtype))
        weights = nn.softmax(scores, axis=-1)
        attended = self._dropout_layer(weights, training=training) if self._dropout_layer is not None else weights
        mixed = einsum("bhqk,bkhd->bqhd", attended, v)
        out = einsum("bqhd,hdo->bqo", mixed, self.output_kernel)
        if self.output_bias is not None:
            out = out + self.output_bias
        return (out, weights) if return_attention_scores else out

    @staticmethod
    def _allowed(attention_mask, use_causal_mask, score_shape):
        """Boolean (batch or 1, 1, T_query, T_key): where a query may look."""
        batch, _, t_q, t_k = score_shape
        allowed = None
        if attention_mask is not None:
            allowed = np.asarray(getattr(attention_mask, "data", attention_mask)).astype(bool)
            if allowed.ndim == 3:
                allowed = allowed[:, None]
        if use_causal_mask:
            causal = np.tril(np.ones((t_q, t_k), dtype=bool))[None, None]
            allowed = causal if allowed is None else (allowed & causal)
        return allowed

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape[:-1]) + (self._output_features or query_shape[-1],)

    def get_config(self):
        from glassnet import initializers
        return {**super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
                "value_dim": self.value_dim, "dropout": self.dropout, "use_bias": self.use_bias,
                "output_shape": self._output_features,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer)}
