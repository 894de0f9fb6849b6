"""Batch normalisation over an axis other than the last (channels first), and its defaults."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.normalization import batch_norm_train
from glassnet.utils.gradcheck import check_against_torch


def test_channels_first_uses_one_gamma_and_beta_per_channel():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=3.0, scale=2.0, size=(4, 3, 2, 2))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0])
    y, mean, var = batch_norm_train(Tensor(x), Tensor(gamma), Tensor(beta), axis=1, epsilon=1e-3)
    m = x.mean(axis=(0, 2, 3), keepdims=True)
    v = x.var(axis=(0, 2, 3), keepdims=True)
    expected = (x - m) / np.sqrt(v + 1e-3) * gamma[None, :, None, None] + beta[None, :, None, None]
    np.testing.assert_allclose(y.data, expected, rtol=1e-10)
    np.testing.assert_allclose(np.ravel(mean), m.ravel(), rtol=1e-12)
    np.testing.assert_allclose(np.ravel(var), v.ravel(), rtol=1e-12)
    torch = pytest.importorskip("torch")
    assert check_against_torch(
        lambda t, g, b: batch_norm_train(t, g, b, axis=1)[0],
        lambda t, g, b: torch.nn.functional.batch_norm(t, None, None, g, b, training=True, eps=1e-3),
        [x, gamma, beta]) < 1e-9


def test_default_epsilon_is_keras_one_thousandth():
    x = np.array([[0.0], [0.1]])
    y, _, _ = batch_norm_train(Tensor(x))
    np.testing.assert_allclose(y.data.ravel(), np.array([-0.05, 0.05]) / np.sqrt(0.0025 + 1e-3), rtol=1e-12)
