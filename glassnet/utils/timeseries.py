"""``timeseries_dataset_from_array``: sliding windows over a time series, in batches (Keras's function).

Window i starts at row sᵢ = i · sequence_stride of ``data[start_index:end_index]`` and takes
``sequence_length`` rows, ``sampling_rate`` apart:

    xᵢ = data[sᵢ], data[sᵢ + r], …, data[sᵢ + (sequence_length − 1)·r]        yᵢ = targets[sᵢ]

so, to predict the value ``delay`` steps after a window ends, pass
``targets = data[delay:]`` (the weather-forecasting recipe). Keras returns a ``tf.data``
dataset; glassnet returns a :class:`~glassnet.utils.PyDataset` of the same batches (glassnet
Tensors: ``inputs.numpy()`` works), which ``fit``/``evaluate``/``predict`` take and a ``for``
loop (or ``.take(n)``) walks through.
"""
from __future__ import annotations

import math

import numpy as np

from glassnet.utils.py_dataset import PyDataset


def _tensor(array: np.ndarray):
    """A batch as a glassnet Tensor (as Keras gives backend tensors: ``inputs.numpy()`` works)."""
    from glassnet.autodiff import Tensor
    return Tensor(array, dtype=array.dtype if array.dtype.kind == "f" else None)


class TimeseriesDataset(PyDataset):
    """The batches of windows made by :func:`timeseries_dataset_from_array`."""

    def __init__(self, data: np.ndarray, targets, starts: np.ndarray, offsets: np.ndarray, batch_size):
        super().__init__()
        # not ``.data``: an object with an array ``.data`` reads as a Tensor to fit()
        self.series, self.targets = data, targets
        self.starts, self.offsets, self.batch_size = starts, offsets, batch_size

    def __len__(self) -> int:
        if self.batch_size is None:
            return len(self.starts)
        return math.ceil(len(self.starts) / self.batch_size)

    def __getitem__(self, index: int):
        if not -len(self) <= index < len(self):
            raise IndexError(f"batch {index} out of range: the dataset has {len(self)} batches")
        index %= len(self)
        if self.batch_size is None:
            starts = self.starts[index:index + 1]
        else:
            starts = self.starts[index * self.batch_size:(index + 1) * self.batch_size]
        x = self.series[starts[:, None] + self.offsets[None, :]]
        if self.batch_size is None:
            x = x[0]
        if self.targets is None:
            return _tensor(x)
        y = self.targets[starts]
        return _tensor(x), _tensor(y[0] if self.batch_size is None else y)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def take(self, count: int) -> list:
        """The first ``count`` batches (``tf.data``'s ``take``; −1 for all of them)."""
        return [self[i] for i in range(len(self) if count < 0 else min(count, len(self)))]


def timeseries_dataset_from_array(data, targets, sequence_length: int, sequence_stride: int = 1,
                                  sampling_rate: int = 1, batch_size: int | None = 128, shuffle: bool = False,
                                  seed: int | None = None, start_index: int | None = None,
                                  end_index: int | None = None) -> TimeseriesDataset:
    """Batches of sliding windows over ``data`` (rows are time steps), with ``targets[sᵢ]`` for window i.

    Parameters
    ----------
    data : array (timesteps, ...)
    targets : array or None
        ``targets[i]`` goes with the window starting at row i; None gives windows only.
    sequence_length : int
        Rows per window (after sampling).
    sequence_stride : int
        Rows between the starts of successive windows.
    sampling_rate : int
        Keep one row in ``sampling_rate`` inside a window.
    batch_size : int or None
        Windows per batch (None: one window at a time, without a batch axis).
    shuffle, seed :
        Shuffle the windows' order once (a fixed ``seed`` repeats it).
    start_index, end_index : int, optional
        Only rows ``start_index`` ≤ row < ``end_index`` are used (for a validation split).
    """
    for name, value in (("sequence_length", sequence_length), ("sequence_stride", sequence_stride),
                        ("sampling_rate", sampling_rate)):
        if isinstance(value, bool) or int(value) != value or value <= 0:
            raise ValueError(f"timeseries_dataset_from_array: {name} must be a positive integer, got {value!r}")
    if batch_size is not None and (int(batch_size) != batch_size or batch_size <= 0):
        raise ValueError(f"timeseries_dataset_from_array: batch_size must be a positive integer or None, "
                         f"got {batch_size!r}")
    data = np.asarray(data)
    start_index = 0 if start_index is None else int(start_index)
    end_index = len(data) if end_index is None else int(end_index)
    if not 0 <= start_index < end_index <= len(data):
        raise ValueError(f"timeseries_dataset_from_array: need 0 ≤ start_index < end_index ≤ len(data) = "
                         f"{len(data)}, got start_index={start_index}, end_index={end_index}")
    window = data[start_index:end_index]
    target = None if targets is None else np.asarray(targets)[start_index:end_index]
    count = len(window) - (sequence_length - 1) * sampling_rate
    if target is not None:
        count = min(count, len(target))
    starts = np.arange(0, max(count, 0), sequence_stride)
    if shuffle:
        np.random.RandomState(np.random.randint(1_000_000) if seed is None else seed).shuffle(starts)
    offsets = np.arange(sequence_length) * sampling_rate
    return TimeseriesDataset(window, target, starts, offsets, batch_size)


__all__ = ["timeseries_dataset_from_array", "TimeseriesDataset"]
