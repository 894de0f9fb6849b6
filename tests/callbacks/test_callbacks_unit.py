"""Tests for glassnet/callbacks/ with a stand-in model (the hooks driven by hand, as fit does)."""
import csv
import io
import math

import numpy as np
import pytest

from glassnet import callbacks as cb
from glassnet.optimizers import SGD


class FakeModel:
    """Just what the callbacks use: weights, an optimizer, save, stop_training."""

    def __init__(self):
        self.weights = [np.zeros(2)]
        self.optimizer = SGD(0.1)
        self.stop_training = False
        self.saved = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]

    def save(self, path):
        self.saved.append(path)
        with open(path, "w") as f:
            f.write("model")


def run_epochs(callbacks, model, epoch_logs, steps=3, batch_logs=None):
    """Drive the hooks like Model.fit; epoch e's weights are [e, e]."""
    cl = cb.CallbackList(callbacks, model=model, add_history=True, epochs=len(epoch_logs),
                         steps=steps, verbose=0)
    cl.on_train_begin()
    for epoch, logs in enumerate(epoch_logs):
        cl.on_epoch_begin(epoch)
        for step in range(steps):
            cl.on_train_batch_begin(step)
            model.weights = [np.full(2, float(epoch))]
            cl.on_train_batch_end(step, dict(batch_logs or {"loss": logs.get("loss", 0.0)}))
            if model.stop_training:
                break
        logs = dict(logs)
        cl.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    cl.on_train_end()
    return cl


def test_callback_list_dispatches_every_hook_in_order():
    calls = []

    class Recorder(cb.Callback):
        def __getattribute__(self, name):
            if name.startswith("on_"):
                return lambda *args: calls.append(name)
            return super().__getattribute__(name)

    cl = cb.CallbackList([Recorder()], verbose=0)
    for hook in ["on_train_begin", "on_epoch_begin", "on_train_batch_begin", "on_train_batch_end",
                 "on_epoch_end", "on_train_end", "on_test_begin", "on_test_batch_begin",
                 "on_test_batch_end", "on_test_end", "on_predict_begin", "on_predict_batch_begin",
                 "on_predict_batch_end", "on_predict_end"]:
        args = (0,) if "epoch" in hook or "batch" in hook else ()
        getattr(cl, hook)(*args)
        assert calls[-1] == hook


def test_callback_list_adds_history_and_progbar_once_and_sets_params():
    model = FakeModel()
    history = cb.History()
    cl = cb.CallbackList([history], model=model, add_history=True, add_progbar=True,
                         verbose=1, epochs=3, steps=10, batch_size=32)
    assert cl.history is history
    assert sum(isinstance(c, cb.ProgbarLogger) for c in cl) == 1
    assert len(cl) == 2
    assert history.params == {"verbose": 1, "epochs": 3, "steps": 10, "batch_size": 32}
    assert history.model is model and model.history is history
    with pytest.raises(TypeError, match="Callback"):
        cb.CallbackList([lambda: None])


def test_history_records_epoch_logs():
    model = FakeModel()
    cl = run_epochs([], model, [{"loss": 1.0, "val_loss": 2.0}, {"loss": 0.5, "val_loss": 1.5}])
    assert cl.history.history == {"loss": [1.0, 0.5], "val_loss": [2.0, 1.5]}
    assert cl.history.epoch == [0, 1]


def test_progbar_shows_metrics_and_is_silent_at_verbose_0():
    out = io.StringIO()
    bar = cb.ProgbarLogger(file=out)
    cl = cb.CallbackList([bar], verbose=1, epochs=2, steps=4)
    cl.on_train_begin()
    for epoch in range(2):
        cl.on_epoch_begin(epoch)
        for step in range(4):
            cl.on_train_batch_end(step, {"loss": 0.25, "accuracy": 0.75})
        cl.on_epoch_end(epoch, {"loss": 0.25, "accuracy": 0.75, "val_loss": 0.5})
    cl.on_train_end()
    text = out.getvalue()
    assert "Epoch 1/2" in text and "Epoch 2/2" in text
    assert "4/4" in text and "loss: 0.2500" in text and "val_loss: 0.5000" in text

    quiet = io.StringIO()
    cl = cb.CallbackList([cb.ProgbarLogger(file=quiet)], verbose=0, epochs=1, steps=2)
    cl.on_train_begin()
    cl.on_epoch_begin(0)
    cl.on_train_batch_end(0, {"loss": 1.0})
    cl.on_epoch_end(0, {"loss": 1.0})
    cl.on_train_end()
    assert quiet.getvalue() == ""

    lines = io.StringIO()
    cl = cb.CallbackList([cb.ProgbarLogger(file=lines)], verbose=2, epochs=1, steps=2)
    cl.on_epoch_begin(0)
    cl.on_epoch_end(0, {"loss": 1.0})
    assert lines.getvalue().startswith("Epoch 1/1 - ") and "loss: 1.0000" in lines.getvalue()


