"""fit on several cores (models/inference.py training_threads): the same step as on one core."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import glassnet as keras
from glassnet import layers
from glassnet.models import inference
from glassnet.ops import parallel


def _cnn():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(12, 12, 1)),
        layers.Conv2D(4, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(6, 3, activation="relu"), layers.BatchNormalization(), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dropout(0.3), layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    return model


def _fit(blas_threads, x, y):
    model = _cnn()
    before = [w.copy() for w in model.get_weights()]
    with threadpool_limits(blas_threads, user_api="blas"):
        keras.utils.set_random_seed(1)                     # the same Dropout masks
        history = model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=False)
        assert inference.blas_threads() == blas_threads    # the BLAS limit is given back
    return before, model.get_weights(), history.history["loss"]


def test_a_training_step_in_parts_gives_the_weights_of_the_plain_step(im2col_threads):
    with threadpool_limits(2, user_api="blas"):
        if inference.blas_threads() < 2:
            pytest.skip("BLAS cannot use two threads here")
    rng = np.random.default_rng(0)
    x, y = rng.random((32, 12, 12, 1), dtype=np.float32), rng.integers(0, 3, 32)
    before, plain, plain_loss = _fit(1, x, y)
    assert not any(name.startswith("glassnet-part") for name in im2col_threads)
    im2col_threads.clear()
    _, split, split_loss = _fit(2, x, y)
    assert any(name.startswith("glassnet-part") for name in im2col_threads)
    assert all(np.abs(w - b).max() > 1e-4 for w, b in zip(plain[:4], before[:4]))   # the convolutions trained
    for got, expected in zip(split, plain):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(split_loss, plain_loss, rtol=1e-5)


def test_fit_stays_on_one_thread_when_no_layer_works_on_one_core(im2col_threads):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    seen = []
    original = parallel.split_batches

    with threadpool_limits(2, user_api="blas"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(inference, "split_batches", lambda workers: seen.append(workers) or original(workers))
            model.fit(np.ones((8, 4), np.float32), np.zeros(8), batch_size=4, verbose=0)
    assert seen == []
