"""``predict``'s loop: the forward pass over every batch, several batches at a time when it helps.

Prediction is ŷ_k = f(x_k) for batches x_1 … x_K, and the batches do not depend on each
other. A convolution network spends most of its time in im2col copies, pooling and
elementwise steps, which NumPy runs on one core, and in skinny products that BLAS cannot
share out well. So for a model with such layers (``Layer.works_on_one_core``), when BLAS
may use c threads, ``predict`` runs c *batches* at once on a pool of c threads, each
batch's products on one BLAS thread. NumPy lets go of Python's global lock inside its loops, so the threads really do run at the same
time: LeNet-5 predicts about 1.5× faster on two cores (benchmarks/bench_lenet.py).

Each batch is computed exactly as in the plain loop, and the outputs and the callbacks
come back in batch order on the calling thread. The plain loop is kept when:

- BLAS is held to one thread (``threadpoolctl.threadpool_limits(1)``, ``OPENBLAS_NUM_THREADS=1``);
- no layer works mostly on one core (Dense, activations, ...): BLAS already uses every core
  (also on the lean path of models/lean_predict.py);
- the model or one of its layers is your own class: glassnet's layers only *read* their
  weights while predicting, but your ``call`` may keep state or print, and then the order
  of the batches matters;
- another ``predict`` is already running in parallel in this process.

The first batch runs alone (it may build the model's weights) and the last batch runs
last, so that ``layer.z`` and ``layer.a`` hold the last batch afterwards, as in the plain loop.
"""
from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from threadpoolctl import ThreadpoolController

from glassnet.autodiff import no_grad
from glassnet.ops.parallel import split_batches

_controller: ThreadpoolController | None = None
_parallel_running = threading.Lock()   # one parallel predict or fit at a time: the BLAS limit is process-wide


def _blas() -> ThreadpoolController:
    global _controller
    if _controller is None:      # looking up the loaded libraries takes ~0.5 ms: once is enough
        _controller = ThreadpoolController().select(user_api="blas")
    return _controller


def blas_threads() -> int:
    """How many threads NumPy's matrix products may use right now (1 when no BLAS is found)."""
    return max((lib.num_threads for lib in _blas().lib_controllers), default=1)


def worth_running_in_parallel(model, layers) -> bool:
    """Some layer works mostly on one core, and the model and its layers are all glassnet's own.

    A network of dense layers is left to BLAS's threads, on the lean path too: on a quiet 2-core
    machine the pool made the 784-256-128-10 perceptron predict at 0.48× PyTorch's pace instead of
    0.89× (29 Nov 2026), and the lean path on the pool at 0.53× (30 Nov 2026, 01:08 UTC)."""
    return (any(layer.works_on_one_core for layer in layers)
            and all(type(part).__module__.startswith("glassnet.") for part in (model, *layers)))


def predict_batches(forward, steps: int, callbacks, parallel: bool) -> list:
    """``[forward(0), …, forward(steps − 1)]``, with ``on_predict_batch_begin/end`` around each.

    ``forward(step)`` computes one batch's outputs. With ``parallel`` and more than one BLAS
    thread, the middle batches run on a thread pool (see the module text).
    """
    workers = min(blas_threads(), steps - 2)   # the first and the last batch run on this thread
    if not parallel or workers < 2 or not _parallel_running.acquire(blocking=False):
        return [_in_this_thread(forward, step, callbacks) for step in range(steps)]
    try:
        # BLAS is held to one thread from the first batch on: a BLAS helper thread that has just
        # worked keeps spinning on its core for a while, and would slow the pool's threads down.
        with _blas().limit(limits=1):
            outputs = [_in_this_thread(forward, 0, callbacks)]
            outputs += _in_pool(_pool(workers), forward, range(1, steps - 1), 2 * workers, callbacks)
            outputs.append(_in_this_thread(forward, steps - 1, callbacks))
        return outputs
    finally:
        _parallel_running.release()


def _pool(workers: int) -> ThreadPoolExecutor:
    """A pool of ``workers`` threads, started once and kept for the next ``predict`` (starting
    threads costs about 0.2 ms a call). Kept per process: a forked child starts its own."""
    key = (os.getpid(), workers)
    pool = _pools.get(key)
    if pool is None:
        pool = _pools[key] = ThreadPoolExecutor(workers, thread_name_prefix="glassnet-predict")
    return pool


_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}   # used under _parallel_running only


@contextlib.contextmanager
def training_threads(layers):
    """``fit``'s use of the cores: each convolution and pooling splits its batch over c threads.

    Training steps depend on each other (each starts from the weights the last one left), so
    ``fit`` cannot run batches side by side as ``predict`` does. Inside one step, though, a
    convolution or a pooling computes every sample alone; with c BLAS threads, such an
    operation cuts a large batch into c parts computed at once, each with a one-thread BLAS
    (ops/parallel.py), and sums the parts' weight gradients. Everything else (dense layers,
    BatchNormalization's batch statistics, Dropout's masks, the loss, the optimizer) runs on
    the whole batch as before, so a step gives the same weights up to float rounding.
    Kept plain when BLAS is held to one thread, when no layer works mostly on one core, or
    while a parallel ``predict`` or ``fit`` runs in another thread.
    """
    workers = blas_threads() if any(layer.works_on_one_core for layer in layers) else 1
    if workers < 2 or not _parallel_running.acquire(blocking=False):
        yield
        return
    try:
        with _blas().limit(limits=1), split_batches(workers):
            yield
    finally:
        _parallel_running.release()


def _compute(forward, step: int):
    with no_grad():               # no_grad is per thread: every worker says it again
        return forward(step)


def _in_this_thread(forward, step: int, callbacks):
    callbacks.on_predict_batch_begin(step)
    outputs = _compute(forward, step)
    callbacks.on_predict_batch_end(step, {"outputs": outputs})
    return outputs


def _in_pool(pool, forward, steps, in_flight: int, callbacks) -> list:
    """Run ``steps`` on the pool, at most ``in_flight`` submitted at once; outputs in order.

    The callbacks are called here, on the calling thread, in batch order: ``begin`` when
    the batch's turn comes to be collected, ``end`` once its outputs are there.
    """
    steps = iter(steps)
    pending = deque((step, pool.submit(_compute, forward, step)) for step in islice(steps, in_flight))
    outputs = []
    try:
        while pending:
            step, future = pending.popleft()
            callbacks.on_predict_batch_begin(step)
            outputs.append(future.result())
            callbacks.on_predict_batch_end(step, {"outputs": outputs[-1]})
            pending.extend((nxt, pool.submit(_compute, forward, nxt)) for nxt in islice(steps, 1))
    except BaseException:
        for _, future in pending:
            future.cancel()
        raise
    return outputs
