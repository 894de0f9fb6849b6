"""ReLU, LeakyReLU and Softmax layers: values, Keras defaults, gradients against PyTorch, config."""
from __future__ import annotations

import json

import numpy as np
import pytest

from glassnet import layers, losses
from glassnet.autodiff import Tensor
from glassnet.utils.gradcheck import check_against_torch

from .layer_gradients import check_layer_gradients

X = np.random.default_rng(2).normal(scale=3.0, size=(4, 5))
X = np.where(np.abs(X) < 1e-2, 0.5, X)
X = np.where(np.abs(X - 2.0) < 1e-2, 1.5, X)

CASES = {
    "relu": (lambda: layers.ReLU(dtype="float64"), lambda t: t.relu()),
    "relu6": (lambda: layers.ReLU(max_value=2.0, dtype="float64"), lambda t: t.relu().clamp(max=2.0)),
    "relu_slope": (lambda: layers.ReLU(negative_slope=0.1, dtype="float64"),
                   lambda t: __import__("torch").nn.functional.leaky_relu(t, 0.1)),
    "leaky_relu": (lambda: layers.LeakyReLU(dtype="float64"),
                   lambda t: __import__("torch").nn.functional.leaky_relu(t, 0.3)),
    "softmax": (lambda: layers.Softmax(dtype="float64"), lambda t: t.softmax(-1)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients(name):
    make, torch_fn = CASES[name]
    assert check_layer_gradients(make(), X) < 1e-6
    pytest.importorskip("torch")
    layer = make()
    assert check_against_torch(lambda t: layer(t), torch_fn, [X]) < 1e-6


def test_keras_defaults_and_errors():
    np.testing.assert_allclose(layers.LeakyReLU()(np.array([[-1.0]])).data, [[-0.3]])
    np.testing.assert_allclose(layers.ReLU(threshold=1.0)(np.array([[0.5, 2.0]])).data, [[0.0, 2.0]])
    with pytest.raises(ValueError, match="negative_slope must be"):
        layers.LeakyReLU(-1)


def test_softmax_layer_keeps_the_fused_loss():
    z = Tensor(X, requires_grad=True)
    p = layers.Softmax(dtype="float64")(z)
    labels = np.array([0, 1, 2, 3])
    losses.SparseCategoricalCrossentropy()(labels, p).backward()
    np.testing.assert_allclose(z.grad, (p.data - np.eye(5)[labels]) / 4, atol=1e-15)


@pytest.mark.parametrize("layer", [layers.ReLU(max_value=6.0), layers.LeakyReLU(0.1), layers.Softmax(axis=1)])
def test_config_round_trip(layer):
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert type(again) is type(layer) and again.get_config() == layer.get_config()


def test_relu_caps_at_a_max_value_below_one():
    x = Tensor(np.array([[-1.0, 0.25, 0.5, 3.0]]))
    np.testing.assert_array_equal(layers.ReLU(max_value=0.5)(x).data, [[0.0, 0.25, 0.5, 0.5]])


def test_relu_with_a_negative_slope_of_one_is_the_identity():
    x = Tensor(np.array([[-2.0, -0.5, 0.0, 1.5]]))
    np.testing.assert_array_equal(layers.ReLU(negative_slope=1.0)(x).data, x.data)


@pytest.mark.parametrize("make", [lambda: layers.ReLU(negative_slope=-0.1), lambda: layers.LeakyReLU(-0.1)])
def test_a_negative_slope_below_zero_is_refused(make):
    with pytest.raises(ValueError, match="negative_slope must be ≥ 0, got -0.1"):
        make()


def test_leaky_relu_with_slope_zero_is_relu_and_its_config_round_trips():
    x = Tensor(np.array([[-2.0, 0.0, 1.5]]))
    np.testing.assert_array_equal(layers.LeakyReLU(negative_slope=0.0)(x).data, [[0.0, 0.0, 1.5]])
    layer = layers.LeakyReLU(negative_slope=0.1, name="leaky")
    config = layer.get_config()
    assert config["negative_slope"] == 0.1 and config["name"] == "leaky"
    again = layers.LeakyReLU.from_config(json.loads(json.dumps(config)))
    np.testing.assert_allclose(again(x).data, [[-0.2, 0.0, 1.5]])
