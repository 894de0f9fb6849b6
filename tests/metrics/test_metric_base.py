"""Metric subclasses as Keras 3 writes them: add_variable, update_state, result() with .numpy(),
reset_state() of every variable, no reset before the subclass made its state (item 7)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


class CategoricalTruePositives(keras.metrics.Metric):
    """The Keras guide's custom metric: how many samples were classified correctly."""

    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")
        self.seen = self.add_weight(shape=(2,), name="seen", initializer="ones")

    def update_state(self, y_true, y_pred, sample_weight=None):
        predicted = np.argmax(np.asarray(y_pred), axis=1).reshape(-1, 1)
        values = (np.asarray(y_true).astype("int32").reshape(-1, 1) == predicted).astype("float32")
        if sample_weight is not None:
            values = values * np.asarray(sample_weight, "float32").reshape(-1, 1)
        self.true_positives.assign_add(values.sum())
        self.seen.assign_add(np.array([len(values), 0.0]))

    def result(self):
        return self.true_positives


def test_add_variable_update_result_and_reset():
    metric = CategoricalTruePositives()
    assert {v.name for v in metric.variables} == {"categorical_true_positives/ctp", "categorical_true_positives/seen"}
    metric.update_state(np.array([0, 1, 1]), np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]]))
    assert float(metric.result().numpy()) == 2.0
    metric.update_state(np.array([0]), np.array([[0.9, 0.1]]), sample_weight=np.array([0.5]))
    assert float(metric.result().numpy()) == 2.5
    np.testing.assert_array_equal(metric.seen.numpy(), [5.0, 1.0])
    metric.reset_state()
    assert float(metric.result().numpy()) == 0.0
    np.testing.assert_array_equal(metric.seen.numpy(), [1.0, 1.0])  # back to its initializer, not to zero


def test_custom_metric_in_fit_is_reset_each_epoch():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2, activation="softmax")])
    model.compile(keras.optimizers.SGD(0.5), "sparse_categorical_crossentropy", metrics=[CategoricalTruePositives()])
    history = model.fit(x, y, batch_size=20, epochs=3, verbose=0)
    counts = history.history["categorical_true_positives"]
    assert all(0 < c <= 60 for c in counts)  # counts of one epoch: never more than its 60 samples
    assert counts[-1] >= counts[0]


def test_builtin_results_have_numpy_and_behave_as_floats():
    mean = keras.metrics.Mean()
    mean.update_state([1.0, 2.0, 6.0])
    assert mean.result() == pytest.approx(3.0) and mean.result().numpy() == np.float32(3.0)
    accuracy = keras.metrics.SparseCategoricalAccuracy()
    accuracy.update_state([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    assert accuracy.result().numpy() == pytest.approx(0.5)
    accuracy.reset_state()
    assert accuracy.result() == 0.0


def test_base_class_does_not_reset_before_the_subclass_has_state():
    class StateAfterSuper(keras.metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)  # a reset here would fail: self.total does not exist yet
            self.total = self.add_variable(shape=(), initializer="zeros", name="total")

        def reset_state(self):
            self.total.assign(0.0)

        def update_state(self, values):
            self.total.assign_add(np.sum(values))

        def result(self):
            return self.total

    metric = StateAfterSuper(name="sum")
    metric.update_state([1.0, 2.0])
    assert metric.result().numpy() == 3.0
    metric.reset_state()
    assert metric.result().numpy() == 0.0
    assert metric.name == "sum"
