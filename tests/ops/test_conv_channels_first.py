"""conv2d's channel-first fast path (ops/conv_channels_first.py) against the channels-last reference."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor, no_grad
from glassnet.ops import conv as conv_module
from glassnet.ops.conv import _conv2d_channels_last, _spatial_pads, conv2d
from glassnet.ops.conv_channels_first import is_channels_first, takes_channels_first_path
from glassnet.ops.nn import relu
from glassnet.ops.pooling import avg_pool2d, max_pool2d


def _channels_first_copy(a):
    return np.ascontiguousarray(a.transpose(3, 0, 1, 2)).transpose(1, 2, 3, 0)


def _reference(x, kernel, bias, strides, padding, dilation):
    pads = _spatial_pads(padding, x.shape[1:3], kernel.shape[:2], strides, dilation)
    return _conv2d_channels_last(x, kernel, bias, pads, strides, dilation, needs_graph=True)


CASES = [  # (input shape, kernel (kh, kw, F), strides, padding, dilation)
    ((3, 7, 6, 1), (3, 2, 4), (1, 1), "valid", (1, 1)),
    ((2, 8, 9, 2), (3, 3, 5), (2, 1), "same", (1, 1)),
    ((3, 9, 8, 3), (2, 3, 2), (1, 1), ((1, 2), (0, 3)), (2, 2)),
    ((2, 6, 7, 3), (3, 3, 3), (2, 2), "same", (1, 1)),
    ((2, 6, 7, 5), (3, 3, 3), (2, 2), "same", (1, 1)),          # 5 channels: the channels-last path
    ((2, 5, 5, 1), (5, 5, 6), (1, 1), "same", (1, 1)),          # LeNet's first layer, small
]


@pytest.mark.parametrize("shape, kernel_shape, strides, padding, dilation", CASES)
@pytest.mark.parametrize("with_bias", [True, False])
def test_fast_path_gives_the_reference_values_and_gradients(shape, kernel_shape, strides, padding, dilation,
                                                             with_bias):
    rng = np.random.default_rng(0)
    data = _channels_first_copy(rng.normal(size=shape))
    kh, kw, f = kernel_shape
    results = []
    for fast in (True, False):
        x = Tensor(data, requires_grad=True)
        kernel = Tensor(rng.normal(size=(kh, kw, shape[-1], f)) if not results else results[0][-1],
                        requires_grad=True)
        bias = Tensor(np.arange(f, dtype=np.float64), requires_grad=True) if with_bias else None
        out = (conv2d(x, kernel, bias, strides, padding, dilation) if fast
               else _reference(x, kernel, bias, strides, padding, dilation))
        weights = np.random.default_rng(1).normal(size=out.shape)
        (out * Tensor(weights)).sum().backward()
        results.append([out.data, x.grad, kernel.grad, None if bias is None else bias.grad, kernel.data])
    few_channels = shape[-1] < 4
    assert takes_channels_first_path(data) == few_channels
    assert (is_channels_first(results[0][0]) and not results[0][0].flags.c_contiguous) == few_channels
    assert results[1][0].flags.c_contiguous                                             # the reference
    for got, expected in zip(results[0][:4], results[1][:4]):
        if expected is not None:
            np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("channels", [1, 6])
def test_inference_in_slices_gives_the_recorded_forward(monkeypatch, channels):
    rng = np.random.default_rng(2)
    x = Tensor(_channels_first_copy(rng.normal(size=(7, 6, 5, channels))))
    kernel = Tensor(rng.normal(size=(3, 2, channels, 4)), requires_grad=True)
    bias = Tensor(rng.normal(size=4), requires_grad=True)
    recorded = conv2d(x, kernel, bias, padding="same").data
    monkeypatch.setattr(conv_module, "INFERENCE_COLS_BYTES", 1)          # one sample per slice
    with no_grad():
        sliced = conv2d(x, kernel, bias, padding="same").data
        smaller = conv2d(Tensor(x.data[:2, :3]), kernel, bias).data      # the scratch memory, reused
    np.testing.assert_allclose(sliced, recorded, rtol=1e-12)
    np.testing.assert_allclose(smaller, conv2d(Tensor(x.data[:2, :3]), kernel, bias).data, rtol=1e-12)


def test_conv_relu_pool_conv_stays_channel_first_and_matches_the_reference():
    rng = np.random.default_rng(3)
    x = Tensor(rng.normal(size=(4, 12, 12, 1)))
    k1 = Tensor(rng.normal(size=(3, 3, 1, 6)), requires_grad=True)
    k2 = Tensor(rng.normal(size=(3, 3, 6, 5)), requires_grad=True)

    def network(convolve):
        a = max_pool2d(relu(convolve(x, k1, None, (1, 1), "same", (1, 1))))
        b = avg_pool2d(relu(convolve(a, k2, None, (1, 1), "valid", (1, 1))))
        return a, b
    a, b = network(conv2d)
    assert is_channels_first(a.data) and not a.data.flags.c_contiguous       # relu and pooling kept the order
    (b * Tensor(np.linspace(-1, 1, b.size).reshape(b.shape))).sum().backward()
    fast = [b.data, k1.grad, k2.grad]
    a, b = network(_reference)
    (b * Tensor(np.linspace(-1, 1, b.size).reshape(b.shape))).sum().backward()
    for got, expected in zip(fast, [b.data, k1.grad, k2.grad]):
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("channels", [1, 5])
def test_an_empty_batch_gives_empty_outputs_and_zero_weight_gradients(channels):
    x = Tensor(np.zeros((0, 5, 5, channels)), requires_grad=True)
    kernel = Tensor(np.ones((3, 3, channels, 2)), requires_grad=True)
    out = conv2d(x, kernel, padding="same")
    out.sum().backward()
    assert out.shape == (0, 5, 5, 2) and x.grad.shape == (0, 5, 5, channels)
    np.testing.assert_array_equal(kernel.grad, np.zeros((3, 3, channels, 2)))
    with no_grad():
        assert conv2d(x, kernel).shape == (0, 3, 3, 2)
