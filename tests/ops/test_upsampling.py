"""repeat_vector, upsample_nearest and upsample_bilinear against PyTorch and central differences."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.upsampling import repeat_vector, upsample_bilinear, upsample_nearest
from tests.ops.gradcheck_helpers import check_gradients, rel_err

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("mode, op", [("nearest", upsample_nearest), ("bilinear", upsample_bilinear)])
@pytest.mark.parametrize("size", [(2, 2), (2, 3), (1, 4)])
def test_matches_pytorch_upsample(mode, op, size):
    rng = np.random.default_rng(sum(size))
    x = rng.normal(size=(2, 3, 4, 2))
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    extra = {} if mode == "nearest" else {"align_corners": False}
    out_t = torch.nn.Upsample(scale_factor=size, mode=mode, **extra)(xt)
    tensor = Tensor(x, requires_grad=True)
    out = op(tensor, size)
    assert out.shape == (2, 3 * size[0], 4 * size[1], 2)
    assert rel_err(out.data, out_t.detach().numpy().transpose(0, 2, 3, 1)) < 1e-12
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (out_t * torch.tensor(proj.transpose(0, 3, 1, 2))).sum().backward()
    assert rel_err(tensor.grad, xt.grad.numpy().transpose(0, 2, 3, 1)) < 1e-12


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    check_gradients(lambda x: upsample_nearest(x, (2, 3)), [rng.normal(size=(2, 2, 3, 2))])
    check_gradients(lambda x: upsample_bilinear(x, (3, 2)), [rng.normal(size=(1, 3, 2, 2))])
    check_gradients(lambda x: repeat_vector(x, 4), [rng.normal(size=(3, 2))])


def test_repeat_vector_repeats_every_step():
    x = np.arange(6.0).reshape(2, 3)
    out = repeat_vector(Tensor(x), 4).data
    assert out.shape == (2, 4, 3) and all(np.array_equal(out[:, t], x) for t in range(4))


def test_nearest_repeats_each_pixel_of_every_sample_and_channel():
    x = np.arange(3 * 2 * 3 * 4, dtype=np.float64).reshape(3, 2, 3, 4)       # batch 3, channels 4
    out = upsample_nearest(Tensor(x), (2, 3)).data
    np.testing.assert_array_equal(out, x.repeat(2, axis=1).repeat(3, axis=2))
