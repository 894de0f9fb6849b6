"""The minimum and maximum of every node's segment of a tree level's samples.

A tree level keeps its samples grouped by node: node j owns the columns [start_j, start_j + size_j)
of every (rows, m) array. ``np.minimum.reduceat`` reduces such segments, but it starts its inner
loop once per segment and row, which costs far more than the comparisons on deep levels, where
most nodes hold a handful of samples (measured: 2 ns a value for segments of 50, 80 ns for
segments of 2). Here the segments of up to ``SMALL`` samples are reduced instead by a few
whole-array operations, one per position j in the segment: gather every small segment's j-th
column (its last one again where the segment is shorter: a repeated element changes neither a
minimum nor a maximum) and combine it with the running result. The segments are taken in size
classes (up to 2, 4, 8, 16 columns) so that short ones are not padded to the longest. Only the
longer segments go through ``reduceat``. (``np.add.reduceat`` has no such overhead and is kept.)
"""
from __future__ import annotations

import numpy as np

SIZE_CLASSES = (2, 4, 8, 16)   # segments up to the last class are reduced position by position


def segment_min_max(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) of every segment of every row: two (rows, k) arrays for a (rows, m) ``values``."""
    low = np.empty(values.shape[:-1] + (len(sizes),), dtype=values.dtype)
    high = np.empty_like(low)
    below = 0
    for most in SIZE_CLASSES:
        nodes = np.flatnonzero((sizes > below) & (sizes <= most))
        below = most
        if len(nodes) == 0:
            continue
        first = starts[nodes]
        last = first + sizes[nodes] - 1
        low_c = values.take(first, axis=-1)
        high_c = low_c.copy()
        for j in range(1, most):
            column = values.take(np.minimum(first + j, last), axis=-1)
            np.minimum(low_c, column, out=low_c)
            np.maximum(high_c, column, out=high_c)
        low[..., nodes], high[..., nodes] = low_c, high_c
    large = np.flatnonzero(sizes > below)
    if len(large):
        # reduceat over [start_0, end_0, start_1, end_1, ...]: the even results are the segments
        # (the odd ones, the gaps between them, are dropped; a last end equal to m is left out)
        bounds = np.column_stack([starts[large], starts[large] + sizes[large]]).ravel()
        bounds = bounds[:-1] if bounds[-1] == values.shape[-1] else bounds
        low[..., large] = np.minimum.reduceat(values, bounds, axis=-1)[..., ::2]
        high[..., large] = np.maximum.reduceat(values, bounds, axis=-1)[..., ::2]
    return low, high

