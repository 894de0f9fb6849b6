"""keras.saving: the registry, scopes, serialize/deserialize_keras_object, save/load with custom classes."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops


@keras.saving.register_keras_serializable(package="test_saving")
class Scale(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight((input_shape[-1],), "ones", "w")

    def call(self, x):
        return ops.multiply(x, self.w) * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@keras.saving.register_keras_serializable(package="test_saving", name="halve")
def halve_fn(x):
    return x * 0.5


class Unregistered(Scale):
    pass


def test_registry_names_and_global_dict():
    assert keras.saving.get_registered_name(Scale) == "test_saving>Scale"
    assert keras.saving.get_registered_name(halve_fn) == "test_saving>halve"
    assert keras.saving.get_custom_objects()["test_saving>Scale"] is Scale
    assert keras.saving.get_registered_object("test_saving>halve") is halve_fn
    with pytest.raises(ValueError, match="get_config"):
        keras.saving.register_keras_serializable()(type("NoConfig", (), {}))


def test_custom_object_scope_is_active_only_inside():
    assert keras.saving.get_registered_object("Unregistered") is None
    with keras.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert keras.saving.get_registered_object("Unregistered") is Unregistered
    with keras.saving.CustomObjectScope({"Unregistered": Unregistered}):
        assert keras.saving.get_registered_object("Unregistered") is Unregistered
    assert keras.saving.get_registered_object("Unregistered") is None


@pytest.mark.parametrize("make", [
    lambda: layers.Dense(3, activation="relu", name="d"),
    lambda: Scale(3.0, name="s"),
    lambda: keras.losses.MeanSquaredError(),
    lambda: keras.optimizers.Adam(learning_rate=0.01),
    lambda: keras.initializers.RandomNormal(stddev=0.5, seed=1),
    lambda: keras.regularizers.L2(0.1),
])
def test_objects_round_trip_through_json(make):
    obj = make()
    data = json.loads(json.dumps(keras.saving.serialize_keras_object(obj)))
    again = keras.saving.deserialize_keras_object(data)
    assert type(again) is type(obj) and again.get_config() == obj.get_config()


def test_functions_arrays_and_plain_values_round_trip():
    for fn in (halve_fn, keras.activations.relu):
        data = json.loads(json.dumps(keras.saving.serialize_keras_object(fn)))
        assert keras.saving.deserialize_keras_object(data) is fn
    array = np.arange(6, dtype="int32").reshape(2, 3)
    back = keras.saving.deserialize_keras_object(json.loads(json.dumps(keras.saving.serialize_keras_object(array))))
    np.testing.assert_array_equal(back, array)
    assert back.dtype == np.int32
    assert keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object({"a": [1, 2.5, None]})) == \
        {"a": [1, 2.5, None]}


def test_an_unregistered_function_is_written_as_its_name_with_a_warning():
    def square(x):
        return x * x
    with pytest.warns(UserWarning, match="'square' is Python code"):
        data = keras.saving.serialize_keras_object(square)
    assert data["config"] == "square" and "code" not in json.dumps(data)
    with pytest.raises(ValueError, match="unknown function 'square'"):
        keras.saving.deserialize_keras_object(data)
    assert keras.saving.deserialize_keras_object(data, custom_objects={"square": square}) is square


def test_a_file_cannot_name_arbitrary_classes_or_functions():
    for evil in ({"module": "keras.layers", "class_name": "Popen", "config": {}},
                 {"module": "keras.losses", "class_name": "np", "config": {}},
                 {"module": None, "class_name": "function", "config": "system"}):
        with pytest.raises(ValueError, match="unknown"):
            keras.saving.deserialize_keras_object(evil)


def test_registered_layer_saves_and_loads_without_custom_objects(tmp_path):
    model = keras.Sequential([keras.Input((3,)), Scale(3.0), layers.Dense(2)])
    model.layers[-2].w.data[...] = [1.0, 2.0, 3.0]
    keras.saving.save_model(model, tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.layers[-2], Scale) and loaded.layers[-2].factor == 3.0
    x = np.ones((2, 3), dtype="float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_unregistered_layer_needs_custom_objects_or_a_scope(tmp_path):
    model = keras.Sequential([keras.Input((3,)), Unregistered(2.0)])
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match="Unregistered"):
        keras.saving.load_model(tmp_path / "m.keras")
    assert isinstance(keras.saving.load_model(tmp_path / "m.keras",
                                              custom_objects={"Unregistered": Unregistered}).layers[-1], Unregistered)
    with keras.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert isinstance(keras.models.load_model(tmp_path / "m.keras").layers[-1], Unregistered)


def test_registered_activation_function_saves_by_name_and_clear_unregisters(tmp_path):
    @keras.saving.register_keras_serializable(package="my_package", name="custom_fn")
    def custom_fn(x):
        return x ** 2

    inputs = keras.Input((4,))
    model = keras.Model(inputs, layers.Dense(1, activation=custom_fn)(inputs))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].activation is custom_fn
    x = np.random.default_rng(0).random((3, 4)).astype("float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    registry = keras.saving.get_custom_objects()
    saved = dict(registry)
    registry.clear()
    try:
        assert keras.saving.get_registered_name(custom_fn) == "custom_fn"
        with pytest.raises(ValueError, match="custom_fn"):
            keras.models.load_model(tmp_path / "m.keras")
        again = keras.models.load_model(tmp_path / "m.keras", custom_objects={"custom_fn": custom_fn})
        assert again.layers[-1].activation is custom_fn
    finally:
        registry.update(saved)


@keras.saving.register_keras_serializable(package="test_saving", name="Wrapped")
class WrapsALayer(layers.Layer):
    """A layer whose config holds objects (a sublayer, a regularizer), registered under another name."""

    def __init__(self, inner, penalty=None, **kwargs):
        super().__init__(**kwargs)
        self.inner, self.penalty = inner, penalty

    def call(self, x):
        return self.inner(x)

    def get_config(self):
        return {**super().get_config(), "inner": self.inner, "penalty": self.penalty}

    @classmethod
    def from_config(cls, config):
        config["inner"] = keras.layers.deserialize(config["inner"])
        config["penalty"] = keras.saving.deserialize_keras_object(config["penalty"])
        return cls(**config)


def test_layer_configs_holding_objects_are_written_as_data_and_read_back(tmp_path):
    layer = WrapsALayer(layers.Dense(2, name="inside"), penalty=keras.regularizers.L2(0.5), name="outer")
    config = json.loads(json.dumps(keras.layers.serialize(layer)))
    assert config["registered_name"] == "test_saving>Wrapped" and config["module"] is None
    assert config["config"]["inner"]["class_name"] == "Dense"
    again = keras.layers.deserialize(config)
    assert isinstance(again, WrapsALayer) and isinstance(again.inner, layers.Dense) and again.inner.units == 2
    assert again.penalty.get_config() == {"l2": 0.5}
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layer(inputs))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    x = np.ones((2, 3), dtype="float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
