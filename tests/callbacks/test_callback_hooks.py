"""The hooks Keras 3 calls and what they receive: logs always a dict, validation's on_test_* inside
fit, on_predict_batch_end's outputs, the Keras 2 batch names, ModelCheckpoint's messages (item 5)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.callbacks import Callback


class Recorder(Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_") and name not in ("on_batch_begin", "on_batch_end"):
            calls = object.__getattribute__(self, "calls")

            def hook(*args, logs=None):
                logs = args[-1] if args and isinstance(args[-1], dict) or (args and args[-1] is None) else logs
                calls.append((name, logs))
            return hook
        return object.__getattribute__(self, name)


def _model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model


def _data(n=20):
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, 3)).astype(np.float32), rng.normal(size=(n, 2)).astype(np.float32)


def test_every_hook_gets_a_dict_and_validation_calls_the_test_hooks():
    x, y = _data()
    recorder = Recorder()
    _model().fit(x, y, batch_size=8, epochs=1, verbose=0, validation_data=(x[:10], y[:10]),
                 callbacks=[recorder])
    names = [name for name, _ in recorder.calls]
    assert all(isinstance(logs, dict) for _, logs in recorder.calls), recorder.calls
    assert names == (["on_train_begin", "on_epoch_begin"]
                     + ["on_train_batch_begin", "on_train_batch_end"] * 3
                     + ["on_test_begin"] + ["on_test_batch_begin", "on_test_batch_end"] * 2 + ["on_test_end"]
                     + ["on_epoch_end", "on_train_end"])
    test_end = dict(recorder.calls)["on_test_end"]
    assert set(test_end) == {"loss", "mae"}  # un-prefixed, as Keras gives them to on_test_end
    assert set(dict(recorder.calls)["on_epoch_end"]) == {"loss", "mae", "val_loss", "val_mae"}


def test_predict_batch_end_receives_the_outputs():
    x, _ = _data()
    outputs = []

    class Grab(Callback):
        def on_predict_batch_end(self, batch, logs=None):
            outputs.append(logs["outputs"])

    model = _model()
    predictions = model.predict(x, batch_size=8, verbose=0, callbacks=[Grab()])
    assert [o.shape for o in outputs] == [(8, 2), (8, 2), (4, 2)]
    np.testing.assert_array_equal(np.concatenate(outputs), predictions)


def test_keras2_batch_hooks_are_called_in_fit():
    seen = []

    class Old(Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append((batch, round(logs["loss"], 6)))

    x, y = _data()
    _model().fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[Old()])
    assert [b for b, _ in seen] == [0, 1] and all(loss > 0 for _, loss in seen)


def test_model_checkpoint_verbose_says_what_it_saved(tmp_path, capsys):
    x, y = _data()
    path = tmp_path / "best.keras"
    checkpoint = keras.callbacks.ModelCheckpoint(str(path), monitor="val_loss", save_best_only=True, verbose=1)
    _model().fit(x, y, epochs=2, verbose=0, validation_data=(x, y), callbacks=[checkpoint])
    out = capsys.readouterr().out
    assert f"Epoch 1: val_loss improved from inf to" in out and f"saving model to {path}" in out
    assert path.exists()
    plain = keras.callbacks.ModelCheckpoint(str(tmp_path / "e{epoch}.weights.h5"), save_weights_only=True, verbose=1)
    _model().fit(x, y, epochs=1, verbose=0, callbacks=[plain])
    assert f"Epoch 1: saving model to {tmp_path / 'e1.weights.h5'}" in capsys.readouterr().out
