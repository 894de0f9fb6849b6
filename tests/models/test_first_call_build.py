"""Models whose weights are made on their first call train from their first batch (issue 9, item 1).

Each test fails when the weights do not move: a model that kept its initial weights through
``fit`` has the same loss every epoch, which these tests refuse.
"""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


class ThreeDense(keras.Model):
    """The lecture's example: Dense layers made in __init__, composed in call, built on first call."""

    def __init__(self):
        super().__init__()
        self.hidden1 = layers.Dense(16, activation="relu")
        self.hidden2 = layers.Dense(8, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden2(self.hidden1(inputs)))


def _regression(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)


def _models():
    return {"subclassed": ThreeDense(),
            "sequential without Input": keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])}


@pytest.mark.parametrize("kind", ["subclassed", "sequential without Input"])
def test_first_fit_trains(kind):
    model = _models()[kind]
    x, y = _regression()
    model.compile(keras.optimizers.SGD(0.05), "mse")
    history = model.fit(x, y, epochs=4, batch_size=16, verbose=0, shuffle=False)
    losses = history.history["loss"]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:])), losses
    assert losses[-1] < 0.7 * losses[0]


@pytest.mark.parametrize("kind", ["subclassed", "sequential without Input"])
def test_first_train_on_batch_moves_the_weights(kind):
    model = _models()[kind]
    x, y = _regression(n=32)
    model.compile(keras.optimizers.SGD(0.05), "mse")
    first = model.train_on_batch(x, y)
    weights_after_first = model.get_weights()
    second = model.train_on_batch(x, y)
    assert second < first
    assert any(not np.array_equal(a, b) for a, b in zip(weights_after_first, model.get_weights()))


@pytest.mark.parametrize("before", ["evaluate", "predict"])
@pytest.mark.parametrize("kind", ["subclassed", "sequential without Input"])
def test_evaluate_or_predict_before_fit_then_fit_trains(kind, before):
    model = _models()[kind]
    x, y = _regression()
    model.compile(keras.optimizers.SGD(0.05), "mse")
    if before == "evaluate":
        model.evaluate(x, y, verbose=0)
    else:
        model.predict(x, verbose=0)
    weights = model.get_weights()
    assert weights, "the model was built by its first call"
    start = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert model.evaluate(x, y, verbose=0) < 0.7 * start
    assert all(not np.array_equal(a, b) for a, b in zip(weights, model.get_weights()))


@pytest.mark.parametrize("update", ["step", "apply_gradients", "apply"])
def test_hand_written_loop_trains_from_the_first_batch(update):
    model = ThreeDense()
    x, y = _regression()
    loss_fn = keras.losses.MeanSquaredError()
    optimizer = keras.optimizers.SGD(0.05)
    losses = []
    for _ in range(20):
        loss = loss_fn(y, model(x, training=True))
        loss.backward()
        weights = model.trainable_weights
        if update == "step":
            optimizer.step(weights)
        elif update == "apply_gradients":
            optimizer.apply_gradients(zip([w.grad for w in weights], weights))
        else:
            optimizer.apply([w.grad for w in weights], weights)
        losses.append(float(loss.data))
    assert losses[1] < losses[0] and losses[-1] < 0.5 * losses[0]
