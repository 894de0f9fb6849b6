"""Rescaling and Normalization: Keras's documented values, adapt on arrays and batches, invert, saving."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


def test_rescaling_scales_and_shifts_and_passes_gradients():
    x = Tensor(np.array([[0.0, 127.5, 255.0]], dtype=np.float32), requires_grad=True)
    out = layers.Rescaling(1 / 127.5, offset=-1)(x)
    np.testing.assert_allclose(out.numpy(), [[-1, 0, 1]], atol=1e-6)
    keras.ops.sum(out).backward()
    np.testing.assert_allclose(x.grad, np.full((1, 3), 1 / 127.5), rtol=1e-6)


def test_normalization_adapt_matches_the_keras_documentation_examples():
    layer = layers.Normalization(axis=None)
    layer.adapt(np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32"))
    np.testing.assert_allclose(layer(np.array([1.0, 2.0, 3.0])).numpy(), [-1.4142135, -0.70710677, 0.0], rtol=1e-6)
    layer = layers.Normalization(axis=-1)
    layer.adapt(np.array([[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]]))
    np.testing.assert_allclose(layer(np.array([[0.0, 7.0, 4.0]])).numpy(), [[-1.0, -1.0, -1.0]], rtol=1e-6)


def test_normalization_with_given_mean_and_variance_and_invert():
    layer = layers.Normalization(mean=3.0, variance=2.0)
    np.testing.assert_allclose(layer(np.array([[1.0], [2.0], [3.0]])).numpy(),
                               [[-1.4142135], [-0.70710677], [0.0]], rtol=1e-6)
    inverse = layers.Normalization(mean=3.0, variance=2.0, invert=True)
    np.testing.assert_allclose(inverse(np.array([[-1.4142135], [0.0]])).numpy(), [[1.0], [3.0]], rtol=1e-6)


def test_adapt_over_batches_equals_adapt_over_the_whole():
    data = np.random.default_rng(0).normal(3.0, 2.0, size=(100, 4, 3))
    whole, batched = layers.Normalization(), layers.Normalization()
    whole.adapt(data)
    batched.adapt(data[i:i + 16] for i in range(0, 100, 16))
    np.testing.assert_allclose(batched.mean.numpy(), whole.mean.numpy(), rtol=1e-5)
    np.testing.assert_allclose(batched.variance.numpy(), whole.variance.numpy(), rtol=1e-5)
    np.testing.assert_allclose(whole.mean.numpy(), data.mean(axis=(0, 1)), rtol=1e-5)
    np.testing.assert_allclose(whole.variance.numpy(), data.var(axis=(0, 1)), rtol=1e-5)


def test_constant_feature_does_not_divide_by_zero():
    layer = layers.Normalization()
    layer.adapt(np.array([[1.0, 5.0], [2.0, 5.0]]))
    assert np.all(np.isfinite(layer(np.array([[1.0, 6.0]])).numpy()))


def test_normalization_statistics_are_saved_weights_not_trained(tmp_path):
    data = np.random.default_rng(1).normal(10.0, 4.0, size=(64, 3)).astype("float32")
    norm = layers.Normalization()
    norm.adapt(data)
    model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(1)])
    assert len(norm.trainable_weights) == 0 and len(norm.weights) == 2
    model.compile(optimizer="sgd", loss="mse")
    before = norm.mean.numpy().copy()
    model.fit(data, data[:, :1], epochs=1, verbose=0)
    np.testing.assert_array_equal(norm.mean.numpy(), before)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(data, verbose=0), model.predict(data, verbose=0), rtol=1e-5)


def test_errors_and_config_round_trip():
    with pytest.raises(ValueError, match="both mean and variance"):
        layers.Normalization(mean=1.0)
    layer = layers.Normalization(axis=(1, 2), mean=[1.0], variance=[4.0], invert=True)
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert again.axis == (1, 2) and again.invert and again.get_config() == layer.get_config()


def test_rescaling_config_keeps_scale_and_offset():
    layer = layers.Rescaling(1 / 127.5, offset=-1.0)
    config = layer.get_config()
    assert (config["scale"], config["offset"]) == (1 / 127.5, -1.0)
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    np.testing.assert_allclose(again(np.array([[0.0, 255.0]])).numpy(), [[-1.0, 1.0]], atol=1e-6)


def test_adapt_reads_features_of_xy_batches_lists_of_arrays_and_only_the_steps_asked():
    rng = np.random.default_rng(2)
    x, y = rng.normal(5.0, 2.0, size=(40, 3)), rng.normal(-50.0, 1.0, size=(40, 1))
    layer = layers.Normalization()
    layer.adapt((x[i:i + 8], y[i:i + 8]) for i in range(0, 40, 8))        # (features, labels) batches
    np.testing.assert_allclose(layer.mean.numpy(), x.mean(axis=0), rtol=1e-5)
    ragged = layers.Normalization()
    ragged.adapt([x[:10], x[10:35], x[35:]])                              # a list of batches of any sizes
    np.testing.assert_allclose(ragged.variance.numpy(), x.var(axis=0), rtol=1e-5)
    scalars = layers.Normalization(axis=None)
    scalars.adapt([1.0, 2.0, 3.0, 4.0, 5.0])                              # a list of numbers is one batch
    np.testing.assert_allclose([scalars.mean.numpy(), scalars.variance.numpy()], [3.0, 2.0], rtol=1e-6)
    first_two = layers.Normalization()

    def endless():
        while True:
            yield from (x[:8], x[8:16], np.full((8, 3), 1e6))
    first_two.adapt(endless(), steps=2)
    np.testing.assert_allclose(first_two.mean.numpy(), x[:16].mean(axis=0), rtol=1e-5)
    with pytest.raises(ValueError, match="adapt\\(\\) received no data"):
        layers.Normalization().adapt(iter([]))


def test_normalization_config_axis_as_keras_writes_it():
    assert layers.Normalization().get_config()["axis"] == -1
    assert layers.Normalization(axis=None).get_config()["axis"] is None
    assert layers.Normalization(axis=(1, 2)).get_config()["axis"] == [1, 2]
    config = layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0]).get_config()
    assert (config["mean"], config["variance"], config["invert"]) == ([1.0, 2.0], [4.0, 9.0], False)


def test_a_kept_axis_that_is_not_the_last_keeps_one_mean_per_index_of_it():
    rng = np.random.default_rng(3)
    data = rng.normal(size=(50, 3, 4)) * np.array([1.0, 10.0, 100.0])[:, None] + np.array([0.0, 5.0, -5.0])[:, None]
    layer = layers.Normalization(axis=1)
    layer.adapt(data)
    assert layer.mean.shape == (3,)
    np.testing.assert_allclose(layer.mean.numpy(), data.mean(axis=(0, 2)), rtol=1e-5)
    out = layer(data[:10]).numpy()
    expected = (data[:10] - data.mean(axis=(0, 2))[:, None]) / data.std(axis=(0, 2))[:, None]
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    layer.adapt(data[:5] + 1000.0)                         # adapting again replaces the statistics
    np.testing.assert_allclose(layer.mean.numpy(), (data[:5] + 1000.0).mean(axis=(0, 2)), rtol=1e-5)
