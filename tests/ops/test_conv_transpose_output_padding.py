"""output_padding and dilation of the transposed convolutions: Keras 3's sizes, PyTorch's numbers."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.ops.conv_transpose import conv1d_transpose, conv2d_transpose, transpose_pads
from tests.ops.gradcheck_helpers import check_gradients, rel_err

torch = pytest.importorskip("torch")


def torch_full(x, kernel, bias, stride, dilation=1, extra=0):
    """PyTorch's uncropped transposed convolution (padding 0), ``extra`` zero-free rows appended, float64."""
    module = torch.nn.ConvTranspose2d(x.shape[-1], kernel.shape[2], kernel.shape[:2], stride=stride,
                                      dilation=dilation, output_padding=extra).double()
    module.weight.data = torch.tensor(kernel.transpose(3, 2, 0, 1).copy())
    module.bias.data = torch.tensor(bias)
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    return module, xt, module(xt)


@pytest.mark.parametrize("k, s, p", [(3, 2, 1), (2, 3, 2), (4, 2, 0), (1, 3, 1)])
def test_valid_with_output_padding_is_pytorchs_output_padding(k, s, p):
    rng = np.random.default_rng(k * 10 + s)
    x, kernel, bias = rng.normal(size=(2, 3, 4, 2)), rng.normal(size=(k, k, 3, 2)), rng.normal(size=3)
    module, xt, out_t = torch_full(x, kernel, bias, s, extra=p)
    tensors = [Tensor(a, requires_grad=True) for a in (x, kernel, bias)]
    out = conv2d_transpose(*tensors, strides=s, output_padding=p)
    assert out.shape[1:3] == (2 * s + k + p, 3 * s + k + p)             # (H − 1)·s + k + p
    assert rel_err(out.data, out_t.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (out_t * torch.tensor(proj.transpose(0, 3, 1, 2))).sum().backward()
    assert rel_err(tensors[0].grad, xt.grad.numpy().transpose(0, 2, 3, 1)) < 1e-12
    assert rel_err(tensors[1].grad, module.weight.grad.numpy().transpose(2, 3, 1, 0)) < 1e-12
    assert rel_err(tensors[2].grad, module.bias.grad.numpy()) < 1e-12


@pytest.mark.parametrize("k, s, p, expected", [(3, 2, 1, 8), (4, 2, 1, 7), (5, 3, 2, 12), (3, 2, 0, 7), (2, 2, 1, 7)])
def test_same_with_output_padding_crops_pytorchs_full_output_as_keras_says(k, s, p, expected):
    """Keras: (H − 1)·s + (k mod 2) + p rows, k − 1 − min(⌈L/2⌉, k − 1) cropped before (H = 4 here)."""
    rng = np.random.default_rng(k + s + p)
    x, kernel, bias = rng.normal(size=(1, 4, 4, 2)), rng.normal(size=(k, k, 3, 2)), rng.normal(size=3)
    size, before, _ = transpose_pads(4, k, s, 1, "same", p)
    assert size == expected
    full = (4 - 1) * s + k
    extra = max(before + size - full, 0)                                  # zeros past the full result
    module, xt, out_t = torch_full(x, kernel, bias, s, extra=extra)
    window = (slice(None), slice(None), slice(before, before + size), slice(before, before + size))
    ref = out_t[window]
    tensors = [Tensor(a, requires_grad=True) for a in (x, kernel, bias)]
    out = conv2d_transpose(*tensors, strides=s, padding="same", output_padding=p)
    assert out.shape == (1, size, size, 3)
    assert rel_err(out.data, ref.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (ref * torch.tensor(proj.transpose(0, 3, 1, 2))).sum().backward()
    assert rel_err(tensors[0].grad, xt.grad.numpy().transpose(0, 2, 3, 1)) < 1e-12
    assert rel_err(tensors[1].grad, module.weight.grad.numpy().transpose(2, 3, 1, 0)) < 1e-12


def test_valid_kernel_smaller_than_stride_gives_size_times_stride_as_keras():
    """Keras: 'valid' without output_padding is H·s + max(k − s, 0): trailing zeros when k < s."""
    rng = np.random.default_rng(7)
    x, kernel, bias = rng.normal(size=(1, 3, 2, 2)), rng.normal(size=(2, 2, 1, 2)), np.zeros(1)
    out = conv2d_transpose(Tensor(x), Tensor(kernel), strides=3).data
    assert out.shape == (1, 9, 6, 1)
    _, _, ref = torch_full(x, kernel, bias, 3, extra=1)
    assert rel_err(out, ref.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    assert np.all(out[:, 2::3] == 0)                                     # nothing lands on the last row of a stride


def test_dilation_matches_pytorch():
    rng = np.random.default_rng(8)
    x, kernel, bias = rng.normal(size=(2, 3, 3, 2)), rng.normal(size=(3, 2, 2, 2)), rng.normal(size=2)
    _, _, ref = torch_full(x, kernel, bias, 1, dilation=2)
    out = conv2d_transpose(Tensor(x), Tensor(kernel), Tensor(bias), dilation_rate=2).data
    assert out.shape == (2, 7, 5, 2) and rel_err(out, ref.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_padding_gradients_match_finite_differences(padding):
    rng = np.random.default_rng(9)
    check_gradients(lambda x, w, b: conv2d_transpose(x, w, b, strides=(3, 2), padding=padding, output_padding=(2, 1)),
                    [rng.normal(size=(2, 2, 3, 2)), rng.normal(size=(3, 2, 2, 2)), rng.normal(size=2)])
    check_gradients(lambda x, w: conv1d_transpose(x, w, strides=2, padding=padding, output_padding=1),
                    [rng.normal(size=(2, 3, 2)), rng.normal(size=(4, 2, 2))])


def test_layers_take_output_padding_with_keras_shapes_and_config():
    model = keras.Sequential([keras.Input((5, 5, 2)),
                              layers.Conv2DTranspose(3, 3, strides=2, padding="same", output_padding=(0, 1))])
    assert model.output_shape == (None, 9, 10, 3)
    assert model(np.ones((1, 5, 5, 2), np.float32)).shape == (1, 9, 10, 3)
    layer = model.layers[0]
    assert layers.Conv2DTranspose.from_config(layer.get_config()).output_padding == (0, 1)
    seq = layers.Conv1DTranspose(2, 4, strides=3, output_padding=2)
    assert seq(np.ones((1, 5, 1), np.float32)).shape == (1, 4 * 3 + 4 + 2, 2) == (1,) + seq.compute_output_shape(
        (None, 5, 1))[1:]
    with pytest.raises(ValueError, match=r"output_padding.*smaller than the stride.*\(2, 2\).*\(2, 2\)"):
        layers.Conv2DTranspose(3, 3, strides=2, output_padding=2)


def test_different_strides_dilations_and_output_paddings_per_axis_match_pytorch():
    rng = np.random.default_rng(5)
    x, kernel, bias = rng.normal(size=(2, 3, 4, 2)), rng.normal(size=(2, 3, 3, 2)), rng.normal(size=3)
    module, xt, out_t = torch_full(x, kernel, bias, (2, 1), dilation=(1, 2), extra=(1, 1))
    tensors = [Tensor(a, requires_grad=True) for a in (x, kernel, bias)]
    out = conv2d_transpose(*tensors, strides=(2, 1), dilation_rate=(1, 2), output_padding=(1, 1))
    assert rel_err(out.data, out_t.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (out_t * torch.tensor(proj.transpose(0, 3, 1, 2))).sum().backward()
    assert rel_err(tensors[0].grad, xt.grad.numpy().transpose(0, 2, 3, 1)) < 1e-12
    assert rel_err(tensors[1].grad, module.weight.grad.numpy().transpose(2, 3, 1, 0)) < 1e-12


@pytest.mark.parametrize("x_shape, kernel_shape", [((2, 3, 2), (3, 3, 4, 2)), ((1, 2, 3, 2), (3, 4, 2))])
def test_an_input_or_kernel_of_the_wrong_rank_names_both_shapes(x_shape, kernel_shape):
    with pytest.raises(ValueError, match=r"expected input \(N, H, W, C\).*got input shape"):
        conv2d_transpose(Tensor(np.zeros(x_shape)), Tensor(np.zeros(kernel_shape)))
