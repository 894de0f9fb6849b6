"""Which mode each entry point runs the layers in: training in fit / train_on_batch, inference elsewhere.

Dropout and BatchNormalization are the layers where the mode shows: in training mode Dropout
zeroes random units and BatchNormalization normalises with the batch's own statistics (and
updates its moving averages); in inference mode both are deterministic and leave the model alone.
"""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


def _data(n=64, features=5, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(loc=2.0, scale=3.0, size=(n, features)).astype(np.float32)
    y = (x @ rng.normal(size=(features, 1))).astype(np.float32)
    return x, y


def _model(extra):
    model = Sequential([keras.Input(shape=(5,)), layers.Dense(16, activation="relu"), extra, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    return model


def test_predict_and_predict_on_batch_use_inference_mode_and_are_deterministic():
    x, _ = _data()
    model = _model(layers.Dropout(0.5))
    kernel1, bias1, kernel2, bias2 = model.get_weights()
    expected = np.maximum(x @ kernel1 + bias1, 0) @ kernel2 + bias2
    first = model.predict(x, verbose=0)
    np.testing.assert_allclose(first, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(model.predict(x, verbose=0), first)
    on_batch = model.predict_on_batch(x)
    assert type(on_batch) is np.ndarray
    np.testing.assert_allclose(on_batch, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(model.predict_on_batch(x), on_batch)


def test_evaluate_and_test_on_batch_use_inference_mode():
    x, y = _data()
    model = _model(layers.Dropout(0.5))
    expected = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
    assert model.evaluate(x, y, batch_size=64, verbose=0) == pytest.approx(expected, rel=1e-5)
    assert model.evaluate(x, y, batch_size=64, verbose=0) == pytest.approx(expected, rel=1e-5)
    assert model.test_on_batch(x, y) == pytest.approx(expected, rel=1e-5)


def test_fit_and_train_on_batch_use_training_mode():
    x, y = _data()
    model = _model(layers.Dropout(0.5))
    inference_loss = model.evaluate(x, y, batch_size=64, verbose=0)
    # learning rate 0: the weights stay, so only Dropout's random masks can change the loss
    losses = [model.train_on_batch(x, y) for _ in range(3)]
    assert all(loss != pytest.approx(inference_loss, rel=1e-3) for loss in losses)
    assert len({round(loss, 6) for loss in losses}) == 3
    history = model.fit(x, y, batch_size=64, epochs=2, shuffle=False, verbose=0)
    assert history.history["loss"][0] != pytest.approx(inference_loss, rel=1e-3)
    assert history.history["loss"][0] != pytest.approx(history.history["loss"][1], rel=1e-6)


def test_validation_during_fit_uses_inference_mode():
    x, y = _data()
    x_val, y_val = _data(n=40, seed=1)
    model = _model(layers.Dropout(0.5))
    history = model.fit(x, y, batch_size=32, epochs=2, validation_data=(x_val, y_val), verbose=0)
    expected = model.evaluate(x_val, y_val, batch_size=32, verbose=0)   # learning rate 0: same weights
    assert history.history["val_loss"] == pytest.approx([expected, expected], rel=1e-5)


def test_batch_normalization_moves_its_averages_in_fit():
    x, y = _data()
    model = _model(layers.BatchNormalization())
    norm = model.layers[1]
    before = [w.copy() for w in norm.get_weights()]          # gamma, beta, moving mean, moving variance

    model.fit(x, y, epochs=1, validation_data=(x, y), verbose=0)   # learning rate 0: only the averages move
    after_fit = norm.get_weights()
    for name, old, new in zip(["gamma", "beta"], before, after_fit):
        np.testing.assert_array_equal(new, old, err_msg=name)
    assert not np.allclose(after_fit[2], before[2]) and not np.allclose(after_fit[3], before[3])

    # and in inference mode, only the moving averages are used: the output does not depend on the batch
    one_by_one = np.concatenate([model.predict_on_batch(x[i:i + 1]) for i in range(4)])
    np.testing.assert_allclose(one_by_one, model.predict_on_batch(x[:4]), rtol=1e-5, atol=1e-5)


def test_inference_leaves_batch_normalization_alone():
    x, y = _data()
    model = _model(layers.BatchNormalization())
    norm = model.layers[1]
    before = [w.copy() for w in norm.get_weights()]
    model.predict(x, verbose=0)
    model.predict_on_batch(x)
    model.evaluate(x, y, verbose=0)
    model.test_on_batch(x, y)
    for old, new in zip(before, norm.get_weights()):
        np.testing.assert_array_equal(new, old)
    model.train_on_batch(x, y)
    assert not np.array_equal(norm.get_weights()[2], before[2])
