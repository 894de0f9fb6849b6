"""Tests for glassnet/utils/__init__.py: to_categorical, normalize, set_random_seed."""
import numpy as np
import pytest

from glassnet import utils


def test_to_categorical_like_keras():
    out = utils.to_categorical([0, 2, 1, 2])
    np.testing.assert_array_equal(out, np.eye(3)[[0, 2, 1, 2]])
    assert out.dtype == np.float32
    assert utils.to_categorical(np.array([[1], [0]]), 4).shape == (2, 4)
    assert utils.to_categorical(np.zeros((2, 3), dtype=int), 5).shape == (2, 3, 5)
    assert utils.to_categorical(np.array([1.0, 0.0]), 2).tolist() == [[0, 1], [1, 0]]


def test_to_categorical_errors_name_the_problem():
    with pytest.raises(ValueError, match="out of range for num_classes=3"):
        utils.to_categorical([0, 3], 3)
    with pytest.raises(ValueError, match="≥ 0"):
        utils.to_categorical([-1, 0])
    with pytest.raises(ValueError, match="integer class labels"):
        utils.to_categorical([0.5, 1.0])


def test_normalize_rows():
    out = utils.normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_set_random_seed_repeats_library_draws():
    from glassnet.random import get_rng
    utils.set_random_seed(123)
    a = get_rng().random(4)
    utils.set_random_seed(123)
    np.testing.assert_array_equal(a, get_rng().random(4))


def _train_once(seed):
    import glassnet as keras
    from glassnet import layers
    utils.set_random_seed(seed)
    rng = np.random.default_rng(0)  # the data is fixed; only the library's randomness varies
    x = rng.normal(size=(64, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(8, activation="relu"),
                              layers.Dropout(0.3), layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=3, shuffle=True, verbose=0)
    return model.get_weights()


def test_same_seed_gives_bit_identical_training():
    a, b, c = _train_once(7), _train_once(7), _train_once(8)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not all(np.array_equal(u, v) for u, v in zip(a, c))
