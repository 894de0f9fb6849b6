"""Identity, Permute, RepeatVector, Cropping1D/2D, ZeroPadding1D, UpSampling1D/2D: values, shapes, gradients."""
from __future__ import annotations

import json
import re

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


def test_croppings_and_paddings_are_pairs_of_non_negative_ints():
    assert layers.Cropping1D((0, 2))(SEQ).shape == (2, 4, 3)
    assert layers.ZeroPadding1D(0)(SEQ).shape == SEQ.shape
    for bad in ((-1, 2), (1.5, 1), (1, 2, 3), -1):
        with pytest.raises(ValueError, match=rf"Cropping1D: cropping must be an int >= 0 or a pair of them, got "
                                             rf"{re.escape(repr(bad))}"):
            layers.Cropping1D(bad)
        with pytest.raises(ValueError, match="ZeroPadding1D: padding must be an int >= 0 or a pair of them"):
            layers.ZeroPadding1D(bad)
    with pytest.raises(ValueError, match=r"Cropping2D: cropping must be an int, \(rows, cols\) or"):
        layers.Cropping2D((1, 2, 3))


def test_cropping2d_crops_nothing_by_default_and_rows_cols_symmetrically():
    np.testing.assert_array_equal(layers.Cropping2D(dtype="float64")(IMG).numpy(), IMG)
    np.testing.assert_array_equal(layers.Cropping2D((2, 1), dtype="float64")(IMG).numpy(), IMG[:, 2:-2, 1:-1])
    assert layers.Cropping2D((2, 1)).compute_output_shape((None, 5, None, 3)) == (None, 1, None, 3)


def test_zero_padding1d_and_permute_name_the_rank_they_expect():
    with pytest.raises(ValueError, match=r"'pad1' \(ZeroPadding1D\) expects input of rank 3"):
        layers.ZeroPadding1D(name="pad1")(VEC)
    with pytest.raises(ValueError, match=r"'perm' \(Permute, dims=\(2, 1\)\) expects input of rank 3, got shape \(2, 3\)"):
        layers.Permute((2, 1), name="perm")(VEC)


def test_identity_passes_the_mask_and_the_same_values():
    masked = layers.Masking()(SEQ * np.array([1.0, 1.0, 0.0, 1.0, 0.0, 1.0])[None, :, None])
    out = layers.Identity()(masked)
    np.testing.assert_array_equal(out.numpy(), masked.numpy())
    np.testing.assert_array_equal(out._keras_mask, [[True, True, False, True, False, True]] * 2)


def test_defaults_and_output_shapes_keep_the_batch_size_as_keras():
    np.testing.assert_array_equal(layers.Cropping1D(dtype="float64")(SEQ).numpy(), SEQ[:, 1:-1])   # (1, 1)
    np.testing.assert_array_equal(layers.ZeroPadding1D(dtype="float64")(SEQ).numpy()[:, 1:-1], SEQ)
    assert layers.Cropping1D((1, 2)).compute_output_shape((7, 6, 3)) == (7, 3, 3)
    assert layers.ZeroPadding1D((2, 1)).compute_output_shape((7, None, 3)) == (7, None, 3)
    assert layers.ZeroPadding1D((2, 1)).compute_output_shape((7, 6, 3)) == (7, 9, 3)
    assert layers.Cropping2D(((1, 0), (2, 1))).compute_output_shape((7, 5, 4, 3)) == (7, 4, 1, 3)
    assert layers.Permute((2, 1)).compute_output_shape((7, 6, 3)) == (7, 3, 6)


def test_cropping_every_row_is_refused_and_shapes_check_the_rank():
    with pytest.raises(ValueError, match="would crop away the whole input"):
        layers.Cropping2D(((2, 3), (0, 0)))(IMG)                       # 2 + 3 rows of 5: nothing left
    with pytest.raises(ValueError, match="would crop away the whole input"):
        layers.Cropping2D(((0, 0), (1, 3)))(IMG)                       # 1 + 3 columns of 4
    assert layers.Cropping2D(((2, 2), (0, 0)))(IMG).shape == (2, 1, 4, 3)
    with pytest.raises(ValueError, match=r"\(ZeroPadding1D\) expects input of rank 3"):
        layers.ZeroPadding1D().compute_output_shape((None, 5))
    with pytest.raises(ValueError, match=r"\(Cropping2D\) expects input of rank 4"):
        layers.Cropping2D(1).compute_output_shape((None, 5, 3))
