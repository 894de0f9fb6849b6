"""TextVectorization: raw strings to token indices or bag-of-words rows (Keras's layer).

Each string goes through three steps, then a vocabulary lookup::

    standardize   'lower_and_strip_punctuation' (default): lower case, and the characters
                  !"#$%&()*+,-./:;<=>?@[\\]^_`{|}~' removed; or 'lower', 'strip_punctuation',
                  None, or your own function of a string
    split         'whitespace' (runs of spaces), 'character', None (the whole string), or a function
    ngrams        None, n (all 1- … n-grams, words joined by a space) or a tuple of sizes

``adapt(texts)`` learns the vocabulary: the most frequent tokens (ties: the larger first, as
Keras), at most ``max_tokens`` entries including the special ones. ``output_mode='int'``
gives each token's index (0 = padding, 1 = '[UNK]'), padded with 0 to the longest text of the
batch or cut/padded to ``output_sequence_length``; 'multi_hot', 'count' and 'tf_idf' give one
row of ``vocabulary_size()`` columns per text ('[UNK]' is column 0).
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.index_lookup import encode_indices, learnt_vocabulary, read_vocabulary
from glassnet.layers.layer import Layer, register
from glassnet.layers.preprocessing import _batches

_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~\']')
_MODES = ("int", "multi_hot", "count", "tf_idf")


def _standardized(text: str, how) -> str:
    if how is None:
        return text
    if callable(how):
        return how(text)
    if how in ("lower", "lower_and_strip_punctuation"):
        text = text.lower()
    if how in ("strip_punctuation", "lower_and_strip_punctuation"):
        text = _PUNCTUATION.sub("", text)
    return text


def _split(text: str, how) -> list[str]:
    if how is None:
        return [text]
    if callable(how):
        return list(how(text))
    return list(text) if how == "character" else text.split()


def _with_ngrams(tokens: list[str], ngrams) -> list[str]:
    if ngrams is None:
        return tokens
    sizes = range(1, ngrams + 1) if isinstance(ngrams, int) else ngrams
    return [" ".join(tokens[i:i + n]) for n in sizes for i in range(len(tokens) - n + 1)]


def _texts(values) -> list[str]:
    array = np.asarray(values.data if isinstance(values, Tensor) else values)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim > 1:
        raise ValueError(f"TextVectorization: expected one string per sample, shape (batch,) or (batch, 1), "
                         f"got shape {array.shape}")
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in np.atleast_1d(array).tolist()]


@register
class TextVectorization(Layer):
    """Strings to token indices or bag-of-words rows, with a vocabulary learnt by ``adapt`` (see above)."""

    _accepts_strings = True

    def __init__(self, max_tokens: int | None = None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode: str = "int", output_sequence_length: int | None = None,
                 pad_to_max_tokens: bool = False, vocabulary=None, idf_weights=None, sparse: bool = False,
                 ragged: bool = False, encoding: str = "utf-8", **kwargs):
        super().__init__(**kwargs)
        if output_mode not in _MODES:
            raise ValueError(f"TextVectorization: output_mode must be one of {_MODES}, got {output_mode!r}")
        if sparse or ragged:
            raise ValueError("TextVectorization: sparse and ragged outputs are not supported; "
                             "use output_sequence_length to get equal lengths")
        if standardize not in (None, "lower", "strip_punctuation", "lower_and_strip_punctuation") \
                and not callable(standardize):
            raise ValueError(f"TextVectorization: unknown standardize={standardize!r}")
        if split not in (None, "whitespace", "character") and not callable(split):
            raise ValueError(f"TextVectorization: unknown split={split!r}")
        if output_sequence_length is not None and output_mode != "int":
            raise ValueError("TextVectorization: output_sequence_length works with output_mode='int' only")
        self.max_tokens = None if max_tokens is None else int(max_tokens)
        self.standardize, self.split, self.ngrams = standardize, split, ngrams
        self.output_mode, self.pad_to_max_tokens = output_mode, bool(pad_to_max_tokens)
        self.output_sequence_length = None if output_sequence_length is None else int(output_sequence_length)
        self._tokens: list[str] = []
        self._idf = None
        self._index = None                   # token → index, once adapt or a vocabulary set it
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    def _specials(self) -> list[str]:
        return ["", "[UNK]"] if self.output_mode == "int" else ["[UNK]"]

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[str]:
        return (self._specials() if include_special_tokens else []) + list(self._tokens)

    def vocabulary_size(self) -> int:
        return len(self._specials()) + len(self._tokens)

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        self._tokens = [str(t) for t in read_vocabulary(vocabulary) if t not in self._specials()]
        self._index = {t: i + len(self._specials()) for i, t in enumerate(self._tokens)}
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("TextVectorization: output_mode='tf_idf' with a given vocabulary needs idf_weights")
            token_idf = np.asarray(idf_weights, dtype=np.float32)
            self._idf = np.concatenate([[token_idf.mean() if token_idf.size else 0.0], token_idf]).astype(np.float32)
        self.built = True

    def _tokenize(self, text: str) -> list[str]:
        return _with_ngrams(_split(_standardized(text, self.standardize), self.split), self.ngrams)

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learn the vocabulary (and, for 'tf_idf', the idf weights) from texts."""
        counts, documents, samples = Counter(), Counter(), 0
        for step, batch in enumerate(_batches(data)):
            if steps is not None and step >= steps:
                break
            for text in _texts(batch):
                tokens = self._tokenize(text)
                counts.update(tokens)
                documents.update(set(tokens))
                samples += 1
        self.set_vocabulary(*learnt_vocabulary(counts, documents, samples, self._specials(), self.max_tokens,
                                               self.output_mode == "tf_idf"))

    def call(self, inputs):
        if self._index is None:
            raise ValueError(f"TextVectorization '{self.name}': call adapt(texts) or give a vocabulary first")
        rows = [[self._index.get(t, len(self._specials()) - 1) for t in self._tokenize(text)]
                for text in _texts(inputs)]
        if self.output_mode == "int":
            length = self.output_sequence_length or max((len(r) for r in rows), default=0)
            out = np.zeros((len(rows), length), dtype=np.int64)
            for i, row in enumerate(rows):
                out[i, :min(len(row), length)] = row[:length]
            return Tensor(out, dtype=np.int64)
        indices = np.full((len(rows), max((len(r) for r in rows), default=0)), -1, dtype=np.int64)
        for i, row in enumerate(rows):
            indices[i, :len(row)] = row
        pad = self.max_tokens if self.pad_to_max_tokens else None
        return Tensor(encode_indices(indices, self.output_mode, self.vocabulary_size(), self._idf, None, pad))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        return (input_shape[0], self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size())

    def get_config(self):
        for name in ("standardize", "split"):
            if callable(getattr(self, name)):
                raise ValueError(f"TextVectorization: a custom {name} function cannot be saved in a model file")
        return {**super().get_config(), "max_tokens": self.max_tokens, "standardize": self.standardize,
                "split": self.split, "ngrams": list(self.ngrams) if isinstance(self.ngrams, tuple) else self.ngrams,
                "output_mode": self.output_mode, "output_sequence_length": self.output_sequence_length,
                "pad_to_max_tokens": self.pad_to_max_tokens, "vocabulary": list(self._tokens) or None,
                "idf_weights": None if self._idf is None else self._idf[1:].tolist()}
