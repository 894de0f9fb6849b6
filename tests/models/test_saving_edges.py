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


class _Scale(layers.Layer):
    """A custom layer that is not registered: only ``custom_objects`` tells where its class is."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor


def test_clone_model_clones_an_unregistered_custom_layer_without_custom_objects():
    # Keras 3 clones a model holding a custom layer the user never registered
    inner = Sequential([keras.Input(shape=(3,)), _Scale(3.0)])
    model = Sequential([keras.Input(shape=(3,)), inner, layers.Dense(2)])
    clone = clone_model(model)
    scale = clone.layers[0].layers[0]
    assert isinstance(scale, _Scale) and scale.factor == 3.0 and scale is not inner.layers[0]
    x = np.ones((2, 3), dtype="float32")
    np.testing.assert_allclose(clone.layers[0].predict(x, verbose=0), 3.0 * x)


def test_clone_model_finds_a_custom_layer_in_custom_objects():
    model = Sequential([keras.Input(shape=(3,)), _Scale(3.0), layers.Dense(2)])
    clone = clone_model(model, custom_objects={"_Scale": _Scale})
    assert isinstance(clone.layers[0], _Scale) and clone.layers[0].factor == 3.0
    assert clone.layers[1] is not model.layers[1]


class _Renamed(keras.Model):
    """get_config writes ``width``; only from_config knows it is the ``units`` argument."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)

    def get_config(self):
        return {"width": self.units}

    @classmethod
    def from_config(cls, config):
        return cls(units=config["width"])


def test_a_subclassed_model_is_rebuilt_by_its_own_from_config(tmp_path):
    model = _Renamed(4)
    x = np.ones((2, 3), np.float32)
    model(x)
    with pytest.warns(UserWarning, match="subclassed model"):
        model.save(tmp_path / "r.keras")
    loaded = keras.models.load_model(tmp_path / "r.keras", custom_objects={"_Renamed": _Renamed})
    assert loaded.units == 4
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert clone_model(model).units == 4


def test_a_subclassed_model_whose_arguments_were_not_saved_says_what_it_needs(tmp_path):
    class Gated(keras.Model):
        def __init__(self, gate):               # an array: not a plain value that a file can hold
            super().__init__()
            self.gate = gate
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(x * self.gate)

    model = Gated(np.ones(3, np.float32))
    model(np.ones((1, 3), np.float32))
    with pytest.warns(UserWarning, match="subclassed model"):
        model.save(tmp_path / "g.keras")
    with pytest.raises(ValueError, match=r"could not create Gated \(.*gate.*\): a subclassed model whose __init__ "
                                         r"takes arguments needs get_config\(\)"):
        keras.models.load_model(tmp_path / "g.keras", custom_objects={"Gated": Gated})


def test_load_model_restores_the_compiled_loss_and_optimizer_by_default(tmp_path):
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mae")
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.compiled and isinstance(loaded.optimizer, keras.optimizers.SGD)
    assert loaded.optimizer.learning_rate == pytest.approx(0.1)
    x, y = np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)
    assert loaded.evaluate(x, y, verbose=0) == pytest.approx(float(np.abs(model.predict(x, verbose=0)).mean()))


def test_a_file_whose_model_entry_is_not_a_description_is_refused(tmp_path):
    from glassnet.models import archive
    path = tmp_path / "m.keras"
    _model().save(path)
    meta, groups = archive.read(path)
    meta["model"] = ["not", "a", "description"]
    archive.write(path, meta, groups)
    with pytest.raises(ValueError, match="Cannot load .*m.keras.* as a model"):
        keras.models.load_model(path)


def test_a_clean_file_loads_without_warnings(tmp_path):
    import warnings
    model = _model()
    model.compile("adam", "mse")
    model.fit(np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32), verbose=0)
    model.save(tmp_path / "m.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = keras.models.load_model(tmp_path / "m.keras")
        loaded.load_weights(tmp_path / "m.keras")
    assert [w.data.tolist() for w in loaded.weights] == [w.data.tolist() for w in model.weights]


def test_an_optimizer_state_that_does_not_fit_warns_and_training_starts_afresh(tmp_path):
    from glassnet.models import archive
    model = _model()
    model.compile("adam", "mse")
    model.fit(np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32), verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    meta, groups = archive.read(path)
    groups["optimizer"] = [np.zeros(a.size + 1, a.dtype) if a.ndim else a for a in groups["optimizer"]]
    archive.write(path, meta, groups)
    with pytest.warns(UserWarning, match="the optimizer state could not be restored"):
        loaded = keras.models.load_model(path)
    assert loaded.compiled
    np.testing.assert_array_equal(loaded.get_weights()[0], model.get_weights()[0])


def test_a_loaded_model_reports_its_loss_as_loss_objects_as_after_compile(tmp_path):
    model = _model()
    model.compile("sgd", loss=keras.losses.Huber(delta=0.5))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.loss, keras.losses.Huber) and loaded.loss.delta == 0.5
