"""layer(a, b) reaches call(self, a, b); training and mask go by keyword; add_loss (issue 9, items 6 and 8)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


class WeightedSum(layers.Layer):
    """call(self, a, b): a·W + b, built from the shape of a."""

    def build(self, input_shape):
        self.w = self.add_weight((input_shape[-1], 2), "ones")

    def call(self, a, b):
        return a @ self.w + b


def test_two_positional_tensors_reach_call():
    layer = WeightedSum()
    a, b = np.ones((3, 4), np.float32), np.full((3, 2), 10.0, np.float32)
    out = layer(a, b)
    np.testing.assert_allclose(out.data, np.full((3, 2), 14.0))
    assert layer.w.shape == (4, 2)


def test_two_positional_tensors_in_a_functional_model_replay_and_save(tmp_path):
    a_in, b_in = keras.Input(shape=(4,), name="a"), keras.Input(shape=(2,), name="b")
    out = WeightedSum(name="ws")(a_in, b_in)
    assert out.shape == (None, 2)
    model = keras.Model([a_in, b_in], out)
    a, b = np.ones((3, 4), np.float32), np.full((3, 2), 10.0, np.float32)
    np.testing.assert_allclose(model.predict([a, b], verbose=0), np.full((3, 2), 14.0))
    np.testing.assert_allclose(model.predict({"a": a, "b": b}, verbose=0), np.full((3, 2), 14.0))
    config = model.get_config()
    assert any(node.get("positional") for node in config["nodes"])
    rebuilt = keras.Model.from_config(config, custom_objects={"WeightedSum": WeightedSum})
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.predict([a, b], verbose=0), np.full((3, 2), 14.0))


def test_training_and_mask_by_keyword_only_when_call_takes_them():
    seen = {}

    class Masked(layers.Layer):
        def call(self, x, training=False, mask=None):
            seen.update(training=training, mask=mask)
            return x

    class Plain(layers.Layer):
        def call(self, x):
            return x * 2.0

    x = np.ones((2, 3), np.float32)
    mask = np.array([[True, False, True]] * 2)
    Masked()(x, training=True, mask=mask)
    assert seen["training"] is True and seen["mask"] is mask
    np.testing.assert_allclose(Plain()(x, training=True, mask=mask).data, 2 * x)  # neither is forced on call


class ActivityPenalty(layers.Layer):
    """Adds rate · mean(x²) to the loss, as the Keras guide's ActivityRegularizationLayer."""

    def __init__(self, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        self.add_loss((inputs * inputs).mean() * self.rate)
        return inputs


def test_add_loss_is_in_losses_for_the_latest_call_only():
    layer = ActivityPenalty(rate=1.0)
    layer(np.full((2, 2), 2.0, np.float32))
    assert len(layer.losses) == 1 and layer.losses[0].item() == pytest.approx(4.0)
    layer(np.full((2, 2), 1.0, np.float32))
    assert len(layer.losses) == 1 and layer.losses[0].item() == pytest.approx(1.0)


def test_add_loss_counts_in_training_and_is_minimised():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = np.zeros((64, 1), np.float32)
    inputs = keras.Input(shape=(3,))
    hidden = ActivityPenalty(rate=1.0)(layers.Dense(4)(inputs))
    model = keras.Model(inputs, layers.Dense(1, kernel_initializer="zeros")(hidden))
    model.compile(keras.optimizers.SGD(0.1), "mse")
    before = model.evaluate(x, y, batch_size=64, verbose=0)  # one batch: model.losses holds its penalty
    penalty = float(model.losses[0].item())
    assert penalty > 0 and before == pytest.approx(penalty, rel=1e-4)  # mse is 0 with a zero kernel
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


def test_a_model_trained_by_its_added_loss_alone():
    class Encoder(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

        def call(self, x):
            z = self.dense(x)
            self.add_loss((z * z).mean())  # a KL-like pull of the code towards zero
            return z

    model = Encoder()
    model.compile(keras.optimizers.SGD(0.2))
    x = np.random.default_rng(1).normal(size=(64, 3)).astype(np.float32)
    history = model.fit(x, epochs=4, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert isinstance(model.losses[0], Tensor)


def test_endpoint_layer_with_targets_as_an_input_trains_without_a_compiled_loss():
    """The Keras guide's LogisticEndpoint: layer(targets, logits) adds its loss; compile has none."""
    class LogisticEndpoint(layers.Layer):
        def __init__(self, name=None):
            super().__init__(name=name)
            self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

        def call(self, targets, logits, sample_weights=None):
            self.add_loss(self.loss_fn(targets, logits, sample_weights))
            return keras.ops.softmax(logits)

    inputs, targets = keras.Input(shape=(3,), name="inputs"), keras.Input(shape=(10,), name="targets")
    predictions = LogisticEndpoint(name="predictions")(targets, layers.Dense(10)(inputs))
    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    model.compile(optimizer=keras.optimizers.SGD(0.5))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 3))
    data = {"inputs": x, "targets": (x @ rng.normal(size=(3, 10)) > 0).astype(float)}  # learnable targets
    history = model.fit(data, epochs=10, batch_size=10, verbose=0)
    assert history.history["loss"][-1] < 0.8 * history.history["loss"][0]
    assert model.predict(data, verbose=0).shape == (30, 10)


def test_inputs_given_by_keyword_like_attention_query_value_key(tmp_path):
    import glassnet as keras
    rng = np.random.default_rng(0)
    q, v = rng.normal(size=(2, 3, 4)).astype("float32"), rng.normal(size=(2, 5, 4)).astype("float32")
    attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    by_keyword = attention(query=q, value=v, key=v)
    np.testing.assert_allclose(np.asarray(by_keyword), np.asarray(attention(q, v, v)), rtol=1e-6)

    query, value = keras.Input((3, 4)), keras.Input((5, 4))
    model = keras.Model([query, value], attention(query=query, value=value, key=value))
    np.testing.assert_allclose(np.asarray(model([q, v])), np.asarray(by_keyword), rtol=1e-6)
    model.save(tmp_path / "keyword.keras")
    np.testing.assert_allclose(np.asarray(keras.saving.load_model(tmp_path / "keyword.keras")([q, v])),
                               np.asarray(by_keyword), rtol=1e-6)
    with pytest.raises(TypeError, match="call it on its inputs"):
        attention(value=v)
