"""What fit / train_on_batch promise beyond the loss going down: every penalty and weight counts,
and the arguments that limit or stop training (callbacks, steps, validation_freq) do what they say."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, regularizers
from glassnet.callbacks import Callback, EarlyStopping
from glassnet.models import Sequential


def _regression(n=60, features=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    y = (x @ rng.normal(size=(features, 1)) + 0.5).astype(np.float32)
    return x, y


def _model(learning_rate=0.0, **dense_kwargs):
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="tanh", **dense_kwargs),
                        layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    return model


def _mse(model, x, y, weights=None):
    squared = ((model.predict_on_batch(x) - y) ** 2).mean(axis=-1)
    weights = np.ones(len(x)) if weights is None else weights
    return float(np.sum(weights * squared) / len(x))


def test_fit_changes_every_weight_and_lowers_the_loss():
    x, y = _regression()
    model = _model(learning_rate=0.05)
    before = model.get_weights()
    history = model.fit(x, y, batch_size=16, epochs=5, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    for old, new in zip(before, model.get_weights()):
        assert not np.allclose(old, new)


def test_every_layers_regularisation_penalty_counts():
    x, y = _regression()
    model = Sequential([keras.Input(shape=(4,)),
                        layers.Dense(6, activation="tanh", kernel_regularizer=regularizers.L2(0.1)),
                        layers.Dense(5, bias_initializer="ones", bias_regularizer=regularizers.L1(0.2)),
                        layers.Dense(1, kernel_regularizer=regularizers.L2(0.3))])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    k1, _, _, b2, k3, _ = model.get_weights()
    penalties = 0.1 * np.sum(k1 ** 2) + 0.2 * np.sum(np.abs(b2)) + 0.3 * np.sum(k3 ** 2)
    expected = _mse(model, x, y) + penalties
    assert model.evaluate(x, y, batch_size=len(x), verbose=0) == pytest.approx(expected, rel=1e-5)
    assert model.test_on_batch(x, y) == pytest.approx(expected, rel=1e-5)
    assert model.train_on_batch(x, y) == pytest.approx(expected, rel=1e-5)
    history = model.fit(x, y, batch_size=len(x), epochs=1, verbose=0)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)


def test_penalties_pull_the_weights_during_training():
    x, y = _regression()
    plain, penalised = _model(0.05), _model(0.05, kernel_regularizer=regularizers.L2(1.0))
    penalised.set_weights(plain.get_weights())
    plain.fit(x, y, batch_size=60, epochs=3, shuffle=False, verbose=0)
    penalised.fit(x, y, batch_size=60, epochs=3, shuffle=False, verbose=0)
    assert np.sum(penalised.get_weights()[0] ** 2) < np.sum(plain.get_weights()[0] ** 2)


def test_class_weight_multiplies_sample_weight():
    x, y = _regression()
    model = Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="sparse_categorical_crossentropy")
    labels = np.arange(len(x)) % 3
    sample_weight = np.linspace(0.5, 2.0, len(x)).astype(np.float32)
    class_weight = {0: 1.0, 1: 3.0, 2: 0.5}
    per_sample = -np.log(model.predict_on_batch(x)[np.arange(len(x)), labels])
    combined = sample_weight * np.array([class_weight[k] for k in labels])
    expected = float(np.sum(combined * per_sample) / len(x))
    assert model.train_on_batch(x, labels, sample_weight=sample_weight,
                                class_weight=class_weight) == pytest.approx(expected, rel=1e-5)
    history = model.fit(x, labels, batch_size=len(x), sample_weight=sample_weight,
                        class_weight=class_weight, verbose=0)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)
    batches = iter([(x, labels, sample_weight)])            # the same batch from a generator
    history = model.fit(batches, class_weight=class_weight, verbose=0)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)


def test_train_on_batch_reports_that_batch_alone():
    x, y = _regression()
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse", metrics=["mae"])
    first, second = slice(0, 20), slice(20, 60)
    model.train_on_batch(x[first], y[first])
    loss, mae = model.train_on_batch(x[second], y[second])
    prediction = model.predict_on_batch(x[second])
    assert loss == pytest.approx(_mse(model, x[second], y[second]), rel=1e-5)
    assert mae == pytest.approx(float(np.mean(np.abs(prediction - y[second]))), rel=1e-5)


class _CountBatches(Callback):
    def __init__(self, stop_at=None):
        super().__init__()
        self.batches, self.stop_at = 0, stop_at

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if self.batches == self.stop_at:
            self.model.stop_training = True


def test_a_second_fit_after_early_stopping_trains_all_its_epochs():
    x, y = _regression()
    model = _model(learning_rate=0.0)     # nothing improves: early stopping ends the first fit
    first = model.fit(x, y, batch_size=20, epochs=10, callbacks=[EarlyStopping(monitor="loss", patience=1)],
                      verbose=0)
    assert len(first.history["loss"]) < 10
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
    counter = _CountBatches()
    second = model.fit(x, y, batch_size=20, epochs=3, callbacks=[counter], verbose=0)
    assert len(second.history["loss"]) == 3 and counter.batches == 9
    assert model.optimizer.iterations == 9


def test_stop_training_in_the_middle_of_an_epoch_stops_after_that_batch():
    x, y = _regression()
    model = _model(learning_rate=0.05)
    counter = _CountBatches(stop_at=2)
    history = model.fit(x, y, batch_size=10, epochs=4, callbacks=[counter], verbose=0)
    assert counter.batches == 2 and model.optimizer.iterations == 2
    assert len(history.history["loss"]) == 1


def test_validation_freq_validates_every_nth_epoch():
    x, y = _regression()
    x_val, y_val = _regression(n=20, seed=1)
    seen = []

    class Record(Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append("val_loss" in logs)

    model = _model()
    history = model.fit(x, y, batch_size=30, epochs=4, validation_data=(x_val, y_val), validation_freq=2,
                        callbacks=[Record()], verbose=0)
    assert seen == [False, True, False, True]
    assert len(history.history["val_loss"]) == 2


def test_steps_per_epoch_and_validation_steps_limit_the_batches():
    x, y = _regression(n=60)
    x_val, y_val = _regression(n=40, seed=2)
    y_val[10:] += 100.0                    # the batches after the first would change val_loss a lot
    model = _model()
    counter = _CountBatches()
    history = model.fit(x, y, batch_size=10, epochs=3, steps_per_epoch=2, validation_data=(x_val, y_val),
                        validation_steps=1, validation_batch_size=10, callbacks=[counter], verbose=0)
    assert counter.batches == 6 and model.optimizer.iterations == 6
    assert history.history["val_loss"][-1] == pytest.approx(_mse(model, x_val[:10], y_val[:10]), rel=1e-5)
    assert model.evaluate(x_val, y_val, batch_size=10, steps=1, verbose=0) == pytest.approx(
        _mse(model, x_val[:10], y_val[:10]), rel=1e-5)
    assert model.predict(x_val, batch_size=10, steps=2, verbose=0).shape == (20, 1)


def test_a_hand_written_loop_can_read_stop_training_before_any_fit():
    # The loop of Keras' "training loop from scratch" guide: callbacks driven by hand, the loop
    # ending when one of them sets model.stop_training. A new model must start at False.
    x, y = _regression()
    model = _model(learning_rate=0.0)
    assert model.stop_training is False
    callbacks = keras.callbacks.CallbackList([EarlyStopping(monitor="loss", patience=1)], model=model)
    callbacks.on_train_begin()
    epochs = 0
    while not model.stop_training and epochs < 10:
        loss = model.train_on_batch(x, y)
        callbacks.on_epoch_end(epochs, {"loss": loss})
        epochs += 1
    assert model.stop_training is True and epochs < 10   # the loss never improves at learning rate 0
