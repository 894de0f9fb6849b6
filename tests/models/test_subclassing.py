"""Subclassed models: layers found by attribute tracking, training by fit and by hand."""
import numpy as np

import glassnet as keras
from glassnet import layers


class TwoLayer(keras.Model):
    def __init__(self, hidden=8, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden
        self.blocks = [layers.Dense(hidden, activation="tanh"), layers.Dense(hidden, activation="relu")]
        self.head = layers.Dense(1)

    def call(self, inputs):
        x = inputs
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class WithTraining(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)
        self.dropout = layers.Dropout(0.5)
        self.out = layers.Dense(1)

    def call(self, inputs, training=False):
        return self.out(self.dropout(self.dense(inputs), training=training))


def _data(n=64):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)


def test_weights_found_through_attributes_and_lists():
    model = TwoLayer()
    assert model.weights == []
    x, _ = _data()
    assert model(x).shape == (64, 1)
    assert len(model.layers) == 3 and len(model.weights) == 6
    assert model.count_params() == (3 * 8 + 8) + (8 * 8 + 8) + (8 + 1)
    assert model.name == "two_layer"


def test_hand_written_loop_as_taught():
    model = TwoLayer()
    x, y = _data()
    loss_fn = keras.losses.MeanSquaredError()
    optimizer = keras.optimizers.SGD(learning_rate=0.05)
    losses = []
    for _ in range(30):
        loss = loss_fn(y, model(x, training=True))
        loss.backward()
        assert all(w.grad is not None and w.grad.shape == w.shape for w in model.trainable_weights)
        optimizer.step(model.trainable_weights)
        losses.append(float(loss.data))
    assert losses[-1] < 0.5 * losses[0]
    # the glass box: each Dense keeps z and a of the last forward pass, with δ = dL/dz after backward
    head = model.head
    assert head.z.shape == (64, 1) and head.z.grad is not None


def test_fit_and_training_flag_reaches_dropout():
    model = WithTraining()
    x, y = _data()
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert len(history.history["loss"]) == 3
    assert history.history["loss"][-1] < history.history["loss"][0]  # trained from its first fit
    inference_a = model.predict(x, verbose=0)
    inference_b = model.predict(x, verbose=0)
    np.testing.assert_array_equal(inference_a, inference_b)  # dropout is off at inference
    train_a = model(x, training=True).data
    assert not np.allclose(train_a, inference_a)


def test_freezing_a_subclassed_model():
    model = TwoLayer()
    model(_data()[0])
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 6


def test_build_then_summary_like_keras():
    model = TwoLayer(hidden=4)
    model.build((None, 3))
    assert model.count_params() == (3 * 4 + 4) + (4 * 4 + 4) + (4 + 1)
    lines = []
    model.summary(print_fn=lines.append)
    assert " Total params: 41 (164.00 B)" in lines
    assert model(np.ones((2, 3), np.float32)).shape == (2, 1)


def test_wrong_feature_count_after_first_call():
    import pytest
    model = TwoLayer()
    model(np.ones((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"expected input shape \(None, 3\), got \(2, 5\)"):
        model(np.ones((2, 5), np.float32))


def test_a_subclass_without_call_says_to_define_it():
    import pytest

    class NoCall(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

    with pytest.raises(TypeError, match=r"NoCall has no graph: a subclass of keras.Model must define call"):
        NoCall()(np.ones((2, 3), np.float32))


def test_a_subclassed_model_has_no_named_inputs_or_outputs():
    model = TwoLayer()
    model(np.ones((2, 3), np.float32))
    assert model.input_names == [] and model.output_names == []
    assert model.inputs is None and model.outputs is None


def test_a_subclassed_model_has_no_output_shape_to_give():
    import pytest
    model = TwoLayer(name="two")
    model(np.ones((2, 3), np.float32))
    with pytest.raises(AttributeError, match="Model 'two': the output shape is known only for functional"):
        model.output_shape
