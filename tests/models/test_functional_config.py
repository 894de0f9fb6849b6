"""A functional model's description (get_config / from_config): rebuilt exactly, and a damaged
description refused with a ValueError that says so, never an IndexError or KeyError."""
import copy

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _model():
    inputs = keras.Input(shape=(4,))
    hidden = layers.Dense(5, activation="relu", name="hidden")(inputs)
    outputs = layers.Dense(2, name="out")(layers.Add()([hidden, layers.Dense(5, name="skip")(inputs)]))
    return keras.Model(inputs, outputs)


def test_rebuilt_model_computes_the_same_function():
    model = _model()
    again = keras.Model.from_config(model.get_config())
    again.set_weights(model.get_weights())
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert [layer.name for layer in again.layers] == [layer.name for layer in model.layers]


def _find_nodes(config):
    """The dict holding the graph description (it may sit under 'config')."""
    return config if "nodes" in config else config["config"]


@pytest.mark.parametrize("key", ["layers", "input_structure", "output_structure"])
def test_a_description_missing_a_part_is_refused(key):
    config = copy.deepcopy(_model().get_config())
    del _find_nodes(config)[key]
    with pytest.raises(ValueError, match="incomplete or malformed"):
        keras.Model.from_config(config)


@pytest.mark.parametrize("offset", [0, 1, 7])
def test_a_reference_past_the_last_layer_is_refused(offset):
    config = copy.deepcopy(_model().get_config())
    graph = _find_nodes(config)
    graph["nodes"][0]["layer"] = len(graph["layers"]) + offset
    with pytest.raises(ValueError, match="refers to item"):
        keras.Model.from_config(config)


def test_a_tensor_used_twice_is_one_node():
    inputs = keras.Input(shape=(4,))
    hidden = layers.Dense(5, name="trunk")(inputs)
    outputs = layers.Add(name="join")([layers.Dense(2, name="left")(hidden), layers.Dense(2, name="right")(hidden)])
    model = keras.Model(inputs, outputs)
    lines = []
    model.summary(print_fn=lines.append)
    assert sum(line.startswith("trunk (Dense)") for line in lines) == 1
    assert [layer.name for layer in model.layers].count("trunk") == 1
    x = np.ones((2, 4), dtype=np.float32)
    k1, b1, kl, bl, kr, br = model.get_weights()
    h = x @ k1 + b1
    np.testing.assert_allclose(model.predict(x, verbose=0), (h @ kl + bl) + (h @ kr + br), rtol=1e-5, atol=1e-6)
