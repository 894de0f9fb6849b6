"""Where the batches come from: arrays, a generator, a ``PyDataset`` or any iterable of batches.

``fit`` / ``evaluate`` / ``predict`` accept, as Keras 3 does:

* arrays (NumPy, nested lists, glassnet Tensors), or lists / dicts of them for models with
  several inputs or outputs: sliced into batches here, shuffled every pass when asked;
* a Python generator yielding ``x``, ``(x, y)`` or ``(x, y, sample_weight)`` batches (it is
  consumed once: with ``steps_per_epoch`` the epochs share it);
* a :class:`glassnet.utils.PyDataset` (``__len__`` batches, ``__getitem__(i)`` the i-th);
* any other iterable of batches that can be iterated again each epoch, such as a PyTorch
  ``DataLoader`` (duck-typed: PyTorch is never imported; its tensors become arrays with
  ``np.asarray``).

Every source gives, for each pass over the data, an iterator of batches ``data`` in Keras's
packing: ``x`` alone, ``(x, y)`` or ``(x, y, sample_weight)`` — what ``train_step(data)`` gets.
:class:`EpochIterator` runs ``steps_per_epoch`` of them per epoch, continuing where the last
epoch stopped, and warns as Keras does when the data runs out first.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from glassnet.config import floatx
from glassnet.models.functional import flatten, map_structure
from glassnet.utils.batches import pack_x_y_sample_weight, unpack_x_y_sample_weight  # noqa: F401


def _batch_array(value):
    """One leaf of a batch from a generator or loader as an ndarray (floats in floatx)."""
    if hasattr(value, "data") and isinstance(getattr(value, "data"), np.ndarray):
        return value.data  # a glassnet Tensor
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu()  # a PyTorch tensor, without importing torch
    array = np.asarray(value)
    if array.dtype.kind == "f" and array.dtype != floatx():
        array = array.astype(floatx())
    elif array.dtype.kind == "b":
        array = array.astype(floatx())
    return array


def convert_batch(data):
    """Every array of a batch ``x``, ``(x, y)`` or ``(x, y, sw)`` as an ndarray; x (or y) may be
    a list or dict of arrays for a model with several inputs (outputs)."""
    if isinstance(data, (list, tuple)):
        return tuple(_convert_part(item) for item in data)
    return _convert_part(data)


def _convert_part(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return {key: _batch_array(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and value and all(hasattr(item, "shape") for item in value):
        return [_batch_array(item) for item in value]  # several arrays, not one nested list
    return _batch_array(value)


# ---------------------------------------------------------------------- the sources
class ArrayData:
    """Arrays already checked and converted (models/data.py): batches are slices, or one
    fancy-indexed copy per batch after shuffling."""

    def __init__(self, x, y, sample_weight, batch_size: int, shuffle: bool = False):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.num_samples = len(flatten(x)[0])
        self.num_batches = math.ceil(self.num_samples / batch_size)

    def x_batch(self, index):
        return map_structure(lambda a: a[index], self.x)

    def batch(self, index):
        take = (lambda a: a[index])
        x = map_structure(take, self.x)
        y = None if self.y is None else map_structure(take, self.y)
        sw = None if self.sample_weight is None else map_structure(take, self.sample_weight)
        return pack_x_y_sample_weight(x, y, sw)

    def __iter__(self):
        from glassnet.random import get_rng
        order = get_rng().permutation(self.num_samples) if self.shuffle else None
        size = self.batch_size
        for step in range(self.num_batches):
            rows = slice(step * size, (step + 1) * size)
            yield self.batch(order[rows] if order is not None else rows)


    def split(self, validation_split: float, val_batch_size: int) -> tuple["ArrayData", "ArrayData"]:
        """Keras's ``validation_split``: the LAST fraction of the samples, taken before any shuffling."""
        if not 0.0 < validation_split < 1.0:
            raise ValueError(f"validation_split must be in (0, 1), got {validation_split}")
        n = self.num_samples
        split_at = int(np.floor(n * (1.0 - validation_split)))
        if split_at == 0 or split_at == n:
            raise ValueError(f"validation_split={validation_split} leaves {split_at} training and "
                             f"{n - split_at} validation samples out of {n}; both must be at least 1")

        def part(rows):
            return [None if s is None else map_structure(lambda a: a[rows], s)
                    for s in (self.x, self.y, self.sample_weight)]
        return (ArrayData(*part(slice(0, split_at)), self.batch_size, self.shuffle),
                ArrayData(*part(slice(split_at, None)), val_batch_size))

    def on_epoch_end(self) -> None:
        pass


class GeneratorData:
    """A Python generator (or iterator): one stream of batches, shared by every epoch."""

    num_batches = None

    def __init__(self, generator):
        self.generator = generator

    def __iter__(self):
        for data in self.generator:
            yield convert_batch(data)

    def on_epoch_end(self) -> None:
        pass


