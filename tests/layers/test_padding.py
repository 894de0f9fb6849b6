"""ZeroPadding2D: shapes, values, gradient, config, errors."""
import numpy as np
import pytest

from glassnet import layers
from glassnet.layers import ZeroPadding2D
from glassnet.utils.gradcheck import check_gradients


@pytest.mark.parametrize("padding,out_shape", [(1, (None, 7, 8, 2)), ((2, 0), (None, 9, 6, 2)),
                                               (((1, 0), (2, 3)), (None, 6, 11, 2))])
def test_shapes(padding, out_shape):
    layer = ZeroPadding2D(padding)
    assert layer.compute_output_shape((None, 5, 6, 2)) == out_shape
    assert layer(np.ones((3, 5, 6, 2), dtype=np.float32)).shape == (3,) + out_shape[1:]


def test_values_and_gradient():
    x = np.arange(4, dtype=np.float64).reshape(1, 2, 2, 1) + 1
    out = ZeroPadding2D(((1, 0), (0, 1)), dtype="float64")(x).data[0, :, :, 0]
    np.testing.assert_array_equal(out, [[0, 0, 0], [1, 2, 0], [3, 4, 0]])
    assert check_gradients(ZeroPadding2D((1, 2), dtype="float64"), [np.random.default_rng(0).normal(size=(2, 3, 2, 2))]) < 1e-6


def test_config_round_trip_and_default():
    assert ZeroPadding2D().padding == ((1, 1), (1, 1))
    layer = ZeroPadding2D(((1, 0), (2, 3)))
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.padding == layer.padding


@pytest.mark.parametrize("padding", [-1, (1, 2, 3), "same"])
def test_bad_padding(padding):
    with pytest.raises((ValueError, TypeError), match="padding"):
        ZeroPadding2D(padding)


def test_wrong_rank_names_the_layer():
    with pytest.raises(ValueError, match="'zp'.*rank 4"):
        ZeroPadding2D(name="zp")(np.zeros((2, 3, 3), dtype=np.float32))


def test_channels_first_is_refused_with_the_layers_name():
    with pytest.raises(ValueError, match="ZeroPadding2D 'pad': only data_format='channels_last'"):
        ZeroPadding2D(1, data_format="channels_first", name="pad")
