"""conv2d_transpose against torch.nn.functional.conv_transpose2d (values and gradients) and finite differences."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.conv_transpose import conv2d_transpose

from .gradcheck_helpers import check_gradients


@pytest.mark.parametrize("stride,k", [(1, 3), (2, 3), (3, 2), (2, 4)])
def test_valid_matches_pytorch_values_and_gradients(stride, k):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(stride * 10 + k)
    x, kernel, bias = rng.normal(size=(2, 4, 3, 3)), rng.normal(size=(k, k, 5, 3)), rng.normal(size=5)
    xt, kt, bt = (Tensor(a.copy(), requires_grad=True) for a in (x, kernel, bias))
    out = conv2d_transpose(xt, kt, bt, (stride, stride), "valid")
    xr, kr, br = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, kernel, bias))
    ref = torch.nn.functional.conv_transpose2d(xr.permute(0, 3, 1, 2), kr.permute(3, 2, 0, 1), br, stride=stride)
    ref = ref.permute(0, 2, 3, 1)
    assert out.shape == tuple(ref.shape) == (2, (4 - 1) * stride + k, (3 - 1) * stride + k, 5)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), atol=1e-12)
    projection = rng.normal(size=out.shape)
    out.backward(projection)
    (ref * torch.from_numpy(projection)).sum().backward()
    np.testing.assert_allclose(xt.grad, xr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(kt.grad, kr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(bt.grad, br.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("stride,k", [(2, 3), (2, 4), (3, 2), (1, 3)])
def test_same_gives_input_size_times_stride_cut_from_the_full_output(stride, k):
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(1, 3, 4, 2)), rng.normal(size=(k, k, 3, 2))
    full = conv2d_transpose(x, kernel, None, (stride, stride), "valid").data
    same = conv2d_transpose(x, kernel, None, (stride, stride), "same").data
    assert same.shape == (1, 3 * stride, 4 * stride, 3)
    start = max(k - stride, 0) // 2   # the transpose of a 'same' convolution's padding (TensorFlow's rule)
    kept = full[:, start:start + 3 * stride, start:start + 4 * stride]
    np.testing.assert_allclose(same[:, :kept.shape[1], :kept.shape[2]], kept)


def test_same_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    check_gradients(lambda x, w: conv2d_transpose(x, w, None, (2, 2), "same"),
                    [rng.normal(size=(1, 2, 3, 2)), rng.normal(size=(3, 3, 2, 2))])


def test_wrong_channels_or_padding_are_named():
    with pytest.raises(ValueError, match="expected input"):
        conv2d_transpose(np.zeros((1, 2, 2, 4)), np.zeros((3, 3, 2, 3)))
    with pytest.raises(ValueError, match="padding"):
        conv2d_transpose(np.zeros((1, 2, 2, 3)), np.zeros((3, 3, 2, 3)), padding="full")
