"""Dot: per-sample dot products (and cosine similarity), shapes, gradients against FD and PyTorch."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.utils.gradcheck import check_against_torch

from .layer_gradients import check_layer_gradients

RNG = np.random.default_rng(9)
X2, Y2 = RNG.normal(size=(4, 5)), RNG.normal(size=(4, 5))
X3, Y3 = RNG.normal(size=(2, 3, 5)), RNG.normal(size=(2, 4, 5))


def _torch():
    return pytest.importorskip("torch")


def _cosine(a, b):
    t = _torch()
    return (t.nn.functional.normalize(a, dim=-1) * t.nn.functional.normalize(b, dim=-1)).sum(-1, keepdim=True)


CASES = {
    "vectors": (lambda: layers.Dot(axes=1, dtype="float64"), [X2, Y2], lambda a, b: (a * b).sum(-1, keepdim=True)),
    "cosine": (lambda: layers.Dot(axes=-1, normalize=True, dtype="float64"), [X2, Y2], _cosine),
    "attention_scores": (lambda: layers.Dot(axes=2, dtype="float64"), [X3, Y3],
                         lambda a, b: a @ b.transpose(1, 2)),
    "axes_pair": (lambda: layers.Dot(axes=(1, 1), dtype="float64"), [X3, RNG.normal(size=(2, 3, 2))],
                  lambda a, b: a.transpose(1, 2) @ b),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    make, inputs, _ = CASES[name]
    assert check_layer_gradients(make(), list(inputs)) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    _torch()
    make, inputs, torch_fn = CASES[name]
    layer = make()
    assert check_against_torch(lambda *ts: layer(list(ts)), torch_fn, inputs) < 1e-6


def test_symbolic_shapes_follow_keras():
    a, b = keras.Input((5,)), keras.Input((5,))
    assert layers.dot([a, b], axes=1).shape == (None, 1)
    q, k = keras.Input((3, 8)), keras.Input((4, 8))
    assert layers.Dot(axes=(2, 2))([q, k]).shape == (None, 3, 4)


def test_errors_name_the_layer_and_sizes():
    with pytest.raises(ValueError, match=r"'dot_bad' \(Dot, axes=1\).*5.*6"):
        layers.Dot(axes=1, name="dot_bad")([keras.Input((5,)), keras.Input((6,))])
    with pytest.raises(ValueError, match="batch axis"):
        layers.Dot(axes=0)([keras.Input((5,)), keras.Input((5,))])


def test_config_round_trip():
    layer = layers.Dot(axes=(1, 2), normalize=True)
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert isinstance(again, layers.Dot) and again.axes == (1, 2) and again.normalize


def test_dot_needs_two_inputs_and_a_pair_of_axes_at_most():
    with pytest.raises(ValueError, match=r"'solo' \(Dot\) must be called on a list of at least 2 inputs"):
        layers.Dot(axes=1, name="solo")(np.ones((2, 5), "float32"))
    with pytest.raises(ValueError, match=r"'trio' \(Dot\) takes exactly 2 inputs, got 3"):
        layers.Dot(axes=1, name="trio")([keras.Input((5,))] * 3)
    with pytest.raises(ValueError, match=r"axes must be an int or a pair of ints, got \(1, 2, 3\)"):
        layers.Dot(axes=(1, 2, 3))


def test_the_functional_dot_pairs_the_last_axes_by_default_as_keras():
    q, k = RNG.normal(size=(2, 3, 5)), RNG.normal(size=(2, 4, 5))
    out = layers.dot([q, k])
    np.testing.assert_allclose(out.numpy(), q @ k.transpose(0, 2, 1), rtol=1e-5)
