"""Sequential: the ways Keras code builds one, shapes, errors, and agreement with plain NumPy."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


def _numpy_forward(model, x):
    """The same network computed by hand: a = relu(x·W + b) ... (the layers used below)."""
    a = x
    for layer in model.layers:
        kernel, bias = layer.get_weights()
        z = a @ kernel + bias
        a = np.maximum(z, 0) if layer.get_config()["activation"] == "relu" else z
    return a


def test_add_with_input_dim_builds_at_once():
    model = keras.Sequential()
    model.add(layers.Dense(3, input_dim=4, activation="relu"))
    model.add(layers.Dense(1))
    assert model.built and model.input_shape == (None, 4) and model.output_shape == (None, 1)
    assert model.count_params() == 19  # Keras's count: 4·3 + 3 + 3·1 + 1
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 1), (1,)]


def test_input_first_and_inputlayer_forms():
    a = Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="relu"), layers.Dense(1)])
    b = Sequential([layers.InputLayer(shape=(4,)), layers.Dense(2)])
    assert len(a.layers) == 2 and a.count_params() == 19
    assert len(b.layers) == 1 and b.output_shape == (None, 2)


def test_deferred_build_on_first_call_matches_numpy():
    model = Sequential([layers.Dense(5, activation="relu"), layers.Dense(2)])
    assert not model.weights
    x = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
    out = model(x)
    assert out.shape == (7, 2) and out.dtype == np.float32
    np.testing.assert_allclose(out.data, _numpy_forward(model, x), rtol=1e-5, atol=1e-6)
    assert model.input_shape == (None, 3)


def test_predict_matches_numpy_and_is_batched():
    model = Sequential([keras.Input(shape=(6,)), layers.Dense(4, activation="relu"), layers.Dense(3)])
    x = np.random.default_rng(1).normal(size=(70, 6)).astype(np.float32)
    out = model.predict(x, batch_size=16, verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (70, 3)
    np.testing.assert_allclose(out, _numpy_forward(model, x), rtol=1e-5, atol=1e-6)


def test_incompatible_layer_fails_at_add_and_is_not_kept():
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
    with pytest.raises(ValueError):
        model.add(layers.Reshape((2, 2)))  # 3 values cannot become 2×2
    assert len(model.layers) == 1


def test_wrong_feature_count_names_shapes():
    model = Sequential([keras.Input(shape=(784,)), layers.Dense(10)])
    with pytest.raises(ValueError, match=r"expected input shape \(None, 784\), got \(32, 780\)"):
        model(np.zeros((32, 780), np.float32))


def test_add_rejects_non_layers_and_late_inputs():
    model = Sequential([layers.Dense(2, input_dim=3)])
    with pytest.raises(TypeError, match="expected a layer"):
        model.add("dense")
    with pytest.raises(ValueError, match="first element"):
        model.add(keras.Input(shape=(3,)))


def test_pop_and_get_layer():
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(3, name="hidden"), layers.Dense(1, name="out")])
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=-1).name == "out"
    with pytest.raises(ValueError, match="No such layer"):
        model.get_layer("nope")
    removed = model.pop()
    assert removed.name == "out" and model.output_shape == (None, 3)


def test_set_weights_checks_shapes():
    model = Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
    with pytest.raises(ValueError, match="shape"):
        model.set_weights([np.zeros((3, 1)), np.zeros(1)])
    with pytest.raises(ValueError, match="2 weight arrays"):
        model.set_weights([np.zeros((2, 1))])
    model.set_weights([np.ones((2, 1)), np.full(1, 0.5)])
    np.testing.assert_allclose(model.predict(np.array([[1.0, 2.0]]), verbose=0), [[3.5]])


def test_frozen_layer_is_not_trained():
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(1)])
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2
    before = model.layers[0].get_weights()[0].copy()
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).normal(size=(32, 3))
    model.fit(x, x.sum(1), epochs=1, verbose=0)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], before)


def test_two_layers_with_one_name_are_refused_as_in_keras():
    with pytest.raises(ValueError, match="unique names.*'hidden'"):
        Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="hidden"), layers.Dense(2, name="hidden")])
    inputs = keras.Input(shape=(3,))
    twice = layers.Dense(2, name="twin")(layers.Dense(3, name="twin")(inputs))
    with pytest.raises(ValueError, match="'twin' is used by 2 layers"):
        keras.Model(inputs, twice)


def test_build_creates_the_weights_of_a_model_without_an_input():
    model = Sequential([layers.Dense(2), layers.Dense(1)])
    model.build((None, 3))
    assert model.built and [tuple(w.shape) for w in model.weights] == [(3, 2), (2,), (2, 1), (1,)]
    assert model.output_shape == (None, 1)
