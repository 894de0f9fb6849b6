"""GaussianNoise, GaussianDropout, SpatialDropout1D/2D, ActivityRegularization: training vs inference."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor

X = np.ones((200, 50), dtype=np.float32)


def test_gaussian_noise_only_while_training_with_its_stddev():
    layer = layers.GaussianNoise(0.5, seed=0)
    np.testing.assert_array_equal(layer(X).numpy(), X)
    noisy = layer(X, training=True).numpy()
    assert abs(float((noisy - X).std()) - 0.5) < 0.02 and abs(float((noisy - X).mean())) < 0.02


def test_gaussian_dropout_has_mean_one_and_its_variance_and_gradient():
    layer = layers.GaussianDropout(0.2, seed=0)
    np.testing.assert_array_equal(layer(X).numpy(), X)
    x = Tensor(X, requires_grad=True)
    out = layer(x, training=True)
    mask = out.numpy()
    assert abs(float(mask.mean()) - 1) < 0.02 and abs(float(mask.std()) - np.sqrt(0.2 / 0.8)) < 0.02
    keras.ops.sum(out).backward()
    np.testing.assert_allclose(x.grad, mask)


@pytest.mark.parametrize("layer, shape", [(layers.SpatialDropout1D(0.5, seed=1), (8, 6, 20)),
                                          (layers.SpatialDropout2D(0.5, seed=1), (8, 3, 3, 20))])
def test_spatial_dropout_drops_whole_channels(layer, shape):
    x = np.ones(shape, dtype=np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    out = layer(x, training=True).numpy()
    per_channel = out.reshape(shape[0], -1, shape[-1])
    assert np.all(per_channel.min(axis=1) == per_channel.max(axis=1))     # a channel is kept or dropped whole
    assert 0.3 < (per_channel[:, 0, :] == 0).mean() < 0.7
    assert set(np.unique(out)) == {0.0, 2.0}


def test_activity_regularization_adds_its_penalty_to_the_losses():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.0)
    x = np.array([[1.0, -2.0], [3.0, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    assert len(layer.losses) == 1 and float(layer.losses[0].numpy()) > 0
    config = layer.get_config()
    assert config["l1"] == 0.1 and "activity_regularizer" not in config
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert again.l1 == 0.1


def test_bad_rates_are_explained():
    with pytest.raises(ValueError, match="rate must be a number in \\[0, 1\\), got 1.5"):
        layers.GaussianDropout(1.5)
    with pytest.raises(ValueError, match="stddev"):
        layers.GaussianNoise(-1)


@pytest.mark.parametrize("make", [lambda seed: layers.GaussianNoise(0.3, seed=seed),
                                  lambda seed: layers.GaussianDropout(0.3, seed=seed),
                                  lambda seed: layers.SpatialDropout1D(0.5, seed=seed)])
def test_a_seed_makes_the_noise_reproducible_and_without_one_the_global_seed_does(make):
    x = np.ones((4, 5, 6), dtype=np.float32)
    np.testing.assert_array_equal(make(7)(x, training=True).numpy(), make(7)(x, training=True).numpy())
    assert not np.array_equal(make(7)(x, training=True).numpy(), make(8)(x, training=True).numpy())
    keras.utils.set_random_seed(3)
    first = make(None)(x, training=True).numpy()
    keras.utils.set_random_seed(3)
    np.testing.assert_array_equal(make(None)(x, training=True).numpy(), first)
    assert not np.array_equal(first, x)


@pytest.mark.parametrize("layer", [layers.GaussianNoise(0.2, seed=1), layers.GaussianDropout(0.4, seed=2),
                                   layers.SpatialDropout1D(0.25, seed=3), layers.SpatialDropout2D(0.5),
                                   layers.ActivityRegularization(l1=0.01, l2=0.02)])
def test_configs_round_trip_and_symbolic_shapes_are_the_inputs(layer):
    config = layer.get_config()
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert config and again.get_config() == config and type(again) is type(layer)
    shape = (3, 4, 5) if "2D" in type(layer).__name__ else (4, 5)
    assert layer(keras.Input(shape)).shape == (None, *shape)
    assert layer.compute_output_shape((None, *shape)) == (None, *shape)


def test_spatial_dropout_refuses_an_input_of_the_wrong_rank_in_inference_too():
    for training in (False, True):
        with pytest.raises(ValueError, match=r"'sd2' \(SpatialDropout2D\) expects input of rank 4, got shape \(2, 3, 4\)"):
            layers.SpatialDropout2D(0.5, name="sd2")(np.ones((2, 3, 4), np.float32), training=training)
    x = np.ones((2, 3, 4), np.float32)
    np.testing.assert_array_equal(layers.SpatialDropout1D(0.0)(x, training=True).numpy(), x)


def test_activity_regularization_penalty_is_l1_and_l2_of_its_input_per_sample():
    x = np.array([[1.0, -2.0], [3.0, 0.0]], dtype=np.float32)
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    layer(x)
    expected = (0.1 * np.abs(x).sum() + 0.01 * (x ** 2).sum()) / len(x)   # divided by the batch size, as Keras documents
    np.testing.assert_allclose(float(layer.losses[0].numpy()), expected, rtol=1e-6)


def test_call_itself_is_inference_unless_told_otherwise():
    x = Tensor(np.ones((3, 4), dtype=np.float32))
    for layer in (layers.GaussianNoise(1.0, seed=0), layers.GaussianDropout(0.5, seed=0)):
        layer(x)
        np.testing.assert_array_equal(layer.call(x).numpy(), x.numpy())
        assert not np.array_equal(layer.call(x, training=True).numpy(), x.numpy())
