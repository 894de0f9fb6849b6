"""StringLookup and IntegerLookup: tokens (strings or integers) to indices in a vocabulary, as Keras's
layers do, with the vocabulary learnt by ``adapt`` or given.

The vocabulary's layout (``get_vocabulary()``)::

    [mask_token, if any] + [oov_token] × num_oov_indices + the tokens, most frequent first

``adapt`` counts every token and keeps the most frequent ones (ties: the larger token first,
as Keras's deterministic order); ``max_tokens`` bounds the whole vocabulary, special tokens
included. ``output_mode``: 'int' (each token's index), or one row per sample of
``vocabulary_size()`` columns: 'one_hot', 'multi_hot' (1 where a token occurs), 'count', 'tf_idf'
(count × idf, idf = ln(1 + samples / (1 + samples containing the token)); an unknown token
gets the mean idf). With ``invert=True`` indices go back to tokens.

Where glassnet differs: with ``num_oov_indices`` > 1, unknown tokens are spread over the OOV
indices by CRC-32 (Keras uses FarmHash), so which OOV index a token gets is not Keras's.
"""
from __future__ import annotations

import zlib
from collections import Counter

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.layer import Layer, register
from glassnet.layers.preprocessing import _batches

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def ordered_by_frequency(counts: Counter) -> list:
    """Tokens by count, most frequent first; equal counts: the larger token first (Keras's tie rule)."""
    return sorted(counts, key=lambda token: (counts[token], token), reverse=True)


def read_vocabulary(vocabulary):
    """A vocabulary given as a list, or as the path of a file with one token per line."""
    if isinstance(vocabulary, str):
        with open(vocabulary, encoding="utf-8") as handle:
            return [line.rstrip("\n") for line in handle]
    return vocabulary


def learnt_vocabulary(counts: Counter, documents: Counter, samples: int, specials: list, max_tokens: int | None,
                      with_idf: bool) -> tuple[list, np.ndarray | None]:
    """The tokens ``adapt`` keeps (most frequent first, at most ``max_tokens`` with the special ones)
    and, for 'tf_idf', their idf = ln(1 + samples / (1 + samples containing the token))."""
    ordered = [t for t in ordered_by_frequency(counts) if t not in specials]
    if max_tokens is not None:
        ordered = ordered[:max(max_tokens - len(specials), 0)]
    idf = None
    if with_idf:
        idf = np.log(1 + samples / (1 + np.array([documents[t] for t in ordered], dtype=np.float64)))
    return ordered, idf


def encode_indices(indices: np.ndarray, mode: str, depth: int, idf: np.ndarray | None, skip: int | None,
                   pad_to: int | None = None, weights=None) -> np.ndarray:
    """Rows of ``depth`` columns from the index arrays of each sample (``mode`` ≠ 'int'): each
    index ≥ 0 (and ≠ ``skip``) adds 1, or its entry of ``weights``, to its column."""
    rows = indices.reshape(len(indices), -1) if indices.ndim > 1 else indices[:, None]
    if mode == "one_hot" and rows.shape[1] != 1:
        raise ValueError(f"output_mode='one_hot' needs one token per sample, got input shape {indices.shape}")
    keep = rows >= 0 if skip is None else (rows >= 0) & (rows != skip)
    sample = np.broadcast_to(np.arange(len(rows))[:, None], rows.shape)
    added = 1.0 if weights is None else np.asarray(weights, dtype=np.float32).reshape(rows.shape)[keep]
    out = np.zeros((len(rows), max(depth, pad_to or 0)), dtype=np.float32)
    np.add.at(out, (sample[keep], rows[keep]), added)
    if mode in ("multi_hot", "one_hot"):
        out = np.minimum(out, 1.0)
    elif mode == "tf_idf":
        out[:, :len(idf)] *= idf
    return out


