"""Model's small API as Keras users rely on it: inputs / input, get_layer by position, shared
layers' weights listed once, repr, and save() keeping the optimizer by default."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


def test_inputs_and_input_of_a_functional_model():
    inputs = keras.Input(shape=(3,), name="pixels")
    model = keras.Model(inputs, layers.Dense(2)(inputs))
    assert model.inputs == [inputs] and model.input is inputs
    assert Sequential([layers.Dense(2)]).inputs is None


def test_a_layer_used_twice_has_its_weights_listed_once():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert len(model.weights) == 2 and len(model.trainable_weights) == 2
    assert model.count_params() == 3 * 3 + 3


@pytest.mark.parametrize("index, name", [(0, "first"), (2, "last"), (-1, "last"), (-3, "first")])
def test_get_layer_by_position_like_a_list(index, name):
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(4, name="first"), layers.Dense(4, name="middle"),
                        layers.Dense(1, name="last")])
    assert model.get_layer(index=index).name == name
    assert model.get_layer("middle") is model.layers[1]


@pytest.mark.parametrize("index", [3, -4, 10])
def test_get_layer_out_of_range_says_how_many_layers_there_are(index):
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(4), layers.Dense(1)])
    with pytest.raises(ValueError, match=f"index {index} out of range: the model has 3 layers"):
        model.get_layer(index=index)


def test_repr_names_the_model_its_layers_and_parameters():
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(2)], name="tiny")
    assert repr(model) == "<Sequential name='tiny', 1 layers, 8 params>"


def test_save_keeps_the_optimizer_state_by_default(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)).astype(np.float32), rng.normal(size=(20, 1)).astype(np.float32)
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=5, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.optimizer.iterations == model.optimizer.iterations == 4
    for a, b in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(a, b)


def test_a_wrong_input_shape_names_which_input_only_when_there_are_several():
    single = keras.Model(*_chain(keras.Input((3,), name="x")), name="single")
    with pytest.raises(ValueError, match=r"^model 'single': expected input shape \(None, 3\), got \(2, 4\)$"):
        single.predict_on_batch(np.ones((2, 4), np.float32))
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    pair = keras.Model([a, b], layers.Concatenate()([a, b]), name="pair")
    with pytest.raises(ValueError, match=r"^input 1 of model 'pair': expected input shape \(None, 2\), got \(2, 4\)$"):
        pair.predict_on_batch([np.ones((2, 3), np.float32), np.ones((2, 4), np.float32)])


def _chain(inputs):
    return inputs, layers.Dense(2)(inputs)


def test_a_functional_model_is_built_and_names_its_dict_inputs():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    model = keras.Model({"a": a, "b": b}, layers.Dense(1)(layers.Concatenate()([a, b])))
    assert model.built and model.input_names == ["a", "b"]
    out = model.predict_on_batch({"b": np.ones((4, 2), np.float32), "a": np.ones((4, 3), np.float32)})
    assert out.shape == (4, 1)


def test_a_model_given_too_few_arrays_says_how_many_it_expects():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    pair = keras.Model([a, b], layers.Concatenate()([a, b]), name="pair")
    with pytest.raises(ValueError, match=r"^Model 'pair' expects 2 input array\(s\), got 1$"):
        pair([np.ones((2, 3), np.float32)])          # the model called on data, as in a hand-written loop
