"""load_model finds a subclassed model registered with @register_keras_serializable (Keras saves its
registered name) and restores a compile() whose loss is a registered function."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops


@keras.saving.register_keras_serializable(package="test_pkg", name="RegisteredTwoDense")
class RegisteredTwoDense(keras.Model):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    def get_config(self):
        return {"units": self.units}


@keras.saving.register_keras_serializable(package="test_pkg")
def registered_squared_error(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def test_registered_subclassed_model_loads_without_custom_objects(tmp_path):
    model = RegisteredTwoDense(3)
    x = np.random.default_rng(0).normal(size=(4, 2)).astype("float32")
    expected = model.predict(x, verbose=0)
    path = tmp_path / "m.keras"
    with pytest.warns(UserWarning):
        model.save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded) is RegisteredTwoDense and loaded.units == 3
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-6)


def test_registered_loss_function_is_restored_by_load_model_and_trains(tmp_path):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=registered_squared_error)
    x = np.random.default_rng(1).normal(size=(32, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.optimizer is not None
    before = loaded.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(before, float(np.mean((model.predict(x, verbose=0) - y) ** 2)), rtol=1e-5)
    history = loaded.fit(x, y, epochs=5, verbose=0)
    assert history.history["loss"][-1] < before


def test_unregistered_loss_function_still_explains_how_to_save_it():
    loss = keras.losses.get(lambda y_true, y_pred: ops.mean(ops.abs(y_true - y_pred), axis=-1))
    with pytest.raises(ValueError, match="register_keras_serializable"):
        loss.get_config()
