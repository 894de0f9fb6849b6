"""Utilities: seeding, label encoding, gradient checking, input validation.

    set_random_seed(seed)         one seed for the whole library (bit-identical runs)
    to_categorical(y, k)          integer labels → one-hot rows (Keras)
    normalize(x, axis, order)     scale rows to unit L-p norm (Keras)
    pad_sequences(seqs, maxlen)   lists of different lengths → one padded array (Keras)
    timeseries_dataset_from_array sliding windows over a series, in batches (Keras)
    Progbar(target)               Keras's progress bar for hand-written loops

``glassnet.utils.validation`` (scikit-learn-style input checks) and
``glassnet.utils.gradcheck`` (finite-difference gradient checks) are submodules.
"""
from __future__ import annotations

import numpy as np

from glassnet.config import floatx
from glassnet.random import set_random_seed
from glassnet.utils.batches import pack_x_y_sample_weight, unpack_x_y_sample_weight
from glassnet.utils.py_dataset import PyDataset
from glassnet.utils.progbar import Progbar
from glassnet.utils.sequences import pad_sequences
from glassnet.utils.timeseries import timeseries_dataset_from_array

Sequence = PyDataset  # the Keras 2 name

__all__ = ["set_random_seed", "to_categorical", "normalize", "PyDataset", "Sequence",
           "pack_x_y_sample_weight", "unpack_x_y_sample_weight", "pad_sequences", "Progbar",
           "timeseries_dataset_from_array"]


def to_categorical(y, num_classes: int | None = None, dtype=None) -> np.ndarray:
    """One-hot encode integer class labels: label k becomes a row with a 1 in column k.

    Parameters
    ----------
    y : array-like of int
        Labels in 0 … num_classes − 1, any shape (a trailing axis of length 1 is dropped,
        as in Keras).
    num_classes : int, optional
        Number of columns; defaults to ``max(y) + 1``.
    dtype : optional
        Defaults to ``floatx()`` (float32).

    Returns
    -------
    ndarray of shape ``y.shape + (num_classes,)``
    """
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y.reshape(y.shape[:-1])
    if y.size and not np.issubdtype(y.dtype, np.integer):
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise ValueError("to_categorical: y must hold integer class labels, got values "
                             f"such as {y.ravel()[:5].tolist()}")
    labels = y.astype(np.int64)
    if labels.size and labels.min() < 0:
        raise ValueError(f"to_categorical: labels must be ≥ 0, got {int(labels.min())}")
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif labels.size and labels.max() >= num_classes:
        raise ValueError(f"to_categorical: label {int(labels.max())} is out of range for "
                         f"num_classes={num_classes} (labels must be 0 … {num_classes - 1})")
    out = np.zeros((labels.size, int(num_classes)), dtype=dtype or floatx())
    out[np.arange(labels.size), labels.ravel()] = 1
    return out.reshape(labels.shape + (int(num_classes),))


def normalize(x, axis: int = -1, order: int = 2) -> np.ndarray:
    """x / ‖x‖_order along ``axis`` (rows of zeros stay zeros)."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(floatx())
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return x / norm


def plot_model(model, to_file: str = "model.png", show_shapes: bool = False, show_dtype: bool = False,
               show_layer_names: bool = False, rankdir: str = "TB", expand_nested: bool = False, dpi: int = 200,
               show_layer_activations: bool = False, show_trainable: bool = False, **kwargs):
    """Draw the model's layer graph to ``to_file`` (PNG, SVG, PDF) with matplotlib: see
    ``glassnet.models.plotting.plot_model`` (it sits with the models it reads)."""
    from glassnet.models.plotting import plot_model as _plot_model
    return _plot_model(model, to_file=to_file, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir, expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations, show_trainable=show_trainable, **kwargs)


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.utils", name, globals())
