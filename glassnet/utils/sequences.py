"""pad_sequences: lists of different lengths → one rectangular array (Keras's ``keras.utils.pad_sequences``)."""
from __future__ import annotations

import numpy as np


def pad_sequences(sequences, maxlen: int | None = None, dtype="int32", padding: str = "pre",
                  truncating: str = "pre", value=0.0) -> np.ndarray:
    """Pad (or cut) every sequence to the same length so that a batch is one array.

    Row i of the result holds sequence i, filled with ``value`` up to ``maxlen``:
    before it (``padding='pre'``, Keras's default) or after it ('post'). Sequences longer
    than ``maxlen`` lose their first values (``truncating='pre'``) or their last ('post').

    Parameters
    ----------
    sequences : list of sequences
        Each a list or array; items may themselves be vectors (all of one shape).
    maxlen : int, optional
        Length of the rows; defaults to the longest sequence.
    dtype : str or dtype
        Keras's default is 'int32' (use 'float32' for real values, 'object' for strings).
    padding, truncating : {'pre', 'post'}
    value : scalar
        The padding value.

    Returns
    -------
    ndarray of shape ``(len(sequences), maxlen) + item_shape``
    """
    for name, side in (("padding", padding), ("truncating", truncating)):
        if side not in ("pre", "post"):
            raise ValueError(f"pad_sequences: {name} must be 'pre' or 'post', got {side!r}")
    if not hasattr(sequences, "__len__"):
        raise ValueError(f"pad_sequences: sequences must be a list of sequences, got {type(sequences).__name__}")
    lengths, item_shape = [], None
    for i, seq in enumerate(sequences):
        if not hasattr(seq, "__len__"):
            raise ValueError(f"pad_sequences: sequences[{i}] must be a sequence, got {seq!r}")
        lengths.append(len(seq))
        if len(seq) and item_shape is None:
            item_shape = np.asarray(seq).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths, default=0)
    if isinstance(maxlen, bool) or not isinstance(maxlen, (int, np.integer)) or maxlen < 0:
        raise ValueError(f"pad_sequences: maxlen must be a non-negative integer or None, got {maxlen!r}")
    is_text = np.issubdtype(np.dtype(dtype), np.str_) or np.dtype(dtype) == object
    if isinstance(value, str) and not is_text:
        raise ValueError(f"pad_sequences: value {value!r} is a string but dtype is {dtype!r}; "
                         "pass dtype='object' for text")
    out = np.full((len(sequences), maxlen) + tuple(item_shape), value, dtype=dtype)
    for i, seq in enumerate(sequences):
        if not len(seq) or maxlen == 0:
            continue
        kept = np.asarray(seq)[-maxlen:] if truncating == "pre" else np.asarray(seq)[:maxlen]
        if kept.shape[1:] != tuple(item_shape):
            raise ValueError(f"pad_sequences: sequences[{i}] has items of shape {kept.shape[1:]}, "
                             f"expected {tuple(item_shape)} as the others")
        if padding == "post":
            out[i, :len(kept)] = kept
        else:
            out[i, maxlen - len(kept):] = kept
    return out
