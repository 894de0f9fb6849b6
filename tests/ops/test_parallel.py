"""A batch split over threads (glassnet/ops/parallel.py) gives what the whole batch gives."""
import threading

import numpy as np
import pytest

from glassnet.autodiff import Tensor, no_grad
from glassnet.ops import parallel
from glassnet.ops.conv import conv2d
from glassnet.ops.pooling import max_pool2d


def test_batch_parts_cover_the_batch_once_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 100)
    assert parallel.batch_parts(10, 1000) == [slice(0, 10)]           # no split outside split_batches
    with parallel.split_batches(3):
        assert parallel.batch_parts(10, 1000) == [slice(0, 3), slice(3, 6), slice(6, 10)]
        assert parallel.batch_parts(2, 1000) == [slice(0, 1), slice(1, 2)]      # never an empty part
        assert parallel.batch_parts(10, 19) == [slice(0, 10)]           # too little work to pay
        assert parallel.batch_parts(10, 20) == [slice(0, 5), slice(5, 10)]   # 100 bytes each
    assert parallel.batch_parts(10, 1000) == [slice(0, 10)]


def test_run_parts_returns_in_order_and_passes_errors_on():
    with parallel.split_batches(2):
        assert parallel.run_parts(lambda k: k * 10, 3) == [0, 10, 20]

    def failing(k):
        if k == 1:
            raise ValueError("part 1 failed")
        return k
    with pytest.raises(ValueError, match="part 1 failed"):
        parallel.run_parts(failing, 2)


def _conv_case(channels, rng):
    x = Tensor(rng.normal(size=(9, 7, 6, channels)), requires_grad=True)
    kernel = Tensor(rng.normal(size=(3, 2, channels, 4)), requires_grad=True)
    bias = Tensor(rng.normal(size=4), requires_grad=True)
    return x, kernel, bias


@pytest.mark.parametrize("channels", [1, 5])          # the offset-major and the window-view im2col
@pytest.mark.parametrize("kwargs", [{}, {"padding": "same", "strides": (2, 1)}, {"dilation_rate": 2}])
def test_conv2d_in_parts_equals_the_whole_batch(im2col_threads, channels, kwargs):
    rng = np.random.default_rng(0)
    x, kernel, bias = _conv_case(channels, rng)
    out = conv2d(x, kernel, bias, **kwargs)
    weights = rng.normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()
    whole = [out.data, x.grad, kernel.grad, bias.grad]
    assert set(im2col_threads) == {threading.current_thread().name}
    with parallel.split_batches(3):
        out = conv2d(x, kernel, bias, **kwargs)
        (out * Tensor(weights)).sum().backward()
        with no_grad():
            inferred = conv2d(x, kernel, bias, **kwargs).data
    assert sum(name.startswith("glassnet-part") for name in im2col_threads) == 2 * 2   # 2 of 3 parts, twice
    for got, expected in zip([out.data, x.grad, kernel.grad, bias.grad, inferred], whole + [whole[0]]):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kwargs", [{}, {"pool_size": 3, "strides": 1}, {"pool_size": 3, "padding": "same"}])
def test_max_pool2d_in_parts_equals_the_whole_batch(monkeypatch, kwargs):
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 1)
    rng = np.random.default_rng(1)
    x = Tensor(rng.integers(0, 4, size=(5, 6, 6, 3)).astype(np.float64), requires_grad=True)   # ties
    out = max_pool2d(x, **kwargs)
    weights = rng.normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()
    whole = [out.data, x.grad]
    threads = []
    original = np.maximum

    def recording(*args, **kw):
        threads.append(threading.current_thread().name)
        return original(*args, **kw)
    with parallel.split_batches(2):
        monkeypatch.setattr(np, "maximum", recording)
        out = max_pool2d(x, **kwargs)
        monkeypatch.setattr(np, "maximum", original)
        (out * Tensor(weights)).sum().backward()
    assert any(name.startswith("glassnet-part") for name in threads)
    np.testing.assert_array_equal(out.data, whole[0])
    np.testing.assert_array_equal(x.grad, whole[1])


@pytest.fixture
def no_pool_yet(monkeypatch):
    """The module as on import, before any split: no pool (the one earlier tests made comes back after)."""
    monkeypatch.setattr(parallel, "_pool", None)
    monkeypatch.setattr(parallel, "_pool_size", 0)


def test_run_parts_runs_every_part_at_the_same_time(no_pool_yet):
    # each part waits for all the others: this ends only if the pool has a thread for every part but
    # the first, so a larger pool must replace the smaller one when an operation asks for more parts
    for parts in (2, 12):
        meeting = threading.Barrier(parts, timeout=10)
        assert parallel.run_parts(lambda k: (meeting.wait(), k)[1], parts) == list(range(parts))


def test_consecutive_operations_reuse_the_pool_threads(no_pool_yet):
    # starting threads for every convolution would cost more than the split gains: the parts of the
    # next operation run on the same threads
    def threads_of_parts(parts):
        meeting = threading.Barrier(parts, timeout=10)      # every part on a thread of its own
        return parallel.run_parts(lambda k: (meeting.wait(), threading.current_thread())[1], parts)[1:]
    first = threads_of_parts(8)
    assert all(t.name.startswith("glassnet-part") for t in first)
    for _ in range(3):
        assert set(threads_of_parts(8)) == set(first)
        assert set(threads_of_parts(4)) <= set(first)
