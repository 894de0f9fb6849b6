"""BatchNormalization: Keras weights and defaults, train vs inference, moving statistics, gradients."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.layers import BatchNormalization, Conv2D, Dense, Flatten
from glassnet.utils.gradcheck import check_against_torch, check_gradients


def test_weights_and_defaults_follow_keras():
    layer = BatchNormalization()
    assert (layer.axis, layer.momentum, layer.epsilon) == (-1, 0.99, 1e-3)
    layer(np.zeros((2, 4, 4, 3), dtype=np.float32))
    assert [w.name.split("/")[-1] for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert layer.count_params() == 12
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2


def test_training_uses_batch_statistics_and_updates_moving_averages():
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((64, 3)) * [1.0, 2.0, 3.0] + [5.0, -1.0, 0.5]).astype(np.float32)
    layer = BatchNormalization(momentum=0.9)
    out = layer(x, training=True).data
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), np.sqrt(x.var(axis=0) / (x.var(axis=0) + 1e-3)), rtol=1e-4)
    np.testing.assert_allclose(layer.moving_mean.data, 0.1 * x.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.data, 0.9 + 0.1 * x.var(axis=0), rtol=1e-5)
    # inference: the moving averages, not this batch's statistics, and nothing is updated
    before = layer.moving_mean.data.copy()
    inf = layer(x, training=False).data
    expected = (x - layer.moving_mean.data) / np.sqrt(layer.moving_variance.data + 1e-3)
    np.testing.assert_allclose(inf, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.data, before)


@pytest.mark.parametrize("shape", [(5, 3), (3, 4, 4, 2)])
def test_training_gradients_match_finite_differences_and_torch(shape):
    rng = np.random.default_rng(1)
    layer = BatchNormalization(dtype="float64")
    x = rng.standard_normal(shape)
    layer(x)
    gamma, beta = rng.standard_normal(shape[-1]), rng.standard_normal(shape[-1])

    def fn(xt, gt, bt):
        layer.gamma, layer.beta = gt, bt
        return layer(xt, training=True)
    assert check_gradients(fn, [x, gamma, beta]) < 1e-6
    torch = pytest.importorskip("torch")

    def torch_fn(xt, gt, bt):
        moved = torch.movedim(xt, -1, 1)
        return torch.movedim(torch.nn.functional.batch_norm(moved, None, None, gt, bt, training=True, eps=1e-3), 1, -1)
    assert check_against_torch(fn, torch_fn, [x, gamma, beta]) < 1e-6


def test_inference_gradients():
    layer = BatchNormalization(dtype="float64")
    x = np.random.default_rng(2).standard_normal((4, 3))
    layer(x, training=True)
    assert check_gradients(lambda t: layer(t, training=False), [x]) < 1e-6


def test_in_a_cnn_fit_save_and_load(tmp_path):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((32, 6, 6, 1)).astype(np.float32)
    y = (x.mean(axis=(1, 2, 3)) > 0).astype(np.int64)
    model = keras.Sequential([keras.Input(shape=(6, 6, 1)), Conv2D(4, 3), BatchNormalization(),
                              Flatten(), Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    bn = model.layers[1]
    assert not np.allclose(bn.moving_mean.data, 0)
    path = tmp_path / "bn.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(loaded.layers[1].moving_variance.data, bn.moving_variance.data)


def test_config_round_trip_and_errors():
    layer = BatchNormalization(momentum=0.9, epsilon=1e-5, center=False, name="bn")
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.get_config() == layer.get_config()
    layer(np.zeros((2, 3), dtype=np.float32))
    assert len(layer.weights) == 3
    with pytest.raises(ValueError, match="'bn'.*built for 3 features.*\\(2, 4\\)"):
        layer(np.zeros((2, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="momentum"):
        BatchNormalization(momentum=1.5)


def test_the_config_holds_every_setting_and_rebuilds_the_same_layer():
    layer = BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False, gamma_initializer="zeros",
                               gamma_regularizer="l2", name="bn2")
    config = layer.get_config()
    assert {k: config[k] for k in ("axis", "momentum", "epsilon", "center", "scale", "name")} == {
        "axis": 1, "momentum": 0.9, "epsilon": 1e-5, "center": False, "scale": True, "name": "bn2"}
    clone = BatchNormalization.from_config(config)
    x = np.random.default_rng(0).normal(size=(4, 3, 2)).astype(np.float32)
    clone(x, training=True)
    assert clone.beta is None and clone.gamma.shape == (3,) and np.all(clone.gamma.data == 0)
    assert clone.losses and clone.momentum == 0.9


def test_axis_choices_that_are_refused():
    with pytest.raises(ValueError, match=r"'bn_axes': only one axis is supported, got \[1, 2\]"):
        BatchNormalization(axis=[1, 2], name="bn_axes")
    assert BatchNormalization(axis=[-1]).axis == -1
    with pytest.raises(ValueError, match=r"'bn0': axis 0 is not a feature axis of the input shape \(None, 3\)"):
        BatchNormalization(axis=0, name="bn0")(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="unknown constraint"):
        BatchNormalization(beta_constraint="non_negative")
