"""Model.to_json() and keras.models.model_from_json: the architecture as a string, rebuilt fresh."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _functional():
    inputs = keras.Input((4,), name="features")
    left = layers.Dense(3, activation="relu")(inputs)
    right = layers.Dense(3)(inputs)
    outputs = layers.Dense(1)(layers.concatenate([left, right]))
    return keras.Model(inputs, outputs, name="two_paths")


@pytest.mark.parametrize("make", [
    _functional,
    lambda: keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="tanh"), layers.Dropout(0.2),
                              layers.Dense(2, activation="softmax")], name="stack"),
])
def test_to_json_round_trip_gives_the_same_architecture_with_new_weights(make):
    model = make()
    text = model.to_json()
    description = json.loads(text)
    assert description["class_name"] in ("Functional", "Sequential") and "config" in description
    again = keras.models.model_from_json(text)
    assert type(again) is type(model) and again.name == model.name
    assert [type(l).__name__ for l in again.layers] == [type(l).__name__ for l in model.layers]
    assert [w.shape for w in again.weights] == [w.shape for w in model.weights]
    assert again.count_params() == model.count_params()
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    assert again.predict(x, verbose=0).shape == model.predict(x, verbose=0).shape
    again.set_weights(model.get_weights())
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_to_json_passes_json_arguments_and_holds_no_weights():
    model = _functional()
    text = model.to_json(indent=2)
    assert "\n  " in text
    assert str(float(model.weights[0].data.ravel()[0])) not in text


def test_bad_json_and_unknown_classes_are_explained():
    with pytest.raises(ValueError, match="not a JSON string"):
        keras.models.model_from_json("{nope")
    with pytest.raises(ValueError, match="unknown model class 'Evil'"):
        keras.models.model_from_json(json.dumps({"class_name": "Evil", "config": {}}))


def test_subclassed_model_without_config_says_why():
    class Tiny(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

        def call(self, x):
            return self.dense(x)
    with pytest.raises(NotImplementedError, match="get_config"):
        Tiny().to_json()


@pytest.mark.parametrize("text", ["[1, 2]", '"Sequential"', '{"config": {}}', '{"class_name": 3, "config": {}}'])
def test_json_that_is_not_a_model_description_is_explained(text):
    with pytest.raises(ValueError, match=r"expected \{'class_name': \.\.\., 'config': \.\.\.\}"):
        keras.models.model_from_json(text)
