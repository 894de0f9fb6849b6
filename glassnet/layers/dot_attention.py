"""Attention (Luong's dot-product) and AdditiveAttention (Bahdanau's), Keras's layers.

Called on ``[query, value]`` or ``[query, value, key]`` (key defaults to value), shapes
(batch, T_q, d) and (batch, T_v, d)::

    dot:       s_ij = scale · q_i · k_j                      (scale a learnt scalar with use_scale)
    concat:    s_ij = c · Σ_d tanh(scale · (q_id + k_jd))     (c a learnt scalar)
    additive:  s_ij = Σ_d w_d · tanh(q_id + k_jd)             (w learnt with use_scale, else 1)
    a_ij = softmax_j(s_ij)          out_i = Σ_j a_ij · v_j

A value mask (from Embedding(mask_zero=True) or ``mask=[query_mask, value_mask]``) removes
padded steps (their scores get −10⁹ before the softmax), ``use_causal_mask`` lets step i look
only at j ≤ i, and the query mask zeroes the padded query steps of the output. No projection
is learnt here: put Dense layers before, as Keras's examples do.
"""
from __future__ import annotations

import numpy as np

from glassnet import initializers
from glassnet.autodiff import Tensor
from glassnet.layers.core import Dropout
from glassnet.layers.layer import Layer, register
from glassnet.ops import math as M
from glassnet.ops import nn
from glassnet.ops import reshaping as shape_ops


def _mask_array(mask):
    return None if mask is None else np.asarray(getattr(mask, "data", mask)).astype(bool)


class _BaseDenseAttention(Layer):
    def __init__(self, dropout: float = 0.0, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"{type(self).__name__}: dropout must be in [0, 1), got {dropout!r}")
        self.dropout, self.seed = float(dropout), seed
        self._dropout_layer = Dropout(self.dropout, seed=seed) if self.dropout > 0 else None

    def _split(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(f"{type(self).__name__} '{self.name}': call it on [query, value] or "
                             f"[query, value, key], got {type(inputs).__name__}")
        query, value = inputs[0], inputs[1]
        return query, value, inputs[2] if len(inputs) == 3 else value

    def _scores(self, query, key):
        raise NotImplementedError

    def call(self, inputs, mask=None, training=False, return_attention_scores: bool = False,
             use_causal_mask: bool = False):
        query, value, key = self._split(inputs)
        scores = self._scores(query, key)                               # (batch, T_q, T_v)
        query_mask = value_mask = None
        if mask is not None:
            query_mask, value_mask = _mask_array(mask[0]), _mask_array(mask[1] if len(mask) > 1 else None)
        allowed = None if value_mask is None else value_mask[:, None, :]
        if use_causal_mask:
            causal = np.tril(np.ones(scores.shape[-2:], dtype=bool))[None]
            allowed = causal if allowed is None else allowed & causal
        if allowed is not None:
            scores = scores - Tensor((1e9 * ~allowed).astype(scores.dtype))
        weights = nn.softmax(scores, axis=-1)
        attended = self._dropout_layer(weights, training=training) if self._dropout_layer is not None else weights
        out = M.matmul(attended, value)
        if query_mask is not None:
            out = out * Tensor(query_mask[..., None].astype(out.dtype))
        return (out, weights) if return_attention_scores else out

    def compute_mask(self, inputs, previous_mask=None):
        return None if previous_mask is None else previous_mask[0]

    def compute_output_shape(self, input_shape):
        query, value = input_shape[0], input_shape[1]
        return tuple(query[:-1]) + (value[-1],)

    def get_config(self):
        return {**super().get_config(), "dropout": self.dropout, "seed": self.seed}


@register
class Attention(_BaseDenseAttention):
    """Dot-product attention (Luong et al. 2015); ``score_mode='concat'`` sums tanh(q + k) instead.

    Parameters
    ----------
    use_scale : bool
        Learn a scalar that multiplies the scores (starts at 1).
    score_mode : {'dot', 'concat'}
    dropout : float
        Dropout on the attention weights during training.
    """

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0,
                 seed: int | None = None, **kwargs):
        super().__init__(dropout=dropout, seed=seed, **kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(f"Attention: score_mode must be 'dot' or 'concat', got {score_mode!r}")
        self.use_scale, self.score_mode = bool(use_scale), score_mode
        self.scale = self.concat_score_weight = None

    def build(self, input_shape):
        if self.use_scale:
            self.scale = self.add_weight((), initializers.Ones(), "scale")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight((), initializers.Ones(), "concat_score_weight")

    def _scores(self, query, key):
        if self.score_mode == "dot":
            scores = M.matmul(query, shape_ops.swapaxes(key, -1, -2))
            return scores * self.scale if self.scale is not None else scores
        pairs = shape_ops.expand_dims(query, -2) + shape_ops.expand_dims(key, -3)     # (batch, T_q, T_v, d)
        if self.scale is not None:
            pairs = pairs * self.scale
        return self.concat_score_weight * M.sum(nn.tanh(pairs), axis=-1)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode}


@register
class AdditiveAttention(_BaseDenseAttention):
    """Additive attention (Bahdanau et al. 2015): s_ij = Σ_d w_d tanh(q_id + k_jd).

    Parameters
    ----------
    use_scale : bool
        Learn w (one weight per feature, Glorot-uniform); else w = 1.
    dropout : float
    """

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, seed: int | None = None, **kwargs):
        super().__init__(dropout=dropout, seed=seed, **kwargs)
        self.use_scale = bool(use_scale)
        self.scale = None

    def build(self, input_shape):
        if self.use_scale:
            features = input_shape[1][-1] if isinstance(input_shape[0], (list, tuple)) else input_shape[-1]
            self.scale = self.add_weight((int(features),), initializers.GlorotUniform(), "scale")

    def _scores(self, query, key):
        pairs = nn.tanh(shape_ops.expand_dims(query, -2) + shape_ops.expand_dims(key, -3))
        return M.sum(pairs * self.scale if self.scale is not None else pairs, axis=-1)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale}
