"""One batch as Keras packs it: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``.

A custom ``train_step(self, data)`` receives a batch in this packing;
``keras.utils.unpack_x_y_sample_weight(data)`` gives the three parts, None where absent.
"""
from __future__ import annotations


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Keras's packing of one batch: x alone when there is no y, else (x, y) or (x, y, sw)."""
    if y is None:
        return x if not isinstance(x, (list, tuple)) else (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """(x, y, sample_weight) from a batch; the missing parts are None (``keras.utils`` has it too)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError("A batch must be x, (x,), (x, y) or (x, y, sample_weight), got a tuple of "
                     f"{len(data)} items")
