"""conv2d_transpose / conv1d_transpose against PyTorch float64 and central differences."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.conv import im2col, pad_spatial
from glassnet.ops.conv_transpose import (_scatter_forward, _sub_pixel_forward, _sub_pixel_weight_grads,
                                         conv1d_transpose, conv2d_transpose, transpose_pads)
from tests.ops.gradcheck_helpers import check_gradients, rel_err

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("h, w, k, s, c_in, c_out", [(4, 5, 3, 2, 3, 5), (3, 3, 2, 1, 1, 2), (2, 3, 4, 3, 2, 1)])
def test_valid_matches_pytorch_conv_transpose2d(h, w, k, s, c_in, c_out):
    rng = np.random.default_rng(h * 10 + k)
    x, kernel, bias = rng.normal(size=(2, h, w, c_in)), rng.normal(size=(k, k, c_out, c_in)), rng.normal(size=c_out)
    module = torch.nn.ConvTranspose2d(c_in, c_out, k, stride=s).double()
    module.weight.data = torch.tensor(kernel.transpose(3, 2, 0, 1).copy())   # torch (in, out, kh, kw)
    module.bias.data = torch.tensor(bias)
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    out_t = module(xt)
    tensors = [Tensor(a, requires_grad=True) for a in (x, kernel, bias)]
    out = conv2d_transpose(*tensors, strides=s)
    assert out.shape[1:3] == ((h - 1) * s + k, (w - 1) * s + k)
    assert rel_err(out.data, out_t.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (out_t * torch.tensor(proj.transpose(0, 3, 1, 2))).sum().backward()
    assert rel_err(tensors[0].grad, xt.grad.numpy().transpose(0, 2, 3, 1)) < 1e-12
    assert rel_err(tensors[1].grad, module.weight.grad.numpy().transpose(2, 3, 1, 0)) < 1e-12
    assert rel_err(tensors[2].grad, module.bias.grad.numpy()) < 1e-12


@pytest.mark.parametrize("k, s", [(3, 2), (4, 2), (1, 2), (3, 1)])
def test_same_gives_size_times_stride_and_crops_pytorchs_full_output(k, s):
    """'same' = the full transposed convolution cropped by max(k − s, 0), the smaller half first."""
    rng = np.random.default_rng(k)
    x, kernel = rng.normal(size=(1, 3, 4, 2)), rng.normal(size=(k, k, 3, 2))
    module = torch.nn.ConvTranspose2d(2, 3, k, stride=s, bias=False).double()
    module.weight.data = torch.tensor(kernel.transpose(3, 2, 0, 1).copy())
    full = module(torch.tensor(x.transpose(0, 3, 1, 2))).detach().numpy().transpose(0, 2, 3, 1)
    out = conv2d_transpose(Tensor(x), Tensor(kernel), strides=s, padding="same").data
    assert out.shape == (1, 3 * s, 4 * s, 3)
    total = max(k - s, 0)
    padded = np.zeros((1, 3 * s + total, 4 * s + total, 3))
    padded[:, :full.shape[1], :full.shape[2]] = full
    assert rel_err(out, padded[:, total // 2:total // 2 + 3 * s, total // 2:total // 2 + 4 * s]) < 1e-12


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_gradients_match_finite_differences(padding):
    rng = np.random.default_rng(0)
    check_gradients(lambda x, w, b: conv2d_transpose(x, w, b, strides=(2, 1), padding=padding),
                    [rng.normal(size=(2, 3, 2, 2)), rng.normal(size=(3, 2, 2, 2)), rng.normal(size=2)])
    check_gradients(lambda x, w: conv1d_transpose(x, w, strides=3, padding=padding),
                    [rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 3, 2))])


def test_conv1d_transpose_matches_pytorch():
    rng = np.random.default_rng(2)
    x, kernel = rng.normal(size=(2, 5, 3)), rng.normal(size=(4, 2, 3))
    module = torch.nn.ConvTranspose1d(3, 2, 4, stride=2, bias=False).double()
    module.weight.data = torch.tensor(kernel.transpose(2, 1, 0).copy())
    ref = module(torch.tensor(x.transpose(0, 2, 1))).detach().numpy().transpose(0, 2, 1)
    assert rel_err(conv1d_transpose(Tensor(x), Tensor(kernel), strides=2).data, ref) < 1e-12


@pytest.mark.parametrize("stride", [(1, 1), (2, 2), (3, 2), (2, 3)])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_sub_pixel_forward_and_weight_gradients_equal_the_scatter_reference(stride, padding):
    """The fast forward (one product per output phase) against the plain scatter, and its dL/dw, dL/db
    against the convolution of dL/dout (im2col), for kernels smaller than, equal to and larger than
    the stride, with and without output_padding and bias."""
    rng = np.random.default_rng(stride[0] * 10 + stride[1])
    x = rng.normal(size=(2, 5, 4, 3))
    for kh, kw in [(1, 1), (2, 3), (3, 3), (4, 2), (5, 4)]:
        kernel = rng.normal(size=(kh, kw, 4, 3))
        for extra in [None] + [(p_r, p_c) for p_r in range(stride[0]) for p_c in range(stride[1])][-2:]:
            for bias in (None, rng.normal(size=4)):
                rows = transpose_pads(5, kh, stride[0], 1, padding, None if extra is None else extra[0])
                cols = transpose_pads(4, kw, stride[1], 1, padding, None if extra is None else extra[1])
                padded = (2, sum(rows), sum(cols), 4)
                reference = _scatter_forward(x, kernel, bias, stride, (1, 1), padded, [rows[1:], cols[1:]])
                fast, phases = _sub_pixel_forward(x, kernel, bias, stride, rows[:2], cols[:2])
                assert fast.shape == reference.shape == (2, rows[0], cols[0], 4)
                assert rel_err(fast, reference) < 1e-12, (kh, kw, extra, bias is None)
                g = rng.normal(size=fast.shape)
                full = [(5 - 1) * stride[0] + kh, (4 - 1) * stride[1] + kw]
                g_cols = im2col(pad_spatial(g, [rows[1:], cols[1:]])[:, :full[0], :full[1]], (kh, kw), stride, (1, 1))
                gw, gb = _sub_pixel_weight_grads(g, phases, stride, kernel.shape, bias is not None)
                assert rel_err(gw, (g_cols.T @ x.reshape(-1, 3)).reshape(kernel.shape)) < 1e-12
                assert (gb is None) if bias is None else rel_err(gb, g.sum(axis=(0, 1, 2))) < 1e-12


def test_channel_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"3 channels.*expects 2"):
        conv2d_transpose(Tensor(np.zeros((1, 2, 2, 3))), Tensor(np.zeros((3, 3, 4, 2))))


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("output_padding", [None, 0, 1])
def test_sub_pixel_phases_pad_the_input_exactly_as_far_as_the_gather_reads(padding, output_padding):
    """Each phase reads x[r div s − j] for its taps; the zero padding is what those reads need, no more."""
    from glassnet.ops.conv_transpose import _axis_phases
    for size in (1, 2, 5):
        for kernel in (1, 2, 3, 4, 5):
            for stride in (1, 2, 3):
                if output_padding is not None and output_padding >= stride:
                    continue
                out, before, _ = transpose_pads(size, kernel, stride, 1, padding, output_padding)
                phases, pad_before, pad_after = _axis_phases(size, kernel, stride, before, out)
                read = [(q0 + m * stride + before) // stride - j
                        for q0, count, taps, _ in phases for m in range(count) for j in range(len(taps))]
                assert sorted(q0 for q0, *_ in phases) == list(range(min(stride, out)))   # every output once
                assert (pad_before, pad_after) == (max(0, -min(read, default=0)),
                                                   max(0, max(read, default=size - 1) - (size - 1))), \
                    (size, kernel, stride, padding, output_padding)
