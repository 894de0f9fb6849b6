"""Conv2DTranspose layer: Keras's kernel shape and output sizes, symbolic shapes, training, config."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def test_kernel_shape_and_output_sizes_as_keras():
    layer = layers.Conv2DTranspose(6, 3, strides=2)
    out = layer(np.zeros((2, 5, 4, 3), dtype="float32"))
    assert layer.kernel.shape == (3, 3, 6, 3) and layer.bias.shape == (6,)
    assert tuple(out.shape) == (2, 11, 9, 6)
    assert tuple(layers.Conv2DTranspose(2, 3, strides=2, padding="same")(keras.Input((5, 4, 1))).shape) == (None, 10, 8, 2)


def test_single_pixel_spreads_the_kernel_over_the_output():
    layer = layers.Conv2DTranspose(1, 2, strides=2, use_bias=False, dtype="float64")
    x = np.zeros((1, 2, 2, 1))
    x[0, 1, 0, 0] = 2.0
    out = layer(x).numpy()[0, :, :, 0]
    kernel = layer.kernel.numpy()[:, :, 0, 0]
    np.testing.assert_allclose(out[2:4, 0:2], 2.0 * kernel)
    assert np.count_nonzero(out) == np.count_nonzero(kernel)


def test_an_upsampling_decoder_trains_from_its_first_fit():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((32, 4, 4, 1)).astype("float32")
    y = np.repeat(np.repeat(x, 2, axis=1), 2, axis=2)
    model = keras.Sequential([keras.Input((4, 4, 1)), layers.Conv2DTranspose(4, 3, strides=2, padding="same",
                                                                             activation="relu"),
                              layers.Conv2D(1, 3, padding="same")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, epochs=20, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]


def test_config_round_trip_and_unsupported_arguments():
    layer = layers.Conv2DTranspose(3, (2, 3), strides=(1, 2), padding="same", name="up")
    clone = layers.Conv2DTranspose.from_config(layer.get_config())
    assert (clone.filters, clone.kernel_size, clone.strides, clone.padding, clone.name) == (3, (2, 3), (1, 2), "same", "up")
    with pytest.raises(ValueError, match="output_padding"):
        layers.Conv2DTranspose(3, 3, output_padding=1)
