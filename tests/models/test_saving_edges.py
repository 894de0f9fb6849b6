"""Saving's refusals, each with its reason: diverged weights are never written, a subclassed
model without get_config cannot be cloned, and an empty Sequential has nothing to pop."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential, clone_model


def _model():
    return Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="dense")], name="m")


@pytest.mark.parametrize("save", ["save", "save_weights"])
def test_diverged_weights_are_not_written_and_the_old_file_stays(tmp_path, save):
    model = _model()
    path = tmp_path / ("m.keras" if save == "save" else "m.weights.keras")
    getattr(model, save)(path)
    before = path.read_bytes()
    model.layers[0].kernel.data[0, 0] = np.nan
    with pytest.raises(ValueError, match="weight .*kernel.* of model 'm' contains NaN"):
        getattr(model, save)(path)
    assert path.read_bytes() == before


def test_a_subclassed_model_without_get_config_cannot_be_cloned():
    class Net(keras.Model):
        def __init__(self, units):
            super().__init__()
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)

    net = Net(2)
    net(np.zeros((1, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="clone_model: Net is a subclassed model without get_config"):
        clone_model(net)


def test_pop_removes_the_last_layer_and_refuses_an_empty_model():
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(2)])
    last = model.pop()
    assert isinstance(last, layers.Dense) and last.units == 2
    assert model.predict(np.zeros((1, 3), dtype=np.float32), verbose=0).shape == (1, 4)
    model.pop()
    with pytest.raises(TypeError, match="no layers"):
        model.pop()


@pytest.mark.parametrize("save", ["save", "save_weights"])
def test_saving_again_overwrites_by_default(tmp_path, save):
    model = _model()
    path = tmp_path / ("m.keras" if save == "save" else "m.weights.keras")
    getattr(model, save)(path)
    model.layers[0].kernel.data[...] = 7.0
    getattr(model, save)(path)
    other = _model()
    other.load_weights(path)
    np.testing.assert_array_equal(other.layers[0].kernel.data, 7.0)
