"""Fused batch-normalisation op: gradients vs finite differences and PyTorch float64."""
import numpy as np
import pytest

from glassnet.ops.normalization import batch_norm_inference, batch_norm_train

from .gradcheck_helpers import check_gradients, rel_err


@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 3, 2), (3, 4, 1)])
def test_batch_norm_train_gradients_match_finite_differences_and_torch(shape):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape) * 2 + 1
    gamma, beta = rng.standard_normal(shape[-1]), rng.standard_normal(shape[-1])
    (gx, gg, gb), weights, out = check_gradients(
        lambda xt, gt, bt: batch_norm_train(xt, gt, bt, epsilon=1e-3)[0], [x, gamma, beta])
    torch = pytest.importorskip("torch")
    xt = torch.tensor(np.moveaxis(x, -1, 1), requires_grad=True)
    gt, bt = torch.tensor(gamma, requires_grad=True), torch.tensor(beta, requires_grad=True)
    tout = torch.nn.functional.batch_norm(xt, None, None, gt, bt, training=True, eps=1e-3)
    tout = torch.movedim(tout, 1, -1)
    assert rel_err(tout.detach().numpy(), out) < 1e-10
    (tout * torch.tensor(weights)).sum().backward()
    assert rel_err(np.moveaxis(xt.grad.numpy(), 1, -1), gx) < 1e-6
    assert rel_err(gt.grad.numpy(), gg) < 1e-6
    assert rel_err(bt.grad.numpy(), gb) < 1e-6


def test_batch_norm_statistics_and_no_affine():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((5, 2, 3))
    out, mean, var = batch_norm_train(x, epsilon=0.0)
    np.testing.assert_allclose(mean, x.mean(axis=(0, 1)))
    np.testing.assert_allclose(var, x.var(axis=(0, 1)))
    np.testing.assert_allclose(out.data.mean(axis=(0, 1)), 0, atol=1e-12)
    check_gradients(lambda t: batch_norm_train(t)[0], [x])


def test_batch_norm_inference_gradients():
    rng = np.random.default_rng(9)
    x = rng.standard_normal((3, 2, 4))
    mean, var = rng.standard_normal(4), rng.random(4) + 0.5
    gamma, beta = rng.standard_normal(4), rng.standard_normal(4)
    _, _, out = check_gradients(lambda xt, gt, bt: batch_norm_inference(xt, mean, var, gt, bt), [x, gamma, beta])
    np.testing.assert_allclose(out, gamma * (x - mean) / np.sqrt(var + 1e-3) + beta)
