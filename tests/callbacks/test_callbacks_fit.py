"""glassnet/callbacks/ inside a real Model.fit (the contract between callbacks and models)."""
import io

import numpy as np
import pytest

import glassnet as keras
from glassnet import callbacks as cb
from glassnet import layers


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    return x, y


def make_model(lr=0.01):
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"),
                              layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_fit_returns_history_with_val_metrics(data):
    x, y = data
    model = make_model(lr=0.2)
    history = model.fit(x, y, epochs=3, batch_size=32, validation_split=0.25, verbose=0)
    assert isinstance(history, cb.History) and model.history is history
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1, 2] and history.params["epochs"] == 3
    assert history.history["loss"][-1] < history.history["loss"][0]  # the History records a training
    assert history.history["val_loss"][-1] < history.history["val_loss"][0]


def test_progress_bar_in_fit(data, capsys):
    x, y = data
    make_model().fit(x, y, epochs=2, batch_size=32, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out and "3/3" in out and "accuracy:" in out
    make_model().fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert capsys.readouterr().out == ""


def test_early_stopping_restores_the_best_weights_of_a_real_model(data):
    x, y = data
    model = make_model(lr=0.05)
    snapshots = []
    keep = cb.LambdaCallback(on_epoch_end=lambda epoch, logs: snapshots.append(
        (logs["val_loss"], model.get_weights())))
    stopper = cb.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    # a rising learning rate makes the validation loss turn back up
    grow = cb.LearningRateScheduler(lambda epoch, lr: 0.05 * 4 ** epoch)
    model.fit(x, y, epochs=30, batch_size=16, validation_split=0.25, verbose=0,
              callbacks=[keep, stopper, grow])
    assert stopper.stopped_epoch > 0 and len(snapshots) < 30
    best_loss, best_weights = min(snapshots, key=lambda s: s[0])
    assert best_loss == pytest.approx(stopper.best)
    for restored, expected in zip(model.get_weights(), best_weights):
        np.testing.assert_array_equal(restored, expected)


def test_model_checkpoint_writes_loadable_models(data, tmp_path):
    x, y = data
    model = make_model()
    path = tmp_path / "ckpt" / "best.keras"
    model.fit(x, y, epochs=3, batch_size=32, validation_split=0.25, verbose=0,
              callbacks=[cb.ModelCheckpoint(str(path), save_best_only=True)])
    loaded = keras.models.load_model(str(path))
    assert loaded.predict(x[:5], verbose=0).shape == (5, 2)


def test_csv_logger_and_terminate_on_nan_in_fit(data, tmp_path):
    x, y = data
    log = tmp_path / "log.csv"
    make_model().fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[cb.CSVLogger(str(log))])
    lines = log.read_text().splitlines()
    assert lines[0] == "epoch,accuracy,loss" and len(lines) == 3
    model = make_model(lr=1e30)  # diverges
    with pytest.warns(RuntimeWarning):
        history = model.fit(x * 1e6, y, epochs=5, batch_size=8, verbose=0,
                            callbacks=[cb.TerminateOnNaN()])
    assert len(history.epoch) < 5


def test_evaluate_and_predict_bars(data):
    x, y = data
    model = make_model()
    out = io.StringIO()
    model.evaluate(x, y, batch_size=32, verbose=1, callbacks=[cb.ProgbarLogger(file=out)])
    assert "Evaluate" in out.getvalue() and "3/3" in out.getvalue()
