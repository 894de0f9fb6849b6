"""Activations where they are easy to get subtly wrong: ReLU's gradient at and below zero, and
log-softmax on logits large enough to overflow an unshifted exponential."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import nn


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_gradient_is_upstream_where_positive_and_zero_at_and_below_zero(dtype):
    z = Tensor(np.array([-3.0, -1e-6, 0.0, 1e-6, 2.5], dtype=dtype), requires_grad=True)
    upstream = np.array([0.7, -1.5, 2.0, -0.25, 4.0], dtype=dtype)
    out = nn.relu(z)
    np.testing.assert_array_equal(out.data, np.maximum(z.data, 0))
    out.backward(upstream)
    np.testing.assert_array_equal(z.grad, [0.0, 0.0, 0.0, -0.25, 4.0])
    assert z.grad.dtype == dtype


def test_relu_of_a_negative_layer_passes_no_gradient():
    z = Tensor(-np.abs(np.random.default_rng(0).normal(size=(4, 3))) - 0.1, requires_grad=True)
    (nn.relu(z) * 5.0).sum().backward()
    np.testing.assert_array_equal(z.grad, np.zeros((4, 3)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_softmax_is_exact_and_finite_for_huge_logits(dtype):
    z = Tensor(np.array([[1000.0, 0.0, -1000.0], [3000.0, 3000.0, 2990.0]], dtype=dtype), requires_grad=True)
    out = nn.log_softmax(z)
    assert np.all(np.isfinite(out.data))
    np.testing.assert_allclose(out.data[0], [0.0, -1000.0, -2000.0], atol=1e-4)
    log_two = np.log(2 + np.exp(-10.0))
    np.testing.assert_allclose(out.data[1], [-log_two, -log_two, -10 - log_two], rtol=1e-5)
    out.backward(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype))
    assert np.all(np.isfinite(z.grad))
    np.testing.assert_allclose(z.grad[0], [0.0, 0.0, 0.0], atol=1e-6)        # g − softmax·Σg, softmax = (1, 0, 0)
    softmax = np.exp(out.data[1].astype(np.float64))
    np.testing.assert_allclose(z.grad[1], np.array([0.0, 0.0, 1.0]) - softmax, rtol=1e-4, atol=1e-6)


def test_log_softmax_along_another_axis():
    values = np.array([[500.0, 1.0], [499.0, 2.0]])
    out = nn.log_softmax(Tensor(values), axis=0)
    expected = values - np.log(np.sum(np.exp(values - values.max(axis=0)), axis=0)) - values.max(axis=0)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12)
