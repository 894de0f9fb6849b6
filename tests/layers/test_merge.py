"""Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate: values, gradients (finite differences and PyTorch), errors."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.utils.gradcheck import check_against_torch

from .layer_gradients import check_layer_gradients

RNG = np.random.default_rng(5)
A, B, C = (RNG.normal(size=(3, 4)) for _ in range(3))

CASES = {
    "add": (lambda: layers.Add(dtype="float64"), [A, B, C], lambda a, b, c: a + b + c),
    "subtract": (lambda: layers.Subtract(dtype="float64"), [A, B], lambda a, b: a - b),
    "multiply": (lambda: layers.Multiply(dtype="float64"), [A, B, C], lambda a, b, c: a * b * c),
    "average": (lambda: layers.Average(dtype="float64"), [A, B], lambda a, b: (a + b) / 2),
    "maximum": (lambda: layers.Maximum(dtype="float64"), [A, B, C],
                lambda a, b, c: __import__("torch").maximum(__import__("torch").maximum(a, b), c)),
    "minimum": (lambda: layers.Minimum(dtype="float64"), [A, B],
                lambda a, b: __import__("torch").minimum(a, b)),
    "concatenate": (lambda: layers.Concatenate(dtype="float64"), [A, RNG.normal(size=(3, 2))],
                    lambda a, b: __import__("torch").cat([a, b], -1)),
    "concatenate_axis1": (lambda: layers.Concatenate(axis=1, dtype="float64"),
                          [RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 1, 4))],
                          lambda a, b: __import__("torch").cat([a, b], 1)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    make, inputs, _ = CASES[name]
    assert check_layer_gradients(make(), list(inputs)) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    pytest.importorskip("torch")
    make, inputs, torch_fn = CASES[name]
    layer = make()
    assert check_against_torch(lambda *ts: layer(list(ts)), torch_fn, inputs) < 1e-6


def test_two_branches_joined_symbolically():
    inputs = keras.Input(shape=(4,))
    left = layers.Dense(8)(inputs)
    right = layers.Dense(8)(inputs)
    added = layers.Add()([left, right])
    joined = layers.Concatenate()([left, right, inputs])
    assert added.shape == (None, 8) and joined.shape == (None, 20)
    assert added.history[0].__class__ is layers.Add and added.history[1] == [left, right]
    assert layers.add([left, right]).shape == (None, 8)
    assert layers.concatenate([left, inputs]).shape == (None, 12)


def test_shape_mismatches_are_explained():
    with pytest.raises(ValueError, match=r"'add_mismatch' \(Add\) needs inputs of the same shape"):
        layers.Add(name="add_mismatch")([keras.Input(shape=(4,)), keras.Input(shape=(5,))])
    with pytest.raises(ValueError, match="all sizes except along the axis must match"):
        layers.Concatenate(axis=-1)([keras.Input(shape=(2, 4)), keras.Input(shape=(3, 4))])
    with pytest.raises(ValueError, match="list of at least 2 inputs"):
        layers.Add()(keras.Input(shape=(4,)))
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([Tensor(A), Tensor(B), Tensor(C)])


def test_functional_forms_build_their_layer():
    inputs = keras.Input(shape=(4,))
    left, right = layers.Dense(3)(inputs), layers.Dense(3)(inputs)
    for function, cls in [(layers.add, layers.Add), (layers.subtract, layers.Subtract),
                          (layers.multiply, layers.Multiply), (layers.average, layers.Average),
                          (layers.maximum, layers.Maximum), (layers.minimum, layers.Minimum)]:
        out = function([left, right], name=f"{cls.__name__.lower()}_functional")
        assert out.shape == (None, 3) and type(out.history[0]) is cls
    a, b = A.astype(np.float32), B.astype(np.float32)
    np.testing.assert_allclose(layers.maximum([a, b]).numpy(), np.maximum(a, b))
    np.testing.assert_allclose(layers.minimum([a, b]).numpy(), np.minimum(a, b))
    np.testing.assert_allclose(layers.subtract([a, b]).numpy(), a - b)


@pytest.mark.parametrize("layer", [layers.Add(), layers.Concatenate(axis=1), layers.Average(), layers.Maximum(),
                                   layers.Minimum()])
def test_config_round_trip(layer):
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert type(again) is type(layer) and again.get_config() == layer.get_config()


@pytest.mark.parametrize("first, second", [((None,), (3,)), ((3,), (None,))])
def test_an_elementwise_merge_knows_a_size_only_if_every_input_does(first, second):
    assert layers.Add()([keras.Input(shape=first), keras.Input(shape=second)]).shape == (None, None)
    assert layers.Multiply()([keras.Input(shape=(2, 3)), keras.Input(shape=(2, 3))]).shape == (None, 2, 3)


def test_an_elementwise_merge_keeps_the_batch_size_one_input_gives():
    fixed, free = keras.Input(shape=(3,), batch_size=4), keras.Input(shape=(3,))
    assert layers.Add()([free, fixed]).shape == (4, 3)
    assert layers.Average()([fixed, free]).shape == (4, 3)


@pytest.mark.parametrize("axis, shapes", [(0, [(3,), (3,)]), (5, [(3,), (4,)]), (-1, [(3,), (2, 4)])])
def test_concatenate_refuses_the_batch_axis_an_axis_out_of_range_and_unequal_ranks(axis, shapes):
    with pytest.raises(ValueError, match=rf"'join' \(Concatenate, axis={axis}\) needs inputs of equal rank joined "
                                         r"along a non-batch axis"):
        layers.Concatenate(axis=axis, name="join")([keras.Input(shape=s) for s in shapes])


def test_a_built_merge_layer_called_on_one_input_is_refused():
    add = layers.Add(name="add_again")
    add([Tensor(A), Tensor(B)])
    with pytest.raises(ValueError, match=r"'add_again' \(Add\) must be called on a list of at least 2 inputs"):
        add([Tensor(A)])
