"""One operation's batch split over a few threads: the samples of a batch do not depend on each other.

A convolution or a pooling computes each sample of the batch alone:

    out[n] = f(x[n], W)              for every sample n
    dL/dx[n] = f'(x[n], W, δ[n])     for every sample n
    dL/dW = Σₙ (contribution of sample n) = Σ over parts P of Σ_{n ∈ P} (…)

So the batch can be cut into a few parts, each part computed on a thread of its own, and
the weight gradient is the sum of the parts' sums (the same number as the whole-batch sum,
up to float rounding: the additions come in another order). NumPy lets go of Python's
global lock inside its loops and BLAS products, so the threads really run at the same time.

Why do it: NumPy runs its copies and elementwise steps on one core, and BLAS cannot share
the skinny products of a small convolution out well between its own threads, so LeNet-5's
training gains almost nothing from a second BLAS thread. Two threads each working on half
of the batch, each with a one-thread BLAS, use both cores.

Nothing here splits unless the calling thread asked for it with ``split_batches(workers)``
(``Model.fit`` does, see models/training.py), and then only operations whose batch is large
enough to pay for the hand-over (``MIN_PART_BYTES`` of work per part). Every part runs the
plain code on its slice of the batch, so what a part computes is what the whole batch computes.
"""
from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

# A part must touch at least this many bytes (e.g. its im2col matrix) to be worth a thread:
# handing a part to another thread and waiting for it costs some 20–100 µs.
MIN_PART_BYTES = 256 << 10


class _Split(threading.local):
    workers = 1


_SPLIT = _Split()
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


@contextlib.contextmanager
def split_batches(workers: int):
    """Inside this block, large batch operations of *this thread* run in ``workers`` parts at once."""
    previous, _SPLIT.workers = _SPLIT.workers, max(1, int(workers))
    try:
        yield
    finally:
        _SPLIT.workers = previous


def batch_parts(n: int, bytes_per_sample: int) -> list[slice]:
    """Cut range(n) into contiguous, nearly equal slices: one per worker, or [slice(0, n)].

    Fewer parts when the batch is small: each part must hold at least ``MIN_PART_BYTES``.
    """
    workers = min(_SPLIT.workers, n, n * bytes_per_sample // MIN_PART_BYTES)   # 0 or 1: no split
    if workers <= 1:
        return [slice(0, n)]
    bounds = [n * k // workers for k in range(workers + 1)]
    return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]


def run_parts(work: Callable[[int], object], parts: int) -> list:
    """``[work(0), …, work(parts − 1)]``: part 0 in this thread, the others on the pool, at once."""
    if parts == 1:
        return [work(0)]
    pool = _get_pool(parts - 1)
    futures = [pool.submit(work, k) for k in range(1, parts)]
    try:
        first = work(0)
    finally:
        rest = [future.result() for future in futures]   # wait for every part, even after an error
    return [first] + rest


def _get_pool(size: int) -> ThreadPoolExecutor:
    """The shared pool, with at least ``size`` threads (a larger one replaces it when asked for)."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < size:
            # the old pool is not shut down: another thread may be handing it parts right now;
            # its idle threads end when it is garbage-collected
            _pool, _pool_size = ThreadPoolExecutor(size, thread_name_prefix="glassnet-part"), size
        return _pool


__all__ = ["split_batches", "batch_parts", "run_parts", "MIN_PART_BYTES"]
