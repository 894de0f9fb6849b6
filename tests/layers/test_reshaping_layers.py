"""Identity, Permute, RepeatVector, Cropping1D/2D, ZeroPadding1D, UpSampling1D/2D: values, shapes, gradients."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.utils.gradcheck import check_against_torch

from .layer_gradients import check_layer_gradients

RNG = np.random.default_rng(4)
SEQ = RNG.normal(size=(2, 6, 3))
IMG = RNG.normal(size=(2, 5, 4, 3))
VEC = RNG.normal(size=(2, 3))


def _torch():
    return pytest.importorskip("torch")


CASES = {
    "identity": (lambda: layers.Identity(dtype="float64"), SEQ, lambda x: x * 1),
    "permute": (lambda: layers.Permute((2, 1), dtype="float64"), SEQ, lambda x: x.permute(0, 2, 1)),
    "permute3": (lambda: layers.Permute((3, 1, 2), dtype="float64"), IMG, lambda x: x.permute(0, 3, 1, 2)),
    "repeat_vector": (lambda: layers.RepeatVector(4, dtype="float64"), VEC, lambda x: x[:, None, :].repeat(1, 4, 1)),
    "cropping1d": (lambda: layers.Cropping1D((1, 2), dtype="float64"), SEQ, lambda x: x[:, 1:-2]),
    "cropping2d": (lambda: layers.Cropping2D(((1, 0), (2, 1)), dtype="float64"), IMG, lambda x: x[:, 1:, 2:-1]),
    "cropping2d_int": (lambda: layers.Cropping2D(1, dtype="float64"), IMG, lambda x: x[:, 1:-1, 1:-1]),
    "zero_padding1d": (lambda: layers.ZeroPadding1D((2, 1), dtype="float64"), SEQ,
                       lambda x: _torch().nn.functional.pad(x, (0, 0, 2, 1))),
    "upsampling1d": (lambda: layers.UpSampling1D(3, dtype="float64"), SEQ, lambda x: x.repeat_interleave(3, 1)),
    "upsampling2d": (lambda: layers.UpSampling2D((2, 3), dtype="float64"), IMG,
                     lambda x: x.repeat_interleave(2, 1).repeat_interleave(3, 2)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    make, x, _ = CASES[name]
    assert check_layer_gradients(make(), x) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_torch(name):
    _torch()
    make, x, torch_fn = CASES[name]
    assert check_against_torch(make(), torch_fn, [x]) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbolic_shape_matches_the_computed_one(name):
    make, x, _ = CASES[name]
    layer = make()
    symbolic = layer(keras.Input(x.shape[1:], dtype="float64"))
    assert symbolic.shape[1:] == layer(x).shape[1:]
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    np.testing.assert_array_equal(again(x).numpy(), layer(x).numpy())


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="permutation of 1 … 2"):
        layers.Permute((0, 1))
    with pytest.raises(ValueError, match="crop away the whole input"):
        layers.Cropping2D(3)(IMG)
    with pytest.raises(ValueError, match="rank 3"):
        layers.Cropping1D()(VEC)
    with pytest.raises(ValueError, match="interpolation must be 'nearest' or 'bilinear'"):
        layers.UpSampling2D(interpolation="bicubic")
