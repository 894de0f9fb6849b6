"""Getting arrays ready for the training loop: checked once, converted once, sliced cheaply.

``fit`` converts ``x`` to ``floatx()`` (float32) a single time, so that every batch is
already in the dtype of the weights (a float64 batch against float32 weights would
leave the fast BLAS path). Batches are then slices (views) or, after shuffling, one
fancy-indexed copy per batch — never a Python loop over samples.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import holds_text
from glassnet.config import floatx


def as_float_array(value, name: str, check: bool = True, text: bool = False) -> np.ndarray:
    """``value`` as a floatx ndarray (no copy when it already is), finite, or a ValueError naming it.
    With ``text``, an array of strings is kept as it is (the model starts with a text layer)."""
    if hasattr(value, "data") and isinstance(getattr(value, "data"), np.ndarray) and not hasattr(value, "toarray"):
        value = value.data  # a Tensor
    if hasattr(value, "toarray"):
        value = value.toarray()  # a SciPy sparse matrix (e.g. TF-IDF features): dense, as Keras does
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists
        raise ValueError(f"{name} could not be turned into an array: {error}") from None
    if array.dtype == object and array.ndim == 0:  # a sparse matrix, an unknown object, ...
        raise TypeError(f"{name} must be an array (a NumPy array or nested lists of numbers), a list or dict "
                        f"of arrays, a generator, a PyDataset or an iterable of batches; got {type(value).__name__}")
    if text and holds_text(array):
        return array    # for a model that starts with TextVectorization or StringLookup
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype} "
                        "(encode text or category labels as integers first, e.g. with layers.TextVectorization or "
                        "layers.StringLookup as the model's first layer)")
    if array.dtype != floatx():
        array = array.astype(floatx())
    if check:
        check_finite(array, name)
    return array


def check_finite(array: np.ndarray, name: str) -> None:
    """A ValueError naming ``name`` and the first bad position if any value is NaN or ±inf."""
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = [int(i) for i in np.argwhere(~np.isfinite(array))[0]]  # not np.int64(...) in the message
        value = array[tuple(bad)]
        where = f"sample {bad[0]}" + (f", position {tuple(bad[1:])}" if len(bad) > 1 else "")
        raise ValueError(f"{name} contains {'NaN' if np.isnan(value) else value} values (first at {where}); "
                         "remove or impute them before training")


def as_target_array(value, name: str, sparse_labels: bool) -> np.ndarray:
    """Targets: integer class labels stay integers for sparse losses, anything else becomes floatx."""
    if hasattr(value, "data") and isinstance(getattr(value, "data"), np.ndarray):
        value = value.data
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype} (encode class names as integers "
                        "0..k-1, e.g. with numpy.unique(labels, return_inverse=True))")
    if sparse_labels and array.dtype.kind in "biu":
        return array
    if array.dtype != floatx():
        array = array.astype(floatx())
    check_finite(array, name)
    return array


def check_lengths(named_arrays: list[tuple[str, np.ndarray]]) -> int:
    """The common number of samples, or a ValueError listing each argument's length."""
    lengths = {name: (len(a) if np.ndim(a) else 0) for name, a in named_arrays if a is not None}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"Data cardinality is ambiguous: {described} samples; "
                         "make sure all arrays contain the same number of samples")
    n = next(iter(lengths.values()))
    if n == 0:
        raise ValueError("x is empty: there are no samples to train or evaluate on")
    return n


def class_weights_to_sample_weights(y: np.ndarray, class_weight: dict) -> np.ndarray:
    """One weight per sample from {class: weight} (labels as integers, a column, or one-hot)."""
    labels = np.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else np.rint(y.reshape(len(y))).astype(int)
    table = np.ones(int(max(labels.max(initial=0), max(class_weight, default=0))) + 1, dtype=floatx())
    for cls, weight in class_weight.items():
        table[int(cls)] = weight
    return table[labels]


def unpack_validation_data(validation_data) -> tuple:
    """(x_val, y_val) or (x_val, y_val, sample_weight_val) from ``validation_data``."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, val_sample_weight), "
                         f"got {type(validation_data).__name__}"
                         + (f" of length {len(validation_data)}" if hasattr(validation_data, '__len__') else ""))
    x_val, y_val = validation_data[0], validation_data[1]
    weight = validation_data[2] if len(validation_data) == 3 else None
    return x_val, y_val, weight


def positive_int(value, name: str) -> int:
    """``value`` as an int, or a ValueError naming ``name`` (batch_size, steps_per_epoch, ...)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def named_leaves(name: str, structure) -> list[tuple[str, np.ndarray]]:
    """(x[0], array), (x[1], array) ... or (x['a'], array) ...: names for the error messages."""
    if isinstance(structure, dict):
        return [(f"{name}[{key!r}]", a) for key, a in structure.items()]
    if isinstance(structure, list):
        return [(f"{name}[{i}]", a) for i, a in enumerate(structure)]
    return [(name, structure)]


def several_arrays(values) -> bool:
    """A list / tuple of arrays (several inputs or outputs), not nested lists of numbers."""
    return len(values) > 0 and all(hasattr(v, "shape") or hasattr(v, "__array__") for v in values) \
        and not all(isinstance(v, (int, float)) for v in values)
