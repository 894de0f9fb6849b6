import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.callbacks import WeightHistory


def _model():
    model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1, name="line")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


def _data():
    x = np.linspace(-1, 1, 32, dtype="float32")[:, None]
    return x, 3 * x + 1


def test_one_record_per_step_from_the_initial_weights_to_the_final_ones():
    model = _model()
    x, y = _data()
    start = model.layers[0].kernel.data.copy()
    recorder = WeightHistory()
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[recorder])
    kernel = recorder.history["line/kernel"]
    assert kernel.shape == (1 + 3 * 4, 1, 1)
    assert recorder.steps == list(range(13))
    np.testing.assert_array_equal(kernel[0], start)
    np.testing.assert_array_equal(kernel[-1], model.layers[0].kernel.data)
    assert np.all(np.abs(np.diff(kernel[:, 0, 0])) > 0)          # every step moved the weight


def test_path_of_chosen_numbers_goes_towards_the_least_squares_line():
    model = _model()
    x, y = _data()
    recorder = WeightHistory(["line"], frequency="epoch")
    model.fit(x, y, epochs=30, batch_size=32, verbose=0, callbacks=[recorder])
    path = recorder.path(("line/kernel", (0, 0)), ("line/bias", 0))
    assert path.shape == (31, 2)
    distance = np.linalg.norm(path - [3.0, 1.0], axis=1)
    assert distance[-1] < 0.5 * distance[0]


def test_unknown_weight_is_named():
    model = _model()
    x, y = _data()
    with pytest.raises(ValueError, match="nope"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[WeightHistory(["nope"])])
