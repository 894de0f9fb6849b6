"""BLAS held to one thread, cheaply: for loops of small matrix products (SMO, k-NN blocks); and a
shared pool of threads for work cut in independent chunks (k-means' nearest centres).

``threadpoolctl.threadpool_limits`` looks the loaded libraries up on every call (about 10 ms,
more on a busy machine: it reads /proc and parses every shared object's name), which is more
than a whole SVM fit on a small data set. The controller is looked up once and kept; the limit
itself then costs microseconds.
"""
from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

_controller = None
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def _blas_controller():
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController
        _controller = ThreadpoolController().select(user_api="blas")
    return _controller


def blas_threads() -> int:
    """How many threads NumPy's matrix products may use right now: 1 under ``threadpool_limits(1)``
    or when no BLAS is found. The number of threads a job cut in chunks should use."""
    try:
        return max((lib.num_threads for lib in _blas_controller().lib_controllers), default=1)
    except Exception:  # no threadpoolctl
        return 1


def run_chunks(work: Callable[[object], None], chunks: Iterable, threads: int) -> None:
    """``work(chunk)`` for every chunk, on ``threads`` threads (this one included) that each take
    the next chunk left until none is: a busy core takes fewer. NumPy and BLAS let go of
    Python's lock inside their loops, so the threads compute at the same time."""
    pending = iter(list(chunks))          # next() on a list iterator is atomic: no chunk runs twice

    def worker() -> None:
        for chunk in pending:
            work(chunk)

    if threads <= 1:
        return worker()
    pool = _shared_pool(threads - 1)
    helpers = [pool.submit(worker) for _ in range(threads - 1)]
    try:
        worker()
    finally:
        for helper in helpers:             # wait for every helper, even after an error, then raise it
            helper.result()


def _shared_pool(size: int) -> ThreadPoolExecutor:
    """One pool for the process (threads cost ~50 µs to start), grown when more threads are asked for."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < size:
            _pool, _pool_size = ThreadPoolExecutor(size, thread_name_prefix="glassnet-chunk"), size
        return _pool


def one_blas_thread():
    """A context in which NumPy's matrix products use one thread (process-wide while it lasts).

    Small products: BLAS helper threads cost more to wake than they save, spin after work and,
    on a busy machine, wait for a core at every product."""
    try:
        controller = _blas_controller()
        if max((lib.num_threads for lib in controller.lib_controllers), default=1) <= 1:
            return contextlib.nullcontext()
        return controller.limit(limits=1)
    except Exception:  # no threadpoolctl or no BLAS found: nothing to limit
        return contextlib.nullcontext()
