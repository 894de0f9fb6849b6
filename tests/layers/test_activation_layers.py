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
    with pytest.raises(ValueError, match="only threshold=0"):
        layers.ReLU(threshold=1.0)
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
