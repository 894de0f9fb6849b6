"""RepeatVector, UpSampling1D, UpSampling2D layers: Keras's defaults, checks, shapes, configs."""
import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def test_repeat_vector_takes_a_positive_integer_and_a_rank_2_input():
    for bad in (0, -2, 2.5, True):
        with pytest.raises(ValueError, match=rf"RepeatVector: n must be a positive integer, got {bad!r}"):
            layers.RepeatVector(bad)
    assert layers.RepeatVector(3.0).n == 3
    with pytest.raises(ValueError, match=r"'rv' \(RepeatVector\) expects input of shape \(batch, features\), "
                                         r"got shape \(2, 3, 4\)"):
        layers.RepeatVector(2, name="rv")(np.zeros((2, 3, 4), "float32"))
    layer = layers.RepeatVector(4)
    assert layer(keras.Input((5,))).shape == (None, 4, 5)
    assert layers.deserialize(json.loads(json.dumps(layers.serialize(layer)))).n == 4


def test_upsampling1d_repeats_each_step_twice_by_default():
    seq = np.arange(6, dtype="float32").reshape(1, 3, 2)
    layer = layers.UpSampling1D()
    np.testing.assert_array_equal(layer(seq).numpy()[0], np.repeat(seq[0], 2, axis=0))
    assert layer.compute_output_shape((None, None, 2)) == (None, None, 2)
    assert layers.UpSampling1D(3).compute_output_shape((4, 5, 2)) == (4, 15, 2)
    assert layers.UpSampling1D.from_config(layers.UpSampling1D(3).get_config()).size == 3
    with pytest.raises(ValueError, match=r"'up1' \(UpSampling1D\) expects input of rank 3"):
        layers.UpSampling1D(name="up1")(np.zeros((1, 2, 2, 2), "float32"))


def test_upsampling2d_checks_rank_and_interpolation_and_keeps_its_config():
    layer = layers.UpSampling2D((2, 3), name="up2")
    assert layer.compute_output_shape((None, 4, None, 5)) == (None, 8, None, 5)
    with pytest.raises(ValueError, match=r"'up2' \(UpSampling2D\) expects input of rank 4"):
        layer(np.zeros((1, 2, 2), "float32"))
    with pytest.raises(ValueError, match=r"'up2' \(UpSampling2D\) expects input of rank 4"):
        layer.compute_output_shape((None, 4, 5))
    with pytest.raises(ValueError, match="interpolation must be 'nearest' or 'bilinear', got 'area'"):
        layers.UpSampling2D(interpolation="area")
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layers.UpSampling2D(3, interpolation="bilinear")))))
    assert again.size == (3, 3) and again.interpolation == "bilinear"


def test_bilinear_upsampling_matches_pytorch_half_pixel_resize():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 2))
    out = layers.UpSampling2D((2, 3), interpolation="bilinear", dtype="float64")(x).numpy()
    ref = torch.nn.functional.interpolate(torch.from_numpy(x).permute(0, 3, 1, 2), scale_factor=(2, 3),
                                          mode="bilinear", align_corners=False).permute(0, 2, 3, 1).numpy()
    np.testing.assert_allclose(out, ref, atol=1e-12)
