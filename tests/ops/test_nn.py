"""glassnet.ops.nn: values, finite-difference gradients and PyTorch float64 as referee."""
from __future__ import annotations

import math

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor, no_grad
from glassnet.ops import nn
from glassnet.utils.gradcheck import check_against_torch, check_gradients

TOL = 1e-6
RNG = np.random.default_rng(7)
X = RNG.normal(scale=2.0, size=(5, 6))
LABELS = RNG.integers(0, 6, size=5)
ONE_HOT = np.eye(6)[LABELS]
SOFT = RNG.dirichlet(np.ones(6), size=5)
BINARY = RNG.random((5, 6))

# name -> (glassnet function, torch function or None, inputs)
CASES = {
    "relu": (nn.relu, lambda t: t.relu(), [X]),
    "leaky_relu": (nn.leaky_relu, lambda t: __import__("torch").nn.functional.leaky_relu(t, 0.2), [X]),
    "leaky_relu_0.01": (lambda t: nn.leaky_relu(t, 0.01),
                        lambda t: __import__("torch").nn.functional.leaky_relu(t, 0.01), [X]),
    "sigmoid": (nn.sigmoid, lambda t: t.sigmoid(), [X]),
    "tanh": (nn.tanh, lambda t: t.tanh(), [X]),
    "softmax": (nn.softmax, lambda t: t.softmax(-1), [X]),
    "softmax_axis0": (lambda t: nn.softmax(t, axis=0), lambda t: t.softmax(0), [X]),
    "log_softmax": (nn.log_softmax, lambda t: t.log_softmax(-1), [X]),
    "softplus": (nn.softplus, lambda t: __import__("torch").nn.functional.softplus(t), [X]),
    "silu": (nn.silu, lambda t: __import__("torch").nn.functional.silu(t), [X]),
    "elu": (nn.elu, lambda t: __import__("torch").nn.functional.elu(t), [X]),
    "selu": (nn.selu, lambda t: __import__("torch").nn.functional.selu(t), [X]),
    "gelu": (nn.gelu, lambda t: __import__("torch").nn.functional.gelu(t), [X]),
    "gelu_tanh": (lambda t: nn.gelu(t, approximate=True),
                  lambda t: __import__("torch").nn.functional.gelu(t, approximate="tanh"), [X]),
    "dense": (nn.dense, lambda x, w, b: x @ w + b, [X, RNG.normal(size=(6, 3)), RNG.normal(size=3)]),
    "dense_no_bias": (nn.dense, lambda x, w: x @ w, [X, RNG.normal(size=(6, 3))]),
    "dense_3d": (nn.dense, lambda x, w, b: x @ w + b,
                 [RNG.normal(size=(2, 3, 6)), RNG.normal(size=(6, 4)), RNG.normal(size=4)]),
    "softmax_ce_onehot": (lambda z: nn.softmax_cross_entropy(z, ONE_HOT),
                          lambda z: __import__("torch").nn.functional.cross_entropy(
                              z, __import__("torch").tensor(ONE_HOT), reduction="none"), [X]),
    "softmax_ce_soft": (lambda z: nn.softmax_cross_entropy(z, SOFT),
                        lambda z: __import__("torch").nn.functional.cross_entropy(
                            z, __import__("torch").tensor(SOFT), reduction="none"), [X]),
    "sparse_softmax_ce": (lambda z: nn.sparse_softmax_cross_entropy(z, LABELS),
                          lambda z: __import__("torch").nn.functional.cross_entropy(
                              z, __import__("torch").tensor(LABELS), reduction="none"), [X]),
    "sigmoid_bce": (lambda z: nn.sigmoid_binary_cross_entropy(z, BINARY),
                    lambda z: __import__("torch").nn.functional.binary_cross_entropy_with_logits(
                        z, __import__("torch").tensor(BINARY), reduction="none"), [X]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    # relu-like kinks: keep inputs away from 0 where the derivative jumps
    inputs = [np.where(np.abs(a) < 1e-3, 0.5, a) for a in inputs]
    assert check_gradients(fn, inputs) < TOL


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    pytest.importorskip("torch")
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < TOL


def test_fused_softmax_ce_reuses_given_probabilities():
    p = nn.softmax(Tensor(X)).data
    with_p = nn.sparse_softmax_cross_entropy(Tensor(X), LABELS, probabilities=p)
    without = nn.sparse_softmax_cross_entropy(Tensor(X), LABELS)
    np.testing.assert_allclose(with_p.data, without.data, rtol=1e-12)
    dense_with_p = nn.softmax_cross_entropy(Tensor(X), ONE_HOT, probabilities=p)
    np.testing.assert_allclose(dense_with_p.data, without.data, rtol=1e-12)


def test_fused_gradient_is_p_minus_y_over_n():
    z = Tensor(X, requires_grad=True)
    ops.mean(nn.sparse_softmax_cross_entropy(z, LABELS)).backward()
    expected = (nn.softmax(Tensor(X)).data - ONE_HOT) / len(X)
    np.testing.assert_allclose(z.grad, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_stay_finite(dtype):
    z = Tensor(np.array([[1000.0, -1000.0, 0.0], [-800.0, -900.0, -1000.0]], dtype=dtype), requires_grad=True)
    assert np.all(np.isfinite(nn.sigmoid(z).data))
    np.testing.assert_allclose(nn.sigmoid(z).data[0], [1, 0, 0.5])
    p = nn.softmax(z)
    assert np.all(np.isfinite(p.data)) and np.allclose(p.data.sum(-1), 1)
    loss = nn.sparse_softmax_cross_entropy(z, np.array([1, 0]))
    np.testing.assert_allclose(loss.data, [2000.0, 0.0], atol=1e-3)
    ops.sum(loss).backward()
    assert np.all(np.isfinite(z.grad))
    bce = nn.sigmoid_binary_cross_entropy(z, np.ones((2, 3), dtype=dtype))
    np.testing.assert_allclose(bce.data[0], [0, 1000, math.log(2)], rtol=1e-6)


@pytest.mark.parametrize("fn", [nn.relu, nn.leaky_relu, nn.sigmoid, nn.tanh, nn.softmax, nn.log_softmax,
                                nn.gelu, nn.softplus, nn.silu, nn.elu, nn.selu, nn.step])
def test_float32_stays_float32(fn):
    x = Tensor(X.astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    if fn is not nn.step:
        ops.sum(out).backward()
        assert x.grad.dtype == np.float32


def test_leaky_relu_keras_default_slope():
    np.testing.assert_allclose(nn.leaky_relu(Tensor(np.array([-1.0, 2.0]))).data, [-0.2, 2.0])


def test_numpy_erf_matches_math_erf_to_float64_precision():
    xs = np.concatenate([np.linspace(-7, 7, 4001), [0.0, 1e-12, -1e-300, 1.999999, 2.0, 30.0, -30.0]])
    expected = np.array([math.erf(v) for v in xs])
    np.testing.assert_allclose(nn._erf_numpy(xs), expected, rtol=0, atol=3e-15)
    assert nn._erf_numpy(xs.astype(np.float32)).dtype == np.float32


def test_step_is_forward_only_with_a_clear_error():
    np.testing.assert_array_equal(nn.step(Tensor(np.array([-1.0, 0.0, 2.0]))).data, [0, 0, 1])
    x = Tensor(np.array([-1.0, 2.0]), requires_grad=True)
    with pytest.raises(RuntimeError, match="step.*cannot be trained by backpropagation"):
        ops.sum(nn.step(x)).backward()


def test_dropout_is_inverted_and_reproducible():
    x = Tensor(np.ones((200, 50), dtype=np.float32), requires_grad=True)
    out = nn.dropout(x, 0.25, np.random.default_rng(0))
    assert out.dtype == np.float32
    kept = out.data != 0
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_allclose(out.data[kept], 1 / 0.75, rtol=1e-6)
    ops.sum(out).backward()
    np.testing.assert_array_equal(x.grad, out.data)
    again = nn.dropout(x, 0.25, np.random.default_rng(0))
    np.testing.assert_array_equal(again.data, out.data)
    assert nn.dropout(x, 0.0) is x


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_rate(rate):
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\)"):
        nn.dropout(Tensor(X), rate)


def test_logits_of_remembers_softmax_and_sigmoid_inputs():
    z = Tensor(X)
    with no_grad():
        p = nn.softmax(z)
        s = nn.sigmoid(z)
    assert nn.logits_of(p, "softmax") is z
    assert nn.logits_of(s, "sigmoid") is z
    assert nn.logits_of(p, "sigmoid") is None
    assert nn.logits_of(nn.softmax(z, axis=0), "softmax", axis=-1) is None
    assert nn.logits_of(nn.relu(z), "softmax") is None
    assert nn.logits_of(X, "softmax") is None


def test_logits_record_is_freed_with_its_output():
    import gc
    gc.collect()  # records of earlier tests' outputs that are garbage but not yet collected
    before = len(nn._LOGITS)
    p = nn.softmax(Tensor(X))
    assert len(nn._LOGITS) == before + 1
    del p
    gc.collect()
    assert len(nn._LOGITS) == before


def test_dropout_gradient_matches_finite_differences_for_a_fixed_mask():
    assert check_gradients(lambda t: nn.dropout(t, 0.3, np.random.default_rng(0)), [X]) < TOL


def test_dropout_noise_shape_broadcasts_one_mask():
    x = Tensor(np.ones((4, 3, 5)))
    out = nn.dropout(x, 0.5, np.random.default_rng(1), noise_shape=(None, 1, 5)).data
    assert np.all(out == out[:, :1, :])
    with pytest.raises(ValueError, match=r"noise_shape \(4, 2, 5\) does not broadcast"):
        nn.dropout(x, 0.5, noise_shape=(4, 2, 5))
