"""Convolution ops: the classroom numbers, the output-size formula, gradients, PyTorch, errors."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.conv import conv1d, conv2d, conv_output_size, convolve2d, padding_amounts

from .gradcheck_helpers import check_gradients, rel_err

VERTICAL_EDGE = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]


def test_vertical_edge_classroom_example():
    image = np.zeros((6, 6))
    image[:, :3] = 1
    out = convolve2d(image, VERTICAL_EDGE)
    assert out.shape == (4, 4)
    np.testing.assert_array_equal(out, np.tile([0.0, 3.0, 3.0, 0.0], (4, 1)))


def test_convolve2d_padding_and_stride_match_the_formula():
    image = np.arange(49, dtype=np.float64).reshape(7, 7)
    kernel = np.ones((3, 3))
    out = convolve2d(image, kernel, padding=1, strides=2)
    assert out.shape == (conv_output_size(7, 3, 1, 2),) * 2 == (4, 4)
    # corner window covers image[0:2, 0:2] (the rest is padding); centre window image[1:4, 1:4]
    assert out[0, 0] == image[:2, :2].sum()
    assert out[1, 1] == image[1:4, 1:4].sum()
    assert convolve2d(image, kernel, padding="same").shape == (7, 7)


def test_convolve2d_is_cross_correlation_not_flipped():
    image = np.zeros((3, 3))
    image[0, 0] = 1.0
    kernel = np.arange(9.0).reshape(3, 3)
    # a single output: Σ image·kernel, no flip → kernel[0, 0] = 0, a flip would give 8
    assert convolve2d(image, kernel)[0, 0] == 0.0


def test_translation_equivariance():
    rng = np.random.default_rng(0)
    image = np.zeros((12, 12))
    image[2:6, 3:5] = rng.standard_normal((4, 2))
    kernel = rng.standard_normal((3, 3))
    shifted = np.roll(image, (2, 3), axis=(0, 1))
    out, out_shifted = convolve2d(image, kernel), convolve2d(shifted, kernel)
    np.testing.assert_allclose(np.roll(out, (2, 3), axis=(0, 1)), out_shifted, atol=1e-12)


@pytest.mark.parametrize("W,F,P,S,expected", [(32, 5, 0, 1, 28), (28, 5, 2, 1, 28), (7, 3, 1, 2, 4),
                                              (6, 3, 0, 1, 4), (5, 5, 0, 1, 1)])
def test_conv_output_size(W, F, P, S, expected):
    assert conv_output_size(W, F, P, S) == expected


@pytest.mark.parametrize("args,match", [((6, 3, 0, 2), "not an integer"), ((3, 5, 0, 1), "larger than"),
                                        ((6, 3, 0, 0), "positive"), ((6, 2.5, 0, 1), "integer")])
def test_conv_output_size_errors(args, match):
    with pytest.raises(ValueError, match=match):
        conv_output_size(*args)


@pytest.mark.parametrize("size,k,s,expected", [(5, 3, 1, (1, 1)), (6, 4, 1, (1, 2)), (7, 3, 2, (1, 1)),
                                               (6, 3, 2, (0, 1)), (5, 1, 2, (0, 0))])
def test_same_padding_follows_keras(size, k, s, expected):
    assert padding_amounts(size, k, s, 1, "same") == expected


def _same_pads(size, k, s, d):
    """TensorFlow's rule, written out independently of the library."""
    eff = d * (k - 1) + 1
    out = int(np.ceil(size / s))
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def _torch_conv2d(x, w, b, strides, padding, dilation):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    wt = torch.tensor(w.transpose(3, 2, 0, 1), requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    if padding == "same":
        ph = _same_pads(x.shape[1], w.shape[0], strides, dilation)
        pw = _same_pads(x.shape[2], w.shape[1], strides, dilation)
        xin = F.pad(xt, (pw[0], pw[1], ph[0], ph[1]))
    else:
        xin = xt
    out = F.conv2d(xin, wt, bt, stride=strides, dilation=dilation)
    return xt, wt, bt, out.permute(0, 2, 3, 1)


CONV_CASES = [
    # (N, H, W, C, F, kh, kw, stride, padding, dilation)
    (1, 5, 5, 1, 1, 3, 3, 1, "valid", 1),
    (2, 6, 6, 2, 3, 3, 3, 1, "same", 1),
    (2, 6, 5, 3, 2, 2, 2, 2, "same", 1),
    (1, 7, 6, 2, 2, 3, 2, 2, "valid", 1),
    (2, 7, 7, 1, 2, 3, 3, 1, "same", 2),
    (1, 8, 7, 2, 1, 2, 3, 2, "valid", 2),
    (2, 4, 4, 2, 2, 4, 4, 1, "same", 1),
]


@pytest.mark.parametrize("n,h,w,c,f,kh,kw,stride,padding,dilation", CONV_CASES)
def test_conv2d_gradients_match_finite_differences_and_torch(n, h, w, c, f, kh, kw, stride, padding, dilation):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, h, w, c))
    k = rng.standard_normal((kh, kw, c, f))
    b = rng.standard_normal(f)

    def fn(xt, kt, bt):
        return conv2d(xt, kt, bt, strides=stride, padding=padding, dilation_rate=dilation)
    (gx, gk, gb), weights, out = check_gradients(fn, [x, k, b])

    pytest.importorskip("torch")
    import torch
    xt, wt, bt, tout = _torch_conv2d(x, k, b, stride, padding, dilation)
    assert tout.shape == out.shape
    assert rel_err(tout.detach().numpy(), out) < 1e-10
    (tout * torch.tensor(weights)).sum().backward()
    assert rel_err(xt.grad.numpy().transpose(0, 2, 3, 1), gx) < 1e-6
    assert rel_err(wt.grad.numpy().transpose(2, 3, 1, 0), gk) < 1e-6
    assert rel_err(bt.grad.numpy(), gb) < 1e-6


