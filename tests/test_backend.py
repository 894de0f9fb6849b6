"""glassnet.backend (keras.backend) and the top-level Keras 3 names (keras.Layer, keras.Metric, ...)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import backend


def test_backend_reports_numpy_and_channels_last():
    assert backend.backend() == "numpy"
    assert backend.image_data_format() == "channels_last"
    backend.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="channels_last only"):
        backend.set_image_data_format("channels_first")
    assert backend.floatx() == "float32" and backend.epsilon() == 1e-7


def test_clear_session_starts_layer_names_over():
    backend.clear_session()
    first = keras.layers.Dense(2).name
    assert keras.layers.Dense(2).name == first + "_1"
    backend.clear_session()
    assert keras.layers.Dense(2).name == first


def test_is_keras_tensor_tells_symbolic_from_eager():
    assert backend.is_keras_tensor(keras.Input((3,)))
    assert not backend.is_keras_tensor(keras.ops.ones((3,)))


def test_keras3_top_level_base_classes_are_the_real_ones():
    class Doubler(keras.Layer):              # Keras 3 guides subclass keras.Layer directly
        def call(self, x):
            return x * 2.0

    np.testing.assert_array_equal(Doubler()(np.ones((2, 2), dtype="float32")).numpy(), 2.0)
    assert keras.Layer is keras.layers.Layer and keras.Loss is keras.losses.Loss
    assert keras.Metric is keras.metrics.Metric and keras.Optimizer is keras.optimizers.Optimizer
    assert keras.Initializer is keras.initializers.Initializer and keras.Regularizer is keras.regularizers.Regularizer
    assert isinstance(keras.Input((2,)), keras.KerasTensor)
