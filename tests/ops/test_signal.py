import numpy as np
import pytest
import torch

from glassnet import ops
from glassnet.ops.signal import convolve1d, convolve2d, correlate1d, correlate2d, output_length
from .gradcheck_helpers import check_gradients

MODES = ("valid", "same", "full")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_one_dimensional_ops_equal_numpy(mode, k):
    rng = np.random.default_rng(k)
    x, w = rng.normal(size=7), rng.normal(size=k)
    np.testing.assert_allclose(convolve1d(x, w, mode).data, np.convolve(x, w, mode), atol=1e-12)
    np.testing.assert_allclose(correlate1d(x, w, mode).data, np.correlate(x, w, mode), atol=1e-12)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 3)])
def test_two_dimensional_ops_equal_scipy(mode, shape):
    from scipy import signal
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(6, 5)), rng.normal(size=shape)
    np.testing.assert_allclose(convolve2d(x, w, mode).data, signal.convolve2d(x, w, mode), atol=1e-12)
    np.testing.assert_allclose(correlate2d(x, w, mode).data, signal.correlate2d(x, w, mode), atol=1e-12)


def test_convolution_is_correlation_with_the_flipped_kernel_and_commutes():
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    np.testing.assert_allclose(convolve1d(x, w, "valid").data, [2.0, 2.0])      # x[i+2] − x[i]
    np.testing.assert_allclose(correlate1d(x, w, "valid").data, [-2.0, -2.0])   # x[i] − x[i+2]
    np.testing.assert_allclose(convolve1d(x, w).data, convolve1d(w, x).data)
    assert not np.allclose(correlate1d(x, w, "full").data, correlate1d(w, x, "full").data)


def test_cross_correlation_is_what_the_conv_layers_compute():
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(6, 6)), rng.normal(size=(3, 3))
    layer_out = ops.conv2d(image[None, :, :, None], kernel[:, :, None, None]).data[0, :, :, 0]
    np.testing.assert_allclose(correlate2d(image, kernel).data, layer_out, atol=1e-12)


@pytest.mark.parametrize("op", [convolve1d, correlate1d])
@pytest.mark.parametrize("mode", MODES)
def test_one_dimensional_gradients(op, mode):
    check_gradients(lambda x, w: op(x, w, mode), [np.random.default_rng(1).normal(size=6),
                                                  np.random.default_rng(2).normal(size=3)])


@pytest.mark.parametrize("op", [convolve2d, correlate2d])
@pytest.mark.parametrize("mode", MODES)
def test_two_dimensional_gradients(op, mode):
    check_gradients(lambda x, w: op(x, w, mode), [np.random.default_rng(1).normal(size=(5, 4)),
                                                  np.random.default_rng(2).normal(size=(2, 3))])


def test_gradients_equal_pytorch_conv1d_in_float64():
    from glassnet import Tensor
    rng = np.random.default_rng(3)
    x, w, g = rng.normal(size=8), rng.normal(size=3), rng.normal(size=8)
    tx, tw = Tensor(x, requires_grad=True), Tensor(w, requires_grad=True)
    (correlate1d(tx, tw, "same") * Tensor(g)).sum().backward()
    px = torch.tensor(x, requires_grad=True)
    pw = torch.tensor(w, requires_grad=True)
    out = torch.nn.functional.conv1d(px[None, None], pw[None, None], padding=1)[0, 0]
    (out * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(tx.grad, px.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(tw.grad, pw.grad.numpy(), atol=1e-12)


def test_output_length_formula():
    assert output_length(28, 5) == 24
    assert output_length(28, 5, padding=2) == 28
    assert output_length(32, 3, padding=1, stride=2) == 16
    assert output_length(7, 3, stride=2) == 3
    with pytest.raises(ValueError, match="stride"):
        output_length(7, 3, stride=0)


def test_bad_mode_and_shapes_are_named():
    with pytest.raises(ValueError, match="mode"):
        convolve1d([1.0, 2.0], [1.0], "circular")
    with pytest.raises(ValueError, match="kernel"):
        correlate1d([1.0, 2.0], [1.0, 2.0, 3.0], "valid")
    with pytest.raises(ValueError, match="1-D or both 2-D"):
        convolve2d(np.zeros((3, 3)), np.zeros(2))


def test_output_length_of_a_kernel_that_just_fits_the_padded_input():
    assert output_length(3, 5, padding=1) == 1
    with pytest.raises(ValueError, match="a kernel of 6 does not fit 3 inputs padded by 1"):
        output_length(3, 6, padding=1)
