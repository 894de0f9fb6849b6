"""Ops and operators on keras.Input tensors become graph nodes (OpLayer): values, training, saving."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops

RNG = np.random.default_rng(3)
X = RNG.normal(size=(6, 4)).astype("float32")


def _model():
    inputs = keras.Input((4,), name="x")
    h = layers.Dense(3, name="h")(inputs)
    y = ops.square(h) + 1.0
    y = y[:, :2] * 2.0 - ops.mean(h, axis=-1, keepdims=True)
    return keras.Model(inputs, ops.concatenate([y, -h, 1.0 / (1.0 + ops.abs(h))], axis=-1))


def _reference(model, x):
    kernel, bias = model.get_layer("h").get_weights()
    h = x @ kernel + bias
    y = (h ** 2 + 1.0)[:, :2] * 2.0 - h.mean(-1, keepdims=True)
    return np.concatenate([y, -h, 1.0 / (1.0 + np.abs(h))], axis=-1)


def test_symbolic_shapes_and_replayed_values():
    model = _model()
    assert model.outputs[0].shape == (None, 8)
    np.testing.assert_allclose(model.predict(X, verbose=0), _reference(model, X), rtol=1e-5, atol=1e-6)
    # the ops are steps of the graph, not layers: model.layers lists only layers, as in Keras 3
    assert not any(isinstance(layer, layers.OpLayer) for layer in model.layers)
    assert any(isinstance(layer, layers.OpLayer) for layer in model._graph.layers)


def test_gradients_flow_through_the_op_nodes():
    keras.utils.set_random_seed(0)
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    before = model.get_layer("h").get_weights()[0].copy()
    history = model.fit(X, np.zeros((6, 8), dtype="float32"), epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert not np.allclose(model.get_layer("h").get_weights()[0], before)


def test_saved_and_json_models_rebuild_the_ops(tmp_path):
    model = _model()
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)
    again = keras.models.model_from_json(model.to_json())
    again.set_weights(model.get_weights())
    np.testing.assert_allclose(again.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)


def test_two_inputs_and_comparisons():
    a, b = keras.Input((3,)), keras.Input((3,))
    out = ops.where(a > b, a, b) + ops.einsum("bi,bi->b", a, b)[:, None]
    model = keras.Model([a, b], out)
    xa, xb = RNG.normal(size=(4, 3)).astype("float32"), RNG.normal(size=(4, 3)).astype("float32")
    expected = np.maximum(xa, xb) + (xa * xb).sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict([xa, xb], verbose=0), expected, rtol=1e-5)


def test_a_file_can_only_name_glassnet_ops():
    op_step = [layer for layer in _model()._graph.layers if isinstance(layer, keras.layers.OpLayer)][-1]
    config = json.loads(json.dumps(keras.layers.serialize(op_step)))
    config["config"]["function"] = "__import__"
    with pytest.raises(ValueError, match="not a glassnet.ops function"):
        keras.layers.deserialize(config)


def test_ops_on_values_are_unchanged():
    assert isinstance(ops.square(np.ones(2)), keras.Tensor)
    assert ops.square.__name__ == "square"


def test_every_kind_of_argument_survives_the_graph_and_the_file(tmp_path):
    """Tuples, slices with steps, Ellipsis, arrays, NumPy scalars, keyword arguments and lists of tensors."""
    inputs = keras.Input((4,), name="x")
    shift = np.array([1.0, -2.0, 3.0, 0.5], dtype="float32")
    grid = ops.reshape(ops.add(inputs, shift), (-1, 2, 2))
    picked = grid[..., ::-1] * np.float32(3.0)
    summed = ops.sum(picked, axis=(1,), keepdims=False)
    out = ops.concatenate([summed, ops.maximum(inputs, 0.0)[:, 1:3]], axis=-1)
    model = keras.Model(inputs, out)
    g = (X + shift).reshape(-1, 2, 2)
    expected = np.concatenate([(g[..., ::-1] * 3.0).sum(axis=1), np.maximum(X, 0.0)[:, 1:3]], axis=-1)
    np.testing.assert_allclose(model.predict(X, verbose=0), expected, rtol=1e-5)
    model.save(tmp_path / "args.keras")
    loaded = keras.models.load_model(tmp_path / "args.keras")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), expected, rtol=1e-5)
    again = keras.models.model_from_json(model.to_json())
    np.testing.assert_allclose(again.predict(X, verbose=0), expected, rtol=1e-5)


def test_an_op_layer_of_a_function_outside_glassnet_ops_cannot_be_saved():
    def private(x):
        return x * 2.0
    layer = layers.OpLayer(private, args=[{"__tensor__": 0}])
    np.testing.assert_allclose(layer([np.ones((1, 2), "float32")]).numpy(), [[2.0, 2.0]])
    with pytest.raises(ValueError, match="OpLayer: 'private' is not a glassnet.ops function"):
        layer.get_config()
    with pytest.raises(ValueError, match="OpLayer: '_private' is not a glassnet.ops function"):
        layers.OpLayer("_private")


def test_shape_and_ndim_of_a_symbolic_tensor_are_known_at_once():
    inputs = keras.Input(shape=(None, 8))
    assert ops.shape(inputs) == (None, None, 8) and ops.ndim(inputs) == 3
    assert ops.shape(layers.Dense(3)(inputs))[-1] == 3
