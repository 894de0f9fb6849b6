"""Tests for glassnet/utils/threads.py: BLAS held to one thread, and given back."""
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
