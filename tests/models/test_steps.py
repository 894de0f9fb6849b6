"""train_step / test_step / predict_step overrides, compute_loss and self.metrics, as in Keras 3's
guide "Customizing what happens in fit()" (written from its documented behaviour)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _data(n=128, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-1.0], [0.5], [2.0]], np.float32)).astype(np.float32)


class CountingModel(keras.Model):
    """train_step with compute_loss, loss.backward(), optimizer.apply and the metrics loop."""

    steps_run = 0

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        weights = self.trainable_weights
        self.optimizer.apply([w.grad for w in weights], weights)
        self.steps_run += 1
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def _functional(cls):
    inputs = keras.Input(shape=(4,))
    return cls(inputs, layers.Dense(1)(layers.Dense(8, activation="tanh")(inputs)))


def test_overridden_train_step_is_what_fit_runs():
    model = _functional(CountingModel)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    x, y = _data()
    history = model.fit(x, y, epochs=4, batch_size=32, verbose=0)
    assert model.steps_run == 4 * 4
    assert set(history.history) == {"loss", "mae"}
    losses = history.history["loss"]
    assert losses[-1] < 0.6 * losses[0]
    assert all(isinstance(v, float) for v in losses)
    # the loss tracker is reset each epoch: the first epoch's loss is the mean of its own batches only
    assert model.evaluate(x, y, verbose=0)[0] < losses[0]


class OwnTrackers(keras.Model):
    """compile(optimizer) only; the model keeps its own loss tracker and metric (Keras 3 idiom)."""

    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(8, activation="tanh")
        self.out = layers.Dense(1)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
        self.loss_fn = keras.losses.MeanSquaredError()

    def call(self, x):
        return self.out(self.hidden(x))

    def train_step(self, data):
        x, y = data
        y_pred = self(x, training=True)
        loss = self.loss_fn(y, y_pred)
        loss.backward()
        self.optimizer.apply_gradients(zip([w.grad for w in self.trainable_weights], self.trainable_weights))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.loss_tracker.update_state(self.loss_fn(y, y_pred))
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


def test_own_loss_tracker_without_a_compiled_loss_trains_and_resets_each_epoch():
    model = OwnTrackers()
    model.compile(optimizer=keras.optimizers.SGD(0.05))
    x, y = _data()
    history = model.fit(x, y, epochs=3, batch_size=32, verbose=0, validation_data=(x, y))
    assert set(history.history) == {"loss", "mae", "val_loss", "val_mae"}
    assert history.history["loss"][-1] < 0.7 * history.history["loss"][0]
    # reset each epoch: the epoch's value is the mean of that epoch's batches, so after the last
    # evaluate the tracker holds exactly one pass over (x, y)
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    expected = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
    assert result["loss"] == pytest.approx(expected, rel=1e-4)


def test_metric_attributes_are_in_metrics_and_reset_by_fit():
    model = OwnTrackers()
    assert {m.name for m in model.metrics} == {"loss", "mae"}
    model.loss_tracker.update_state(100.0)
    model.compile(optimizer="sgd")
    model.fit(*_data(), epochs=1, verbose=0)
    assert model.loss_tracker.result() < 100.0


def test_overridden_test_step_and_predict_step():
    class Classifier(keras.Model):
        def test_step(self, data):
            x, y = data
            return {"seen": float(len(x))}

        def predict_step(self, data):
            x = data[0] if isinstance(data, tuple) else data
            return self(x, training=False).data.argmax(axis=-1)

    inputs = keras.Input(shape=(4,))
    model = Classifier(inputs, layers.Dense(3, activation="softmax")(inputs))
    model.compile("sgd", "sparse_categorical_crossentropy")
    x = _data(n=50)[0]
    assert model.evaluate(x, np.zeros(50, int), batch_size=16, verbose=0) == 2.0  # the last batch has 2
    labels = model.predict(x, batch_size=16, verbose=0)
    assert labels.shape == (50,) and labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels, model(x).data.argmax(-1))


def test_compute_loss_adds_the_model_losses():
    class Penalised(keras.Model):
        def call(self, x):
            out = self.dense(x)
            self.add_loss((out * 0.0).sum() + 3.0)
            return out

        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

    model = Penalised()
    model.compile("sgd", "mse")
    x, y = _data(n=8)
    y_pred = model(x)
    plain = keras.losses.MeanSquaredError()(y, y_pred).item()
    assert model.compute_loss(x=x, y=y, y_pred=y_pred).item() == pytest.approx(plain + 3.0, rel=1e-5)


def test_no_loss_anywhere_is_a_clear_error():
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, layers.Dense(1)(inputs))
    model.compile("sgd")
    with pytest.raises(ValueError, match="no loss to compute"):
        model.fit(*_data(), verbose=0)


def test_fit_on_x_alone_gives_train_step_the_array():
    seen = []

    class XOnly(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(4)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            seen.append(type(data))
            reconstruction = self(data, training=True)
            loss = ((reconstruction - data) * (reconstruction - data)).mean()
            loss.backward()
            self.optimizer.step(self.trainable_weights)
            return {"loss": loss}

    model = XOnly()
    model.compile(keras.optimizers.SGD(0.1))
    history = model.fit(_data()[0], epochs=3, batch_size=32, verbose=0)
    assert seen[0] is np.ndarray
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_gan_style_model_with_its_own_compile_and_two_optimizers():
    """The Keras guide's pattern: compile(d_optimizer, g_optimizer, loss_fn) calling super().compile(),
    two sub-models, two loss trackers in the metrics property."""
    class TwoPlayers(keras.Model):
        def __init__(self):
            super().__init__()
            self.critic = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
            self.maker = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])
            self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
            self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
            self.rng = np.random.default_rng(0)

        def compile(self, d_optimizer, g_optimizer, loss_fn):
            super().compile()
            self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

        @property
        def metrics(self):
            return [self.d_loss_tracker, self.g_loss_tracker]

        def train_step(self, real):
            noise = self.rng.normal(size=real.shape).astype(np.float32)
            fake = self.maker(noise).data  # the critic's step: the maker's output as a constant
            d_loss = self.loss_fn(np.ones((len(real), 1)), self.critic(real)) + \
                self.loss_fn(np.zeros((len(real), 1)), self.critic(fake))
            d_loss.backward()
            weights = self.critic.trainable_weights
            self.d_optimizer.apply_gradients(zip([w.grad for w in weights], weights))
            g_loss = self.loss_fn(np.ones((len(real), 1)), self.critic(self.maker(noise)))
            g_loss.backward()
            weights = self.maker.trainable_weights
            self.g_optimizer.apply_gradients(zip([w.grad for w in weights], weights))
            self.d_loss_tracker.update_state(d_loss)
            self.g_loss_tracker.update_state(g_loss)
            return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}

    model = TwoPlayers()
    model.compile(keras.optimizers.SGD(0.05), keras.optimizers.SGD(0.05),
                  keras.losses.BinaryCrossentropy(from_logits=True))
    maker_before, critic_before = model.maker.get_weights(), model.critic.get_weights()
    real = np.random.default_rng(0).normal(loc=3.0, size=(64, 2)).astype(np.float32)
    history = model.fit(real, epochs=2, batch_size=16, verbose=0)
    assert set(history.history) == {"d_loss", "g_loss"}
    assert all(not np.allclose(a, b) for a, b in zip(maker_before, model.maker.get_weights()))
    assert all(not np.allclose(a, b) for a, b in zip(critic_before, model.critic.get_weights()))


def test_overridden_compute_loss_is_used_by_fit_and_evaluate():
    class Doubled(keras.Model):
        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):
            return super().compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight) * 2.0

    model = _functional(Doubled)
    model.compile(keras.optimizers.SGD(0.0), "mse")
    x, y = _data(n=32)
    expected = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
    assert model.evaluate(x, y, batch_size=32, verbose=0) == pytest.approx(2 * expected, rel=1e-5)
    assert model.fit(x, y, batch_size=32, verbose=0).history["loss"][0] == pytest.approx(2 * expected, rel=1e-5)


def test_fit_runs_when_the_loss_does_not_depend_on_any_weight():
    """Keras's subclassing guide: a model whose only loss is an add_loss term on its inputs fits
    (nothing to train) instead of failing in backward()."""
    import glassnet as keras
    from glassnet import layers, ops

    class InputPenalty(layers.Layer):
        def call(self, inputs):
            self.add_loss(0.01 * ops.mean(inputs))
            return inputs

    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, InputPenalty()(inputs))
    model.compile(optimizer="adam")
    x = np.full((4, 3), 2.0, dtype="float32")
    history = model.fit(x, x, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.02], rtol=1e-5)


class AttributeTrackers(keras.Model):
    """Keras 3 tracks metrics assigned to attributes, without a ``metrics`` property."""

    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(8, activation="tanh")
        self.out = layers.Dense(1)
        self.gap_tracker = keras.metrics.Mean(name="gap")

    def call(self, x, training=False):
        return self.out(self.hidden(x))

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        self.optimizer.apply([w.grad for w in self.trainable_weights], self.trainable_weights)
        self.gap_tracker.update_state(np.abs(y_pred.data - y).max())
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
        return self.get_metrics_result()


def test_metrics_assigned_to_attributes_are_tracked_and_found_again_after_a_reset():
    model = AttributeTrackers()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    x, y = _data()
    history = model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert "gap" in history.history and history.history["gap"][0] > 0
    assert history.history["loss"][-1] < history.history["loss"][0]
    model.late_tracker = keras.metrics.Mean(name="late")      # added after the first fit
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)        # fit resets the metrics, finding it
    assert "late" in [m.name for m in model.metrics]


def test_the_diverged_loss_warning_points_at_the_users_fit_call():
    model = _functional(keras.Model)
    model.compile(optimizer=keras.optimizers.SGD(1e30), loss="mse")
    x, y = _data()
    with pytest.warns(RuntimeWarning, match="Training stopped") as record:
        model.fit(x * 1e20, y, epochs=1, batch_size=32, verbose=0)
    assert any(w.filename == __file__ for w in record if "Training stopped" in str(w.message))
