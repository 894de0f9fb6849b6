"""``PyDataset``: a dataset written as a Python class, one batch per index (Keras 3's name).

    class Pixels(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):                      # the number of batches
            return math.ceil(len(self.x) / self.batch_size)

        def __getitem__(self, index):           # batch number ``index``: (x, y)
            rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
            return self.x[rows] / 255.0, self.y[rows]

    model.fit(Pixels(x, y, 64), epochs=3)

``fit`` asks for batches 0 … len − 1 each epoch and calls ``on_epoch_end()`` after each pass
(shuffle there if you want a new order). Batches are read one after the other in this
process: ``workers`` and ``use_multiprocessing`` are accepted for Keras code and not used.
"""
from __future__ import annotations


class PyDataset:
    """Base class of a dataset of batches: define ``__len__`` and ``__getitem__``.

    Parameters
    ----------
    workers, use_multiprocessing, max_queue_size :
        Keras's settings for reading batches in parallel; accepted, and the batches are
        read in order in the calling thread.
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self) -> bool:
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index: int):
        """Batch number ``index``: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``."""
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(self, index) returning a batch")

    def __len__(self) -> int:
        """The number of batches in one pass."""
        raise NotImplementedError(f"{type(self).__name__} must define __len__(self): the number of batches")

    @property
    def num_batches(self) -> int:
        return len(self)

    def on_epoch_end(self) -> None:
        """Called after each pass over the batches (e.g. to shuffle)."""