class IndexLookup(Layer):
    """What StringLookup and IntegerLookup share (see the module text)."""

    _accepts_strings = True
    _default_oov = "[UNK]"

    def __init__(self, max_tokens: int | None = None, num_oov_indices: int = 1, mask_token=None, oov_token=None,
                 vocabulary=None, idf_weights=None, invert: bool = False, output_mode: str = "int",
                 pad_to_max_tokens: bool = False, sparse: bool = False, **kwargs):
        kwargs.pop("encoding", None)
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(**kwargs)
        kind = type(self).__name__
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(f"{kind}: output_mode must be one of {_OUTPUT_MODES}, got {output_mode!r}")
        if sparse:
            raise ValueError(f"{kind}: sparse=True is not supported (glassnet has no sparse tensors)")
        if invert and output_mode != "int":
            raise ValueError(f"{kind}: invert=True works with output_mode='int' only, got {output_mode!r}")
        if int(num_oov_indices) < 0:
            raise ValueError(f"{kind}: num_oov_indices must be ≥ 0, got {num_oov_indices}")
        self.max_tokens = None if max_tokens is None else int(max_tokens)
        self.num_oov_indices, self.mask_token = int(num_oov_indices), mask_token
        self.oov_token = self._default_oov if oov_token is None else oov_token
        self.invert, self.output_mode, self.pad_to_max_tokens = bool(invert), output_mode, bool(pad_to_max_tokens)
        self._tokens: list = []
        self._idf = None
        self._index = None                   # token → index, once adapt or a vocabulary set it
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # ------------------------------------------------------------------ the vocabulary
    def _specials(self) -> list:
        return ([] if self.mask_token is None else [self.mask_token]) + [self.oov_token] * self.num_oov_indices

    def _convert(self, values: np.ndarray) -> np.ndarray:
        return values

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        return (self._specials() if include_special_tokens else []) + list(self._tokens)

    def vocabulary_size(self) -> int:
        return len(self._specials()) + len(self._tokens)

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Use this vocabulary (without the special tokens; a file path is read one token per line)."""
        vocabulary = read_vocabulary(vocabulary)
        tokens = [t for t in self._convert(np.asarray(vocabulary)).tolist() if t not in self._specials()]
        if len(set(tokens)) != len(tokens):
            raise ValueError(f"{type(self).__name__}: the vocabulary has repeated tokens")
        self._tokens = tokens
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(f"{type(self).__name__}: output_mode='tf_idf' with a given vocabulary needs idf_weights")
            self._set_idf(np.asarray(idf_weights, dtype=np.float32))
        self._index = {t: i + len(self._specials()) for i, t in enumerate(self._tokens)}
        self.built = True

    def _set_idf(self, token_idf: np.ndarray) -> None:
        oov = np.full(self.num_oov_indices, token_idf.mean() if token_idf.size else 0.0, dtype=np.float32)
        mask = np.zeros(0 if self.mask_token is None else 1, dtype=np.float32)
        self._idf = np.concatenate([mask, oov, token_idf]).astype(np.float32)

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learn the vocabulary (and the idf weights) from ``data``."""
        counts, documents, samples = Counter(), Counter(), 0
        for step, batch in enumerate(_batches(data)):
            if steps is not None and step >= steps:
                break
            for sample in self._samples(batch):
                tokens = [t for t in sample if t != self.mask_token]
                counts.update(tokens)
                documents.update(set(tokens))
                samples += 1
        self.set_vocabulary(*learnt_vocabulary(counts, documents, samples, self._specials(), self.max_tokens,
                                               self.output_mode == "tf_idf"))

    def _samples(self, batch: np.ndarray):
        """The token lists of each sample of an adapt batch."""
        batch = self._convert(np.asarray(batch))
        rows = batch.reshape(len(batch), -1) if batch.ndim > 1 else batch[:, None]
        return [row.tolist() for row in rows]

    # ------------------------------------------------------------------ the call
    def _lookup(self, tokens: np.ndarray) -> np.ndarray:
        if self._index is None:
            raise ValueError(f"{type(self).__name__} '{self.name}': call adapt(data) or give a vocabulary first")
        first_oov = 0 if self.mask_token is None else 1
        flat = tokens.ravel().tolist()
        out = np.empty(len(flat), dtype=np.int64)
        for i, token in enumerate(flat):
            index = self._index.get(token)
            if index is None:
                if self.mask_token is not None and token == self.mask_token:
                    index = 0
                elif self.num_oov_indices == 0:
                    raise ValueError(f"{type(self).__name__} '{self.name}': {token!r} is not in the vocabulary and "
                                     "num_oov_indices=0 leaves no index for it")
                else:
                    index = first_oov + zlib.crc32(str(token).encode()) % self.num_oov_indices
            out[i] = index
        return out.reshape(tokens.shape)

    def _invert(self, indices: np.ndarray) -> np.ndarray:
        vocabulary = np.asarray(self.get_vocabulary(), dtype=object)
        flat = indices.astype(np.int64).ravel()
        out = np.where((flat >= 0) & (flat < len(vocabulary)), vocabulary[np.clip(flat, 0, len(vocabulary) - 1)],
                       self.oov_token)
        return out.reshape(indices.shape)

    def call(self, inputs):
        values = self._convert(np.asarray(inputs.data if isinstance(inputs, Tensor) else inputs))
        if self.invert:
            return Tensor(self._invert(values))
        indices = self._lookup(values)
        if self.output_mode == "int":
            return Tensor(indices, dtype=np.int64)
        skip = 0 if self.mask_token is not None else None
        pad = self.max_tokens if self.pad_to_max_tokens else None
        return Tensor(encode_indices(indices, self.output_mode, self.vocabulary_size(), self._idf, skip, pad))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        width = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        return (input_shape[0], width)

    def get_config(self):
        return {**super().get_config(), "max_tokens": self.max_tokens, "num_oov_indices": self.num_oov_indices,
                "mask_token": self.mask_token, "oov_token": self.oov_token, "invert": self.invert,
                "output_mode": self.output_mode, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary": list(self._tokens) or None,
                "idf_weights": None if self._idf is None else self._idf[len(self._specials()):].tolist()}


@register
class StringLookup(IndexLookup):
    """Strings to indices (``oov_token='[UNK]'``); see the module text."""

    def _convert(self, values):
        if values.dtype.kind == "S":
            return values.astype(str)
        return values.astype(object) if values.dtype.kind in "U" else values


@register
class IntegerLookup(IndexLookup):
    """Integers to indices (``oov_token=-1``); see the module text."""

    _accepts_strings = False
    _default_oov = -1

    def _convert(self, values):
        if values.dtype.kind == "f":
            if np.any(values != np.round(values)):
                raise ValueError(f"IntegerLookup '{self.name}': expected integers, got values such as "
                                 f"{values.ravel()[:3].tolist()}")
        return values.astype(np.int64) if values.dtype.kind in "fiub" else values
