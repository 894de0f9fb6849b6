"""Pooling layers: Keras shapes and defaults, values, gradients vs PyTorch, configs, errors."""
import numpy as np
import pytest

from glassnet import layers
from glassnet.layers import (AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D,
                             GlobalMaxPooling1D, GlobalMaxPooling2D, MaxPooling1D, MaxPooling2D)
from glassnet.utils.gradcheck import check_against_torch, check_gradients


def test_keras_defaults():
    layer = MaxPooling2D()
    assert (layer.pool_size, layer.strides, layer.padding) == ((2, 2), (2, 2), "valid")
    assert AveragePooling2D(3).strides == (3, 3)
    assert MaxPooling1D().pool_size == (2,)


@pytest.mark.parametrize("layer,in_shape,out_shape", [
    (MaxPooling2D(), (None, 28, 28, 6), (None, 14, 14, 6)),
    (MaxPooling2D(), (None, 5, 5, 2), (None, 2, 2, 2)),
    (MaxPooling2D(padding="same"), (None, 5, 5, 2), (None, 3, 3, 2)),
    (AveragePooling2D(3, strides=1), (None, 6, 5, 1), (None, 4, 3, 1)),
    (MaxPooling1D(3, strides=2), (None, 9, 4), (None, 4, 4)),
    (AveragePooling1D(2, padding="same"), (None, 7, 4), (None, 4, 4)),
    (GlobalAveragePooling2D(), (None, 5, 5, 7), (None, 7)),
    (GlobalMaxPooling2D(keepdims=True), (None, 5, 5, 7), (None, 1, 1, 7)),
    (GlobalMaxPooling1D(), (None, 9, 3), (None, 3)),
])
def test_output_shapes_match_data(layer, in_shape, out_shape):
    assert layer.compute_output_shape(in_shape) == out_shape
    assert layer(np.zeros((2,) + in_shape[1:], dtype=np.float32)).shape == (2,) + out_shape[1:]
    assert layer.count_params() == 0


def test_classroom_max_pooling():
    x = np.array([[1, 3, 2, 1], [4, 6, 5, 0], [3, 1, 1, 0], [1, 2, 3, 4]], dtype=np.float32)
    out = MaxPooling2D((2, 2))(x[None, :, :, None])
    np.testing.assert_array_equal(out.data[0, :, :, 0], [[6, 5], [3, 4]])
    avg = GlobalAveragePooling2D()(x[None, :, :, None])
    assert avg.data[0, 0] == pytest.approx(x.mean())


@pytest.mark.parametrize("kind,pool,strides,padding,shape", [
    ("max", 2, None, "valid", (2, 5, 5, 2)),
    ("avg", 2, None, "valid", (1, 4, 4, 1)),
    ("max", 3, 2, "valid", (2, 7, 6, 1)),
    ("avg", 2, 1, "valid", (2, 4, 5, 3)),
])
def test_pool2d_layer_gradients_match_finite_differences_and_torch(kind, pool, strides, padding, shape):
    layer = (MaxPooling2D if kind == "max" else AveragePooling2D)(pool, strides, padding, dtype="float64")
    x = np.random.default_rng(3).standard_normal(shape)
    assert check_gradients(layer, [x]) < 1e-6
    torch = pytest.importorskip("torch")
    fn = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
    s = pool if strides is None else strides
    assert check_against_torch(layer, lambda t: fn(t.permute(0, 3, 1, 2), pool, s).permute(0, 2, 3, 1), [x]) < 1e-6


@pytest.mark.parametrize("layer_cls", [MaxPooling1D, AveragePooling1D])
def test_pool1d_layer_gradients(layer_cls):
    layer = layer_cls(2, dtype="float64")
    x = np.random.default_rng(4).standard_normal((2, 7, 3))
    assert check_gradients(layer, [x]) < 1e-6


@pytest.mark.parametrize("layer_cls", [GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D,
                                       GlobalMaxPooling1D])
def test_global_pooling_gradients(layer_cls):
    layer = layer_cls(dtype="float64")
    shape = (2, 3, 4, 2) if layer_cls.rank == 2 else (2, 5, 3)
    x = np.random.default_rng(5).standard_normal(shape)
    assert check_gradients(layer, [x]) < 1e-6


@pytest.mark.parametrize("layer", [MaxPooling2D((3, 2), strides=(1, 2), padding="same", name="p"),
                                   AveragePooling1D(3), GlobalMaxPooling2D(keepdims=True)])
def test_config_round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert type(clone) is type(layer) and clone.get_config() == layer.get_config()


@pytest.mark.parametrize("make,shape,match", [
    (lambda: MaxPooling2D(name="pool"), (4, 4, 1), "'pool'.*rank 4"),
    (lambda: MaxPooling2D(3, name="pool"), (1, 2, 2, 1), "'pool'.*larger than the input.*\\(2, 2\\)"),
    (lambda: GlobalAveragePooling2D(name="gap"), (2, 3, 3), "'gap'.*rank 4"),
])
def test_bad_input_names_the_layer(make, shape, match):
    with pytest.raises(ValueError, match=match):
        make()(np.zeros(shape, dtype=np.float32))


@pytest.mark.parametrize("kwargs,match", [({"strides": 0}, "must be positive"), ({"pool_size": -1}, "positive"),
                                          ({"padding": "causal"}, "padding must be")])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MaxPooling2D(**kwargs)


@pytest.mark.parametrize("cls", [layers.MaxPooling2D, layers.AveragePooling2D, layers.GlobalMaxPooling2D])
def test_channels_first_is_refused_with_the_layers_name(cls):
    with pytest.raises(ValueError, match=rf"{cls.__name__} 'p': only data_format='channels_last'"):
        cls(data_format="channels_first", name="p")


def test_average_pooling_2d_pools_two_by_two_by_default():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    out = AveragePooling2D()(x)
    np.testing.assert_allclose(out.data[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])


@pytest.mark.parametrize("layer", [layers.MaxPooling2D(pool_size=3, strides=1, padding="same"),
                                   layers.AveragePooling1D(pool_size=4, strides=2),
                                   layers.GlobalAveragePooling2D(keepdims=True)])
def test_the_config_rebuilds_a_layer_that_pools_the_same_way(layer):
    import json
    clone = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    x = np.random.default_rng(0).normal(size=(2, 8, 6, 3) if layer.rank == 2 else (2, 8, 3)).astype(np.float32)
    np.testing.assert_array_equal(clone(x).data, layer(x).data)
    assert clone.get_config() == layer.get_config()


def test_a_global_pooling_output_shape_of_an_input_of_the_wrong_rank_is_an_error():
    with pytest.raises(ValueError, match=r"Layer 'g' \(GlobalAveragePooling2D\) expects input of rank 4"):
        GlobalAveragePooling2D(name="g").compute_output_shape((None, 8, 8))
