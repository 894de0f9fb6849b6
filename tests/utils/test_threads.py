"""Tests for glassnet/utils/threads.py: BLAS held to one thread, and given back."""
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from glassnet.utils.threads import one_blas_thread


def _blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_one_blas_thread_limits_and_restores():
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        with one_blas_thread():
            assert _blas_threads() and all(n == 1 for n in _blas_threads())
        assert _blas_threads() == before
        with one_blas_thread():                  # the kept controller works a second time too
            assert all(n == 1 for n in _blas_threads())
        assert _blas_threads() == before


def test_blas_threads_follows_threadpool_limits():
    from glassnet.utils.threads import blas_threads, one_blas_thread
    if blas_threads() < 2:
        pytest.skip("BLAS runs one thread here")
    with one_blas_thread():
        assert blas_threads() == 1
    assert blas_threads() >= 2


def test_run_chunks_runs_every_chunk_once_on_several_threads():
    import threading
    import time

    from glassnet.utils.threads import run_chunks
    seen, names = [], set()

    def work(chunk):
        time.sleep(0.002)                  # lets the other threads take chunks too
        seen.append(chunk)
        names.add(threading.current_thread().name)
    run_chunks(work, range(40), 3)
    assert sorted(seen) == list(range(40))
    assert len(names) > 1
    seen.clear()
    run_chunks(work, range(5), 1)
    assert seen == list(range(5))


def test_run_chunks_raises_a_chunks_error_after_every_thread_ends():
    from glassnet.utils.threads import run_chunks
    done = []

    def work(chunk):
        if chunk == 3:
            raise ValueError("chunk 3")
        done.append(chunk)
    with pytest.raises(ValueError, match="chunk 3"):
        run_chunks(work, range(8), 2)
