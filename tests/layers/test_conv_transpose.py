"""Conv2DTranspose, Conv1DTranspose, UpSampling1D/2D layers."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from tests.layers.layer_gradients import check_layer_gradients


@pytest.mark.parametrize("padding, size", [("valid", 9), ("same", 8)])
def test_conv2d_transpose_shapes_and_parameters(padding, size):
    model = keras.Sequential([keras.Input(shape=(4, 4, 3)), layers.Conv2DTranspose(5, 3, strides=2, padding=padding)])
    assert model.output_shape == (None, size, size, 5)
    assert model.layers[0].kernel.shape == (3, 3, 5, 3) and model.count_params() == 3 * 3 * 5 * 3 + 5
    assert model(np.zeros((2, 4, 4, 3), np.float32)).shape == (2, size, size, 5)


def test_transposed_layers_gradients():
    rng = np.random.default_rng(0)
    assert check_layer_gradients(layers.Conv2DTranspose(2, (3, 2), strides=(2, 1), padding="same",
                                                        activation="tanh", dtype="float64"),
                                 rng.normal(size=(2, 3, 3, 2))) < 1e-6
    assert check_layer_gradients(layers.Conv1DTranspose(2, 3, strides=2, dtype="float64"),
                                 rng.normal(size=(2, 4, 3))) < 1e-6


def test_upsampling_layers():
    x = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)
    out = layers.UpSampling2D((2, 3))(x).data
    assert out.shape == (1, 4, 6, 2) and np.array_equal(out[0, 1, 2], x[0, 0, 0]) and np.array_equal(out[0, 3, 5], x[0, 1, 1])
    seq = np.arange(6, dtype=np.float32).reshape(1, 3, 2)
    up = layers.UpSampling1D(2)(seq).data
    assert up.shape == (1, 6, 2) and np.array_equal(up[0, ::2], seq[0]) and np.array_equal(up[0, 1::2], seq[0])
    assert layers.UpSampling2D(interpolation="bilinear")(x).shape == (1, 4, 4, 2)


def test_convolutional_autoencoder_trains_and_saves(tmp_path):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(1).uniform(size=(32, 8, 8, 1)).astype(np.float32)
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)),
                              layers.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
                              layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"),
                              layers.UpSampling2D(1), layers.Conv2D(1, 3, padding="same", activation="sigmoid")])
    model.compile(optimizer="adam", loss="mse")
    before = model.evaluate(x, x, verbose=0)
    model.fit(x, x, epochs=20, batch_size=8, verbose=0)
    assert model.evaluate(x, x, verbose=0) < before
    model.save(tmp_path / "m.keras")
    assert np.allclose(keras.models.load_model(tmp_path / "m.keras")(x).data, model(x).data)
