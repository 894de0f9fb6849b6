"""BLAS held to one thread, cheaply: for loops of small matrix products (SMO, k-NN blocks).

``threadpoolctl.threadpool_limits`` looks the loaded libraries up on every call (about 10 ms,
more on a busy machine: it reads /proc and parses every shared object's name), which is more
than a whole SVM fit on a small data set. The controller is looked up once and kept; the limit
itself then costs microseconds.
"""
from __future__ import annotations

import contextlib

_controller = None


def one_blas_thread():
    """A context in which NumPy's matrix products use one thread (process-wide while it lasts).

    Small products: BLAS helper threads cost more to wake than they save, spin after work and,
    on a busy machine, wait for a core at every product."""
    global _controller
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController
            _controller = ThreadpoolController().select(user_api="blas")
        if max((lib.num_threads for lib in _controller.lib_controllers), default=1) <= 1:
            return contextlib.nullcontext()
        return _controller.limit(limits=1)
    except Exception:  # no threadpoolctl or no BLAS found: nothing to limit
        return contextlib.nullcontext()
