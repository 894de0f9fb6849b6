"""A model whose layers build on their first call must train from its first batch (DESIGN.md)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(6, activation="tanh")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 4)).astype(np.float32)
    return x, 2.0 * x[:, :1]


def _first_fit_trains(model):
    x, y = _data()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    history = model.fit(x, y, batch_size=10, epochs=3, verbose=0)
    assert history.history["loss"][-1] < 0.9 * history.history["loss"][0]


def test_a_sequential_model_without_input_trains_in_its_first_fit():
    _first_fit_trains(Sequential([layers.Dense(6, activation="tanh"), layers.Dense(1)]))


def test_a_subclassed_model_trains_in_its_first_fit():
    _first_fit_trains(Net())


def test_a_model_built_from_an_input_trains_in_its_first_fit():
    _first_fit_trains(Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="tanh"), layers.Dense(1)]))