@pytest.mark.parametrize("n,l,c,f,k,stride,padding,dilation", [
    (1, 6, 1, 2, 3, 1, "valid", 1), (2, 7, 2, 3, 2, 2, "same", 1), (2, 8, 3, 1, 3, 1, "same", 2),
    (1, 9, 2, 2, 4, 2, "valid", 1)])
def test_conv1d_gradients_match_finite_differences_and_torch(n, l, c, f, k, stride, padding, dilation):
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((n, l, c)), rng.standard_normal((k, c, f)), rng.standard_normal(f)

    def fn(xt, wt, bt):
        return conv1d(xt, wt, bt, strides=stride, padding=padding, dilation_rate=dilation)
    (gx, gw, gb), weights, out = check_gradients(fn, [x, w, b])

    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    xt = torch.tensor(x.transpose(0, 2, 1), requires_grad=True)
    wt = torch.tensor(w.transpose(2, 1, 0), requires_grad=True)
    pads = _same_pads(l, k, stride, dilation) if padding == "same" else (0, 0)
    tout = F.conv1d(F.pad(xt, pads), wt, torch.tensor(b), stride=stride, dilation=dilation).permute(0, 2, 1)
    assert rel_err(tout.detach().numpy(), out) < 1e-10
    (tout * torch.tensor(weights)).sum().backward()
    assert rel_err(xt.grad.numpy().transpose(0, 2, 1), gx) < 1e-6
    assert rel_err(wt.grad.numpy().transpose(2, 1, 0), gw) < 1e-6


def test_conv2d_explicit_integer_padding():
    rng = np.random.default_rng(3)
    x, k = rng.standard_normal((1, 4, 4, 1)), rng.standard_normal((3, 3, 1, 1))
    padded = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)))
    np.testing.assert_allclose(conv2d(x, k, padding=2).data, conv2d(padded, k).data)
    check_gradients(lambda xt, kt: conv2d(xt, kt, padding=2, strides=2), [x, k])


def test_conv2d_float32_stays_float32():
    x = Tensor(np.ones((2, 5, 5, 3), dtype=np.float32))
    k = Tensor(np.ones((3, 3, 3, 4), dtype=np.float32), requires_grad=True)
    out = conv2d(x, k, padding="same")
    out.sum().backward()
    assert out.dtype == np.float32 and k.grad.dtype == np.float32


@pytest.mark.parametrize("x_shape,k_shape,kwargs,match", [
    ((5, 5, 1), (3, 3, 1, 1), {}, "expected input \\(N, H, W, C\\)"),
    ((1, 5, 5, 2), (3, 3, 1, 1), {}, "2 channels"),
    ((1, 2, 2, 1), (3, 3, 1, 1), {}, "larger than the padded input"),
    ((1, 5, 5, 1), (3, 3, 1, 1), {"strides": 0}, "strides must be positive"),
    ((1, 5, 5, 1), (3, 3, 1, 1), {"strides": -1}, "strides must be positive"),
])
def test_conv2d_bad_input(x_shape, k_shape, kwargs, match):
    with pytest.raises(ValueError, match=match):
        conv2d(np.zeros(x_shape), np.zeros(k_shape), **kwargs)


def test_conv1d_bad_input_names_conv1d():
    with pytest.raises(ValueError, match="conv1d.*larger than"):
        conv1d(np.zeros((1, 2, 1)), np.zeros((3, 1, 1)))


@pytest.mark.parametrize("channels", [1, 5])          # the offset-major and the window-view im2col
@pytest.mark.parametrize("with_bias", [False, True])
def test_inference_in_slices_equals_the_recorded_forward(monkeypatch, channels, with_bias):
    from glassnet.autodiff import no_grad
    from glassnet.ops import conv as conv_module
    rng = np.random.default_rng(0)
    x = rng.normal(size=(7, 6, 5, channels))
    kernel = Tensor(rng.normal(size=(3, 2, channels, 4)), requires_grad=True)
    bias = Tensor(rng.normal(size=4), requires_grad=True) if with_bias else None
    recorded = conv2d(Tensor(x), kernel, bias, padding="same", strides=(1, 2)).data
    monkeypatch.setattr(conv_module, "INFERENCE_COLS_BYTES", 1)     # one sample per slice
    with no_grad():
        sliced = conv2d(Tensor(x), kernel, bias, padding="same", strides=(1, 2)).data
        smaller = conv2d(Tensor(x[:2, :3]), kernel, bias).data       # the scratch memory, reused
    np.testing.assert_allclose(sliced, recorded, rtol=1e-12)
    expected = conv2d(Tensor(x[:2, :3]), kernel, bias).data
    np.testing.assert_allclose(smaller, expected, rtol=1e-12)


def test_a_kernel_larger_than_the_input_names_the_spatial_shape_only():
    from glassnet.ops.conv import conv2d
    with pytest.raises(ValueError, match=r"^conv2d: the kernel \(size \(3, 3\), dilation \(1, 1\)\) is larger than the "
                                         r"padded input along spatial axis 0: input spatial shape \(2, 2\), padded "
                                         r"to 2, kernel spans 3$"):
        conv2d(np.ones((1, 2, 2, 5)), np.ones((3, 3, 5, 1)))