def test_early_stopping_patience_min_delta_and_restore():
    model = FakeModel()
    stopper = cb.EarlyStopping(monitor="val_loss", patience=2, min_delta=0.05,
                               restore_best_weights=True)
    # best at epoch 1; epoch 2 improves by less than min_delta; stops at epoch 3
    logs = [{"val_loss": v} for v in (1.0, 0.5, 0.47, 0.6, 0.1, 0.1)]
    cl = run_epochs([stopper], model, logs)
    assert stopper.stopped_epoch == 3 and stopper.best_epoch == 1 and stopper.best == 0.5
    assert cl.history.epoch == [0, 1, 2, 3]
    np.testing.assert_array_equal(model.weights[0], [1.0, 1.0])  # the weights of epoch 1


def test_early_stopping_modes_and_baseline():
    assert cb.EarlyStopping(monitor="val_accuracy").mode == "max"
    assert cb.EarlyStopping(monitor="loss").mode == "min"
    model = FakeModel()
    stopper = cb.EarlyStopping(monitor="accuracy", patience=1)
    run_epochs([stopper], model, [{"accuracy": a} for a in (0.5, 0.6, 0.6, 0.7)])
    assert stopper.stopped_epoch == 2
    model = FakeModel()
    stopper = cb.EarlyStopping(monitor="loss", patience=2, baseline=0.1)
    run_epochs([stopper], model, [{"loss": v} for v in (1.0, 0.9, 0.8, 0.7, 0.7, 0.6)])
    # as in Keras: improvements above the baseline do not reset the wait, so the first
    # epoch without improvement stops training
    assert stopper.stopped_epoch == 4
    with pytest.raises(ValueError, match="mode"):
        cb.EarlyStopping(mode="smallest")


def test_early_stopping_warns_when_the_value_is_missing():
    with pytest.warns(RuntimeWarning, match="'val_loss' is not in the logs.*loss"):
        run_epochs([cb.EarlyStopping()], FakeModel(), [{"loss": 1.0}])


def test_model_checkpoint_formats_names_and_keeps_the_best(tmp_path):
    model = FakeModel()
    every = cb.ModelCheckpoint(str(tmp_path / "m-{epoch:02d}-{loss:.1f}.keras"), monitor="loss")
    best = cb.ModelCheckpoint(str(tmp_path / "best" / "best.keras"), monitor="loss",
                              save_best_only=True)
    run_epochs([every, best], model, [{"loss": v} for v in (0.9, 0.4, 0.6)])
    names = [p.rsplit("/", 1)[-1] for p in model.saved]
    assert names == ["m-01-0.9.keras", "best.keras", "m-02-0.4.keras", "best.keras",
                     "m-03-0.6.keras"]
    assert best.best == 0.4 and (tmp_path / "best" / "best.keras").exists()
    with pytest.raises(KeyError, match="val_acc"):
        run_epochs([cb.ModelCheckpoint(str(tmp_path / "{val_acc}.keras"))], FakeModel(),
                   [{"loss": 1.0}])


def test_model_checkpoint_every_n_batches(tmp_path):
    model = FakeModel()
    ckpt = cb.ModelCheckpoint(str(tmp_path / "e{epoch}-b{batch}.keras"), save_freq=2)
    run_epochs([ckpt], model, [{"loss": 1.0}] * 2, steps=3)
    assert [p.rsplit("/", 1)[-1] for p in model.saved] == ["e1-b1.keras", "e2-b0.keras",
                                                           "e2-b2.keras"]


def test_learning_rate_scheduler_sets_and_logs_the_rate():
    model = FakeModel()
    seen = []
    sched = cb.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)
    cl = run_epochs([sched, cb.LambdaCallback(on_epoch_begin=lambda e, logs: seen.append(
        model.optimizer.learning_rate))], model, [{"loss": 1.0}] * 3)
    assert seen == pytest.approx([0.1, 0.05, 0.025])
    assert cl.history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.025])
    model = FakeModel()
    run_epochs([cb.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))], model, [{}] * 2)
    assert model.optimizer.learning_rate == pytest.approx(0.02)


def test_reduce_lr_on_plateau():
    model = FakeModel()
    reducer = cb.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, min_lr=0.03)
    run_epochs([reducer], model, [{"loss": v} for v in (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)])
    assert model.optimizer.learning_rate == pytest.approx(0.03)


def test_terminate_on_nan_stops_with_advice():
    model = FakeModel()
    with pytest.warns(RuntimeWarning, match="epoch 2, batch 0.*smaller learning rate"):
        cl = run_epochs([cb.TerminateOnNaN()], model, [{"loss": 1.0}, {"loss": math.nan},
                                                        {"loss": 1.0}])
    assert model.stop_training and cl.history.epoch == [0, 1]


def test_csv_logger_writes_and_appends(tmp_path):
    path = tmp_path / "logs" / "train.csv"
    run_epochs([cb.CSVLogger(str(path))], FakeModel(),
               [{"loss": 1.0, "accuracy": 0.5}, {"loss": 0.5, "accuracy": 0.75}])
    run_epochs([cb.CSVLogger(str(path), append=True)], FakeModel(), [{"loss": 0.25, "accuracy": 1.0}])
    rows = list(csv.DictReader(path.open()))
    assert [r["epoch"] for r in rows] == ["0", "1", "0"]
    assert [float(r["loss"]) for r in rows] == [1.0, 0.5, 0.25]
    assert list(rows[0]) == ["epoch", "accuracy", "loss"]


def test_lambda_callback_rejects_unknown_hooks():
    with pytest.raises(TypeError, match="on_epoch_finish"):
        cb.LambdaCallback(on_epoch_finish=print)
