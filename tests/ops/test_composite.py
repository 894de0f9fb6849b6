"""glassnet.ops.composite: moments, normalize, the crossentropies (against PyTorch), eager control flow."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.ops import composite as C
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(13)
A = RNG.normal(size=(4, 3))
PROBS = RNG.uniform(0.05, 0.95, size=(4, 3))
TARGET01 = RNG.integers(0, 2, size=(4, 3)).astype(float)
ONE_HOT = np.eye(3)[[0, 2, 1, 2]]
LABELS = np.array([0, 2, 1, 2])


def _torch():
    return pytest.importorskip("torch")


def _f():
    return _torch().nn.functional


CASES = {
    "moments_mean": (lambda a: C.moments(a, axes=0)[0], lambda a: a.mean(0), [A]),
    "moments_var": (lambda a: C.moments(a, axes=[0, 1])[1], lambda a: a.var(unbiased=False), [A]),
    "normalize": (lambda a: C.normalize(a, axis=-1), lambda a: _f().normalize(a, dim=-1), [A]),
    "binary_ce": (lambda p: C.binary_crossentropy(TARGET01, p),
                  lambda p: _f().binary_cross_entropy(p, _torch().tensor(TARGET01), reduction="none"), [PROBS]),
    "binary_ce_logits": (lambda z: C.binary_crossentropy(TARGET01, z, from_logits=True),
                         lambda z: _f().binary_cross_entropy_with_logits(z, _torch().tensor(TARGET01),
                                                                         reduction="none"), [A]),
    "categorical_ce_logits": (lambda z: C.categorical_crossentropy(ONE_HOT, z, from_logits=True),
                              lambda z: _f().cross_entropy(z, _torch().tensor(LABELS), reduction="none"), [A]),
    "categorical_ce_probs": (lambda p: C.categorical_crossentropy(ONE_HOT, p),
                             lambda p: -(_torch().tensor(ONE_HOT) * (p / p.sum(-1, keepdim=True)).log()).sum(-1),
                             [PROBS]),
    "sparse_ce_logits": (lambda z: C.sparse_categorical_crossentropy(LABELS, z, from_logits=True),
                         lambda z: _f().cross_entropy(z, _torch().tensor(LABELS), reduction="none"), [A]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    _torch()
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_sparse_labels_with_a_trailing_axis_and_clipping():
    out = ops.sparse_categorical_crossentropy(LABELS[:, None], np.eye(3)[LABELS])
    assert out.shape == (4,) and np.all(np.isfinite(out.numpy())) and float(ops.max(out).numpy()) < 1e-5
    assert np.isfinite(ops.binary_crossentropy(np.array([1.0]), np.array([0.0])).numpy()).all()


def test_control_flow_runs_eagerly():
    assert ops.cond(ops.greater(1.0, 0.0), lambda: "yes", lambda: "no") == "yes"
    assert ops.fori_loop(0, 4, lambda i, total: total + i, 0) == 6
    assert ops.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * 2), (0, 1)) == (3, 8)
    assert ops.while_loop(lambda i: True, lambda i: i + 1, 0, maximum_iterations=5) == 5
    out = ops.vectorized_map(lambda row: ops.sum(row), np.arange(6.0).reshape(3, 2))
    np.testing.assert_allclose(out.numpy(), [1, 5, 9])


def test_numpy_aliases_sizes_and_integer_ops():
    x = np.arange(6.0).reshape(2, 3)
    assert ops.ndim(x) == 2 and ops.size(x) == 6
    np.testing.assert_array_equal(ops.absolute(-x).numpy(), x)
    np.testing.assert_allclose(ops.true_divide(x, 2.0).numpy(), x / 2)
    np.testing.assert_array_equal(ops.mod(x, 4).numpy(), np.mod(x, 4))
    np.testing.assert_array_equal(ops.floor_divide(x, 4).numpy(), x // 4)


def test_rank_generic_pools_match_the_specific_ops():
    from glassnet.ops import pooling
    rng = np.random.default_rng(0)
    image, seq = rng.normal(size=(2, 6, 6, 3)), rng.normal(size=(2, 8, 3))
    np.testing.assert_allclose(ops.max_pool(image, 2).numpy(), pooling.max_pool2d(image, 2).numpy())
    np.testing.assert_allclose(ops.average_pool(seq, 2).numpy(), pooling.avg_pool1d(seq, 2).numpy())
    with pytest.raises(ValueError, match="channels_last"):
        ops.max_pool(image, 2, data_format="channels_first")
    with pytest.raises(ValueError, match="rank 3"):
        ops.max_pool(np.ones((2, 3)), 2)


def test_probability_crossentropies_clip_to_keras_epsilon():
    # Keras clips probabilities to [ε, 1 − ε] with ε = 1e-7: a perfect prediction still costs −log(1 − ε),
    # a certain wrong one costs −log ε (not infinity)
    eps = 1e-7
    target = np.array([[1.0, 0.0, 0.0]])
    perfect = ops.categorical_crossentropy(target, np.array([[1.0, 0.0, 0.0]]))
    np.testing.assert_allclose(perfect.numpy(), [-np.log1p(-eps)], rtol=1e-6)
    wrong = ops.categorical_crossentropy(target, np.array([[0.0, 1.0, 0.0]]))
    np.testing.assert_allclose(wrong.numpy(), [-np.log(eps)], rtol=1e-6)
    binary = ops.binary_crossentropy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]))
    np.testing.assert_allclose(binary.numpy(), [-np.log1p(-eps), -np.log1p(-eps), -np.log(eps)], rtol=1e-6)


def test_sparse_crossentropy_of_a_sequence_is_one_value_per_time_step():
    torch = _torch()
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(2, 5, 3)), rng.integers(0, 3, size=(2, 5))
    expected = _f().cross_entropy(torch.tensor(logits).reshape(10, 3), torch.tensor(labels).reshape(10),
                                  reduction="none").reshape(2, 5).numpy()
    out = ops.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    assert out.shape == (2, 5)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-10)
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    np.testing.assert_allclose(ops.sparse_categorical_crossentropy(labels, probs).numpy(), expected, rtol=1e-6)
