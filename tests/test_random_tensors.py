"""keras.random (glassnet.random_tensors): distributions, dtypes, and the three kinds of seed."""
from __future__ import annotations

import numpy as np
import pytest

import glassnet as keras
from glassnet.autodiff import Tensor


def test_int_seed_repeats_and_seed_generator_moves_on():
    a = keras.random.normal((5,), seed=3).numpy()
    np.testing.assert_array_equal(a, keras.random.normal((5,), seed=3).numpy())
    gen = keras.random.SeedGenerator(7)
    first, second = keras.random.uniform((5,), seed=gen).numpy(), keras.random.uniform((5,), seed=gen).numpy()
    assert not np.array_equal(first, second)
    again = keras.random.SeedGenerator(7)
    np.testing.assert_array_equal(keras.random.uniform((5,), seed=again).numpy(), first)


def test_set_random_seed_makes_unseeded_draws_and_generators_repeatable():
    def draws():
        keras.utils.set_random_seed(11)
        gen = keras.random.SeedGenerator()
        return (keras.random.normal((4,)).numpy(), keras.random.randint((4,), 0, 100, seed=gen).numpy())
    (n1, r1), (n2, r2) = draws(), draws()
    np.testing.assert_array_equal(n1, n2)
    np.testing.assert_array_equal(r1, r2)
    keras.utils.set_random_seed(12)
    assert not np.array_equal(keras.random.normal((4,)).numpy(), n1)


def test_distributions_have_their_moments_and_dtypes():
    x = keras.random.normal((20000,), mean=2.0, stddev=3.0, seed=0)
    assert x.dtype == np.float32
    assert abs(float(x.numpy().mean()) - 2.0) < 0.1 and abs(float(x.numpy().std()) - 3.0) < 0.1
    u = keras.random.uniform((20000,), minval=-1.0, maxval=3.0, dtype="float64", seed=0).numpy()
    assert u.dtype == np.float64 and u.min() >= -1 and u.max() < 3 and abs(u.mean() - 1.0) < 0.05
    r = keras.random.randint((1000,), 2, 5, seed=0).numpy()
    assert r.dtype == np.int32 and set(np.unique(r)) == {2, 3, 4}
    t = keras.random.truncated_normal((20000,), stddev=2.0, seed=0).numpy()
    assert np.abs(t).max() <= 4.0 and t.std() < 2.0


def test_categorical_follows_the_softmax_of_the_logits():
    logits = np.log(np.array([[0.7, 0.2, 0.1]]))
    samples = keras.random.categorical(logits, 20000, seed=0).numpy()
    assert samples.shape == (1, 20000)
    np.testing.assert_allclose(np.bincount(samples[0], minlength=3) / 20000, [0.7, 0.2, 0.1], atol=0.02)


def test_dropout_zeroes_and_rescales_and_passes_gradients():
    x = Tensor(np.ones((1000,)), requires_grad=True)
    out = keras.random.dropout(x, 0.25, seed=1)
    values = out.numpy()
    assert set(np.unique(values)) == {0.0, 1 / 0.75}
    assert abs((values == 0).mean() - 0.25) < 0.05
    keras.ops.sum(out).backward()
    np.testing.assert_array_equal(x.grad, values)


def test_shuffle_permutes_along_the_axis():
    x = np.arange(20).reshape(10, 2).astype(float)
    out = keras.random.shuffle(x, seed=2).numpy()
    assert not np.array_equal(out, x)
    np.testing.assert_array_equal(np.sort(out[:, 0]), x[:, 0])
    np.testing.assert_array_equal(out[:, 1] - out[:, 0], np.ones(10))   # rows move whole


def test_bad_seed_and_unknown_name_are_clear():
    with pytest.raises(ValueError, match="seed must be"):
        keras.random.normal((2,), seed="abc")
    with pytest.raises(AttributeError, match="did you mean normal"):
        keras.random.normall


def test_set_random_seed_also_seeds_python_random_and_numpy_global():
    import random
    keras.utils.set_random_seed(3)
    first = (random.random(), np.random.rand())
    keras.utils.set_random_seed(3)
    assert (random.random(), np.random.rand()) == first
