"""glassnet.inspection: feature maps of every conv layer for one image, and the learned filters."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.inspection import conv_filters, feature_maps
from glassnet.layers import Conv2D, Dense, Flatten, MaxPooling2D
from glassnet.ops.conv import conv2d


def small_cnn():
    return keras.Sequential([keras.Input(shape=(8, 8, 1)), Conv2D(3, 3, padding="same", activation="relu"),
                             MaxPooling2D(), Conv2D(2, 3), Flatten(), Dense(2)])


def test_feature_maps_shapes_and_values():
    model = small_cnn()
    image = np.random.default_rng(0).random((8, 8)).astype(np.float32)
    maps = feature_maps(model, image)
    first, second = model.layers[0], model.layers[2]
    assert list(maps) == [first.name, second.name]
    assert maps[first.name].shape == (8, 8, 3) and maps[second.name].shape == (2, 2, 2)
    expected = conv2d(image[None, :, :, None], first.kernel.data, first.bias.data, padding="same").data[0]
    np.testing.assert_allclose(maps[first.name], np.maximum(expected, 0), rtol=1e-6)
    z = feature_maps(model, image[:, :, None], pre_activation=True)[first.name]
    np.testing.assert_allclose(z, expected, rtol=1e-6)
    assert feature_maps(model, image[None, :, :, None])[second.name].shape == (2, 2, 2)


def test_conv_filters_are_copies_of_the_kernels():
    model = small_cnn()
    filters = conv_filters(model)
    assert [f.shape for f in filters.values()] == [(3, 3, 1, 3), (3, 3, 3, 2)]
    name = model.layers[0].name
    filters[name][...] = 0
    assert not np.allclose(model.layers[0].kernel.data, 0)


def test_errors():
    model = small_cnn()
    with pytest.raises(ValueError, match="one image"):
        feature_maps(model, np.zeros((2, 8, 8, 1)))
    dense_only = keras.Sequential([keras.Input(shape=(4,)), Dense(2)])
    with pytest.raises(ValueError, match="no convolution layer"):
        feature_maps(dense_only, np.zeros(4))
