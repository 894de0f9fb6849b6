"""The training loop's smaller promises: errors that name the argument, the callbacks' params,
empty inputs, and compile settings that cannot be saved."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.callbacks import Callback
from glassnet.models import Sequential


def _model(loss="mse"):
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss=loss)
    return model


def _data(n=10):
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, 3)).astype(np.float32), rng.normal(size=(n, 2)).astype(np.float32)


def test_bad_sample_weights_are_named_in_the_error():
    x, y = _data()
    bad = np.ones(10)
    bad[3] = np.nan
    with pytest.raises(ValueError, match=r"^sample_weight contains NaN"):
        _model().fit(x, y, sample_weight=bad, verbose=0)
    with pytest.raises(ValueError, match=r"^val_sample_weight contains NaN"):
        _model().fit(x, y, validation_data=(x, y, bad), verbose=0)
    with pytest.raises(ValueError, match=r"^val_y contains NaN"):
        _model().fit(x, y, validation_data=(x, np.where(y > 1, np.nan, y)), verbose=0)
    with pytest.raises(ValueError, match=r"sample_weight has 4"):
        _model().fit(x, y, sample_weight=np.ones(4), verbose=0)


def test_callbacks_hear_the_shape_of_each_run():
    x, y = _data(n=10)
    heard = {}

    class Listen(Callback):
        def on_train_begin(self, logs=None):
            heard["fit"] = dict(self.params)

        def on_test_begin(self, logs=None):
            heard["evaluate"] = dict(self.params)

        def on_predict_begin(self, logs=None):
            heard["predict"] = dict(self.params)

    model = _model()
    model.fit(x, y, batch_size=4, epochs=3, callbacks=[Listen()], verbose=0)
    model.evaluate(x, y, batch_size=4, callbacks=[Listen()], verbose=0)
    model.predict(x, batch_size=3, callbacks=[Listen()], verbose=0)
    assert (heard["fit"]["epochs"], heard["fit"]["steps"]) == (3, 3)
    assert (heard["evaluate"]["epochs"], heard["evaluate"]["steps"]) == (1, 3)
    assert (heard["predict"]["epochs"], heard["predict"]["steps"]) == (1, 4)


def test_predict_of_no_samples_is_empty():
    out = _model().predict(np.zeros((0, 3), dtype=np.float32), verbose=0)
    assert isinstance(out, np.ndarray) and out.size == 0


def test_a_custom_loss_function_cannot_be_saved_and_says_so():
    def my_loss(y_true, y_pred):
        return keras.ops.mean((y_true - y_pred) ** 2)

    model = _model(loss=my_loss)
    with pytest.warns(UserWarning, match="compile settings cannot be saved"):
        assert model.get_compile_config() is None
    assert _model().get_compile_config()["loss"] is not None


def test_validation_split_may_leave_a_single_training_sample():
    x, y = _data(n=4)
    history = _model().fit(x, y, validation_split=0.75, epochs=1, verbose=0)
    assert len(history.history["val_loss"]) == 1
    with pytest.raises(ValueError, match="leaves 0 training and 4 validation samples"):
        _model().fit(x, y, validation_split=0.9, verbose=0)