class PyDatasetData:
    """A ``PyDataset``: batch i is ``dataset[i]``; ``on_epoch_end()`` after each pass."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.num_batches = len(dataset)

    def __iter__(self):
        for index in range(self.num_batches):
            yield convert_batch(self.dataset[index])

    def on_epoch_end(self) -> None:
        hook = getattr(self.dataset, "on_epoch_end", None)
        if hook is not None:
            hook()


class IterableData:
    """Any re-iterable collection of batches (a PyTorch DataLoader, a list of (x, y) tuples, ...)."""

    def __init__(self, iterable):
        self.iterable = iterable
        try:
            self.num_batches = len(iterable)
        except TypeError:
            self.num_batches = None

    def __iter__(self):
        for data in self.iterable:
            yield convert_batch(data)

    def on_epoch_end(self) -> None:
        pass


class ClassWeighted:
    """Batches of another source with a sample weight from ``class_weight`` added: w = class_weight[y]."""

    def __init__(self, source, class_weight: dict):
        from glassnet.models.data import class_weights_to_sample_weights
        self.source, self.class_weight = source, class_weight
        self.num_batches = source.num_batches
        self._weights_of = class_weights_to_sample_weights

    def __iter__(self):
        for data in self.source:
            x, y, sample_weight = unpack_x_y_sample_weight(data)
            if y is None or isinstance(y, (list, dict)):
                raise ValueError("class_weight needs batches (x, y) with the targets of a single-output model")
            weight = self._weights_of(np.asarray(y), self.class_weight)
            yield (x, y, weight if sample_weight is None else weight * sample_weight)

    def on_epoch_end(self) -> None:
        self.source.on_epoch_end()


def is_batch_source(x) -> bool:
    """True for a generator, an iterator, a PyDataset or a DataLoader-like iterable of batches:
    anything that is not an array nor a list / tuple / dict of arrays."""
    from glassnet.autodiff import Tensor
    from glassnet.utils.py_dataset import PyDataset
    if isinstance(x, PyDataset):
        return True   # even one that keeps its arrays in an attribute called ``data``
    if x is None or isinstance(x, (np.ndarray, list, tuple, dict, str, bytes, int, float, Tensor)):
        return False
    if hasattr(x, "__array__") or hasattr(x, "__array_interface__") or hasattr(x, "toarray"):
        return False  # a pandas frame, a torch tensor, a sparse matrix: arrays (or a clear error)
    return hasattr(x, "__iter__") or hasattr(x, "__next__") or (
        hasattr(x, "__getitem__") and hasattr(x, "__len__"))


def batch_source(x, argument: str = "x"):
    """The source object for data given as a generator / PyDataset / iterable of batches."""
    from glassnet.utils.py_dataset import PyDataset
    if isinstance(x, PyDataset):
        return PyDatasetData(x)
    if hasattr(x, "__next__"):  # a generator or an iterator: consumed once
        return GeneratorData(x)
    if hasattr(x, "__getitem__") and hasattr(x, "__len__") and not hasattr(x, "__iter__"):
        return PyDatasetData(x)  # a keras.utils.Sequence-like object
    if hasattr(x, "__iter__"):
        return IterableData(x)
    raise TypeError(f"{argument}: expected arrays, a generator, a PyDataset or an iterable of batches, "
                    f"got {type(x).__name__}")


def refuse_extra_arguments(source_name: str, **given) -> None:
    """y / sample_weight come inside the batches of a generator or dataset, never beside it."""
    extra = [name for name, value in given.items() if value is not None]
    if extra:
        raise ValueError(f"When x is a {source_name}, the targets come from the batches it yields "
                         f"((x, y) or (x, y, sample_weight)); do not pass {', '.join(extra)}")


# ---------------------------------------------------------------------- epochs
_RAN_OUT = ("Your input ran out of data; interrupting training. Make sure that your dataset or "
            "generator can generate at least `steps_per_epoch * epochs` batches. You may need to "
            "use the `.repeat()` function when building your dataset.")


class EpochIterator:
    """The batches of each epoch: a full pass, or ``steps`` batches taken from a stream that
    continues across epochs (Keras 3's rule) and starts a new pass once one is used up.

    ``ran_out`` becomes True when a stream without a known length is exhausted before
    ``steps`` batches: nothing more can come, and the caller stops.
    """

    def __init__(self, source, steps: int | None = None):
        self.source = source
        self.steps = steps
        self.ran_out = False
        self._iterator = None
        self._seen = 0

    @property
    def steps_per_epoch(self) -> int | None:
        """The number of batches an epoch will have, when known (for the progress bar)."""
        known = self.source.num_batches
        if self.steps is None:
            return known
        return self.steps if known is None else min(self.steps, known)

    def epoch(self):
        """Yield (step, batch) for one epoch."""
        known = self.source.num_batches
        if self.steps is None or self._iterator is None:
            self._iterator, self._seen = iter(self.source), 0
        limit = self.steps if self.steps is not None else known
        step = 0
        while limit is None or step < limit:
            if known is not None and self._seen >= known:
                if self.steps is not None:
                    warnings.warn(_RAN_OUT, UserWarning, stacklevel=3)
                break
            try:
                batch = next(self._iterator)
            except StopIteration:
                if self.steps is not None or step == 0:
                    warnings.warn(_RAN_OUT, UserWarning, stacklevel=3)
                    self.ran_out = True
                self._iterator = None
                break
            self._seen += 1
            yield step, batch
            step += 1
        if known is not None and self._seen >= known:
            self._iterator = None  # a new pass next epoch (reshuffled)
        self.source.on_epoch_end()


def batch_size_of(value) -> int:
    """The number of samples in a packed batch: the length of the first array of x."""
    x = value[0] if isinstance(value, tuple) else value
    if isinstance(x, np.ndarray):
        return len(x)
    leaves = flatten(x)
    return len(leaves[0]) if leaves and np.ndim(leaves[0]) else 1
