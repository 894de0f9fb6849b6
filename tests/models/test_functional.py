"""Functional models: graph replay with several paths, several inputs, shared and nested layers."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential
from glassnet.models.functional import Graph


def _dense(layer, a):
    kernel, bias = layer.get_weights()
    return a @ kernel + bias


def _two_branch(merge):
    inputs = keras.Input(shape=(5,))
    left = layers.Dense(4, activation="relu", name="left")(inputs)
    right = layers.Dense(4, name="right")(inputs)
    joined = merge([left, right])
    outputs = layers.Dense(2, name="out")(joined)
    return keras.Model(inputs, outputs)


@pytest.mark.parametrize("merge, combine", [
    (layers.Add, lambda l, r: l + r),
    (layers.Concatenate, lambda l, r: np.concatenate([l, r], axis=-1)),
])
def test_two_branches_match_numpy(merge, combine):
    model = _two_branch(merge())
    x = np.random.default_rng(0).normal(size=(9, 5)).astype(np.float32)
    left = np.maximum(_dense(model.get_layer("left"), x), 0)
    right = _dense(model.get_layer("right"), x)
    expected = _dense(model.get_layer("out"), combine(left, right))
    np.testing.assert_allclose(model(x).data, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_gradient_reaches_both_branches():
    model = _two_branch(layers.Add())
    x = np.random.default_rng(1).normal(size=(6, 5)).astype(np.float32)
    loss = keras.losses.get("mse")(np.zeros((6, 2)), model(x, training=True))
    loss.backward()
    assert all(w.grad is not None and w.grad.shape == w.shape for w in model.trainable_weights)
    assert np.abs(model.get_layer("right").kernel.grad).sum() > 0


def test_layers_in_topological_order_and_params():
    model = _two_branch(layers.Concatenate())
    names = [layer.name for layer in model.layers]
    assert names.index("out") > names.index("left") and names.index("out") > names.index("right")
    assert model.count_params() == 2 * (5 * 4 + 4) + (8 * 2 + 2)
    assert model.name.startswith("functional")


def test_several_inputs_and_outputs():
    a, b = keras.Input(shape=(3,)), keras.Input(shape=(2,))
    h = layers.Concatenate()([layers.Dense(4)(a), b])
    out1, out2 = layers.Dense(1)(h), layers.Dense(2)(h)
    model = keras.Model([a, b], [out1, out2])
    xa, xb = np.ones((4, 3), np.float32), np.ones((4, 2), np.float32)
    first, second = model.predict([xa, xb], verbose=0)
    assert first.shape == (4, 1) and second.shape == (4, 2)
    with pytest.raises(ValueError, match="2 inputs"):
        model.predict(xa, verbose=0)


def test_lists_of_one_input_and_one_output_train_like_a_single_output():
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs=[inputs], outputs=[layers.Dense(1)(inputs)])
    model.compile("sgd", "mse")
    x = np.ones((8, 3), np.float32)
    before = model.get_weights()
    history = model.fit(x, np.ones(8), epochs=2, verbose=0)  # Keras 3 unpacks a one-element output list
    assert history.history["loss"][1] < history.history["loss"][0]
    assert all(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert model.predict(x, verbose=0).shape == (8, 1)


def test_dict_outputs_predict_as_a_dict():
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, {"score": layers.Dense(1)(inputs), "probs": layers.Dense(2, activation="softmax")(inputs)})
    x = np.ones((40, 3), np.float32)
    out = model.predict(x, batch_size=16, verbose=0)
    assert sorted(out) == ["probs", "score"]
    assert out["score"].shape == (40, 1) and out["probs"].shape == (40, 2)
    assert model.predict_on_batch(x[:5])["probs"].shape == (5, 2)
    model.compile("adam", "mse")
    with pytest.raises(ValueError, match="2 outputs"):
        model.fit(x, np.ones((40, 1)), verbose=0)


def test_shared_layer_is_listed_once_and_replayed_twice():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert [layer.name for layer in model.layers].count("shared") == 1
    assert model.count_params() == 12
    xa = np.random.default_rng(2).normal(size=(2, 3)).astype(np.float32)
    np.testing.assert_allclose(model([xa, xa]).data, 2 * _dense(shared, xa), rtol=1e-5, atol=1e-6)


def test_nested_sequential_as_a_layer():
    block = Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="relu")], name="block")
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, layers.Dense(1)(block(inputs)))
    assert model.count_params() == (4 * 3 + 3) + (3 + 1)
    x = np.ones((2, 4), np.float32)
    assert model.predict(x, verbose=0).shape == (2, 1)


def test_model_input_and_output_make_a_feature_extractor():
    inputs = keras.Input(shape=(3,))
    hidden = layers.Dense(4, activation="relu", name="hidden")
    model = keras.Model(inputs, layers.Dense(2)(hidden(inputs)))
    assert model.input is inputs and model.output is model.outputs[0]
    features = keras.Model(inputs=model.input, outputs=model.get_layer("hidden").output)
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_allclose(features.predict(x, verbose=0), hidden(x).data)
    second = keras.Input(shape=(2,))
    two = keras.Model([inputs, second], [model.output, second])
    assert two.input == [inputs, second] and two.output == two.outputs
    sequential = Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    assert sequential.input.shape == (None, 3) and sequential.output.shape == (None, 1)


def test_disconnected_graph_names_the_missing_input():
    a, b = keras.Input(shape=(2,), name="a"), keras.Input(shape=(2,), name="b")
    out = layers.Add()([layers.Dense(2)(a), layers.Dense(2)(b)])
    with pytest.raises(ValueError, match="Graph disconnected.*'b'"):
        keras.Model(a, out)


def test_non_symbolic_inputs_rejected():
    with pytest.raises(TypeError, match="symbolic"):
        Graph(np.zeros((1, 2)), np.zeros((1, 2)))
    with pytest.raises(TypeError, match="both"):
        keras.Model(keras.Input(shape=(2,)))


def test_config_roundtrip_rebuilds_the_same_graph():
    model = _two_branch(layers.Concatenate())
    clone = keras.Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    x = np.random.default_rng(3).normal(size=(5, 5)).astype(np.float32)
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert [type(layer).__name__ for layer in clone.layers] == [type(layer).__name__ for layer in model.layers]


def test_config_with_bad_references_is_rejected():
    config = _two_branch(layers.Add()).get_config()
    config["nodes"][0]["arguments"] = 99
    with pytest.raises(ValueError, match="does not exist"):
        keras.Model.from_config(config)


def test_fit_with_two_inputs():
    a, b = keras.Input(shape=(2,)), keras.Input(shape=(3,))
    model = keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    rng = np.random.default_rng(4)
    xa, xb = rng.normal(size=(64, 2)), rng.normal(size=(64, 3))
    y = xa.sum(1) - xb.sum(1)
    model.compile(keras.optimizers.SGD(0.1), "mse")
    history = model.fit([xa, xb], y, epochs=20, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.01 * history.history["loss"][0]
    with pytest.raises(ValueError, match="x\\[1\\] has 63"):
        model.fit([xa, xb[:63]], y, verbose=0)
    with pytest.raises(ValueError, match="list of 2 arrays"):
        model.fit(xa, y, verbose=0)


def test_layers_start_with_the_input_layer_as_in_keras_3():
    inputs = keras.Input(shape=(4,), name="pixels")
    hidden = layers.Dense(3, name="hidden")(inputs)
    model = keras.Model(inputs, layers.Dense(2, name="out")(hidden))
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense", "Dense"]
    assert model.layers[0].name == "pixels" and model.layers[0].output is inputs
    assert model.layers[1].name == "hidden" and model.get_layer("pixels") is model.layers[0]
    assert model.layers[0] is model.layers[0]  # made once
    assert model.count_params() == (4 * 3 + 3) + (3 * 2 + 2)
    rebuilt = keras.Model.from_config(model.get_config())
    assert [layer.name for layer in rebuilt.layers] == ["pixels", "hidden", "out"]
    assert rebuilt.count_params() == model.count_params()
    sequential = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.Dense(2)])
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]  # no InputLayer
    again = keras.Sequential.from_config(sequential.get_config())
    assert again.count_params() == sequential.count_params() == model.count_params()
