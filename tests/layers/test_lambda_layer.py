"""Lambda: runs its function (gradients through the ops), and saves only a registered function's name."""
from __future__ import annotations

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops
from glassnet.autodiff import Tensor


def test_lambda_applies_the_function_and_passes_gradients():
    layer = layers.Lambda(lambda x, power: ops.power(x, power), arguments={"power": 3})
    x = Tensor(np.array([[1.0, 2.0]]), requires_grad=True)
    out = layer(x)
    np.testing.assert_allclose(out.numpy(), [[1.0, 8.0]])
    ops.sum(out).backward()
    np.testing.assert_allclose(x.grad, [[3.0, 12.0]])


def test_lambda_output_shape_symbolic_default_tuple_and_function():
    inputs = keras.Input((4,))
    assert layers.Lambda(lambda x: ops.concatenate([x, x], axis=-1))(inputs).shape == (None, 8)
    assert layers.Lambda(lambda x: x[:, :2], output_shape=(2,))(inputs).shape == (None, 2)
    assert layers.Lambda(lambda x: x, output_shape=lambda s: (s[0], 4))(inputs).shape == (None, 4)


def test_model_with_lambda_trains():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = (x ** 2).sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), layers.Lambda(lambda t: ops.square(t)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    history = model.fit(x, y, epochs=20, verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]


def test_an_unregistered_lambda_saves_its_name_only_and_loading_asks_for_the_function(tmp_path):
    def doubled(t):
        return t * 2.0
    model = keras.Sequential([keras.Input((3,)), layers.Lambda(doubled), layers.Dense(2)])
    with pytest.warns(UserWarning, match="'doubled' is Python code.*never writes"):
        model.save(tmp_path / "m.keras")
    assert "def doubled" not in (tmp_path / "m.keras").read_bytes().decode("latin-1")
    with pytest.raises(ValueError, match="unknown function 'doubled'.*custom_objects"):
        keras.models.load_model(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", custom_objects={"doubled": doubled})
    x = np.ones((2, 3), dtype="float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_clone_model_keeps_each_lambda_function_in_memory():
    import warnings
    model = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * 2.0), layers.Lambda(lambda t: t + 1.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")                      # no "not saved" warning: nothing is written
        clone = keras.models.clone_model(model)
    x = np.array([[1.0, 2.0]], dtype="float32")
    np.testing.assert_allclose(clone.predict(x, verbose=0), [[3.0, 5.0]])


def test_a_registered_function_is_saved_by_name_and_found_again(tmp_path):
    @keras.saving.register_keras_serializable(package="test_lambda")
    def doubled(t):
        return t * 2.0

    model = keras.Sequential([keras.Input((3,)), layers.Lambda(doubled), layers.Dense(2)])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-2].function is doubled
    x = np.ones((2, 3), dtype="float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_a_file_naming_an_unregistered_function_is_refused():
    with pytest.raises(ValueError, match="unknown function 'os.system'"):
        layers.Lambda.from_config({"function": "os.system", "name": "evil"})


def test_lambda_mask_argument_follows_keras_function_fixed_array_or_none():
    padded = np.array([[[1.0, 2.0], [0.0, 0.0]]], dtype="float32")
    masked = layers.Masking()(padded)
    assert layers.Lambda(lambda t: t * 2.0)(masked)._keras_mask is None          # default: the mask ends here
    kept = layers.Lambda(lambda t: t * 2.0, mask=lambda inputs, previous: previous)(masked)
    np.testing.assert_array_equal(kept._keras_mask, [[True, False]])
    fixed = layers.Lambda(lambda t: t * 2.0, mask=[[False, True]])(masked)
    np.testing.assert_array_equal(fixed._keras_mask, [[False, True]])


def test_a_lambda_mask_reaches_the_next_recurrent_layer_and_a_fixed_mask_round_trips():
    keep_first_two = np.array([[True, True, False, False]])
    inputs = keras.Input((4, 2))
    gru = layers.GRU(3)
    model = keras.Model(inputs, gru(layers.Lambda(lambda t: t, mask=keep_first_two)(inputs)))
    x = np.random.default_rng(1).normal(size=(1, 4, 2)).astype("float32")
    np.testing.assert_allclose(model(x).numpy(), gru(x[:, :2]).numpy(), atol=1e-6)
    config = layers.Lambda(lambda t: t, mask=keep_first_two).get_config()
    assert config["mask"] == [[True, True, False, False]]
    np.testing.assert_array_equal(layers.Lambda.from_config(config).mask, keep_first_two)
    assert layers.Lambda(lambda t: t).get_config()["mask"] is None


def test_the_function_gets_training_and_mask_only_when_it_asks_for_them():
    seen = {}

    def noisy(x, training=None):
        seen["training"] = training
        return x + 1.0 if training else x

    layer = layers.Lambda(noisy)
    x = np.zeros((2, 3), dtype="float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    assert seen["training"] is False
    np.testing.assert_array_equal(layer(x, training=True).numpy(), x + 1.0)
    layer.call(Tensor(x))                                   # call itself, as in a subclass: inference
    assert seen["training"] is False
    padded = np.array([[[1.0, 2.0], [0.0, 0.0]]], dtype="float32")
    masked = layers.Masking()(padded)
    got = layers.Lambda(lambda t, mask: ops.multiply(t, 3.0) if mask is not None and mask.sum() == 1 else t)(masked)
    np.testing.assert_array_equal(got.numpy(), padded * 3.0)
    plain = layers.Lambda(lambda t, scale=2.0: t * scale, arguments={"scale": 5.0})
    np.testing.assert_array_equal(plain(x + 1.0).numpy(), np.full((2, 3), 5.0))


def test_a_function_that_is_not_callable_or_an_output_shape_function_that_cannot_be_saved():
    with pytest.raises(TypeError, match="Lambda: function must be callable, got 5"):
        layers.Lambda(5)
    layer = layers.Lambda(lambda t: t, output_shape=lambda s: s, name="shaped")
    with pytest.raises(ValueError, match=r"'shaped' \(Lambda\): an output_shape given as a function cannot be saved"):
        layer.get_config()
    assert layers.Lambda(lambda t: t[:, :2], output_shape=(2,)).get_config()["output_shape"] == [2]


def test_a_callable_without_a_signature_gets_the_input_alone():
    import operator
    negate = layers.Lambda(operator.methodcaller("__neg__"))        # inspect.signature cannot read it
    np.testing.assert_array_equal(negate(np.ones((1, 2), "float32")).numpy(), [[-1.0, -1.0]])
