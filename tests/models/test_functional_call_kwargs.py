"""Keyword arguments of a layer call in a functional graph (models/functional.py): kept in the node,
replayed on data, and saved in the model file, as Keras 3 does."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _causal_model():
    inputs = keras.Input(shape=(5, 4))
    attention = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    return keras.Model(inputs, attention(inputs, inputs, use_causal_mask=True)), attention


def test_a_plain_keyword_argument_is_replayed_when_the_model_runs():
    model, attention = _causal_model()
    x = np.random.default_rng(0).normal(size=(2, 5, 4)).astype("float32")
    out = model(x).data
    np.testing.assert_allclose(out, attention(x, x, use_causal_mask=True).data, rtol=1e-6)
    assert not np.allclose(out, attention(x, x).data)
    # causal: the first step sees only itself, so later steps cannot change it
    changed = x.copy()
    changed[:, 1:] += 1.0
    np.testing.assert_allclose(model(changed).data[:, 0], out[:, 0], rtol=1e-5)


def test_keyword_arguments_and_symbolic_ones_survive_saving(tmp_path):
    model, _ = _causal_model()
    x = np.random.default_rng(1).normal(size=(2, 5, 4)).astype("float32")
    model.save(tmp_path / "causal.keras")
    np.testing.assert_allclose(keras.saving.load_model(tmp_path / "causal.keras")(x).data, model(x).data, rtol=1e-6)

    tokens = keras.Input(shape=(None,), dtype="int32")
    keep = keras.Input(shape=(None,), dtype="bool")
    masked = keras.Model([tokens, keep], layers.LSTM(3)(layers.Embedding(10, 2)(tokens), mask=keep))
    data = [np.array([[1, 2, 3, 4], [5, 6, 7, 8]]), np.array([[True, True, False, False]] * 2)]
    masked.save(tmp_path / "masked.keras")
    restored = keras.saving.load_model(tmp_path / "masked.keras")
    np.testing.assert_allclose(restored(data).data, masked(data).data, rtol=1e-6)
    unmasked = [data[0], np.ones((2, 4), bool)]
    assert not np.allclose(restored(unmasked).data, restored(data).data)


class Scale(layers.Layer):
    def call(self, inputs, factor=1.0):
        return inputs * factor


def test_a_keyword_argument_that_cannot_be_saved_is_named():
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, Scale()(inputs, factor=np.array([1.0, 2.0, 3.0])))
    np.testing.assert_allclose(model(np.ones((1, 3), "float32")).data, [[1.0, 2.0, 3.0]])
    with pytest.raises(TypeError, match="keyword argument"):
        model.get_config()


def test_training_given_when_the_graph_was_built_wins_over_the_models_mode(tmp_path):
    inputs = keras.Input(shape=(4,))
    normalization = layers.BatchNormalization()
    outputs = layers.Dense(1)(normalization(inputs, training=False))   # "inference mode", as for a base model
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(2).normal(3.0, 2.0, size=(64, 4)).astype("float32")
    model.fit(x, x[:, :1], epochs=1, batch_size=16, verbose=0)
    np.testing.assert_array_equal(normalization.moving_mean.numpy(), 0.0)   # never updated by fit
    np.testing.assert_array_equal(normalization.moving_variance.numpy(), 1.0)
    model.save(tmp_path / "frozen_bn.keras")
    restored = keras.saving.load_model(tmp_path / "frozen_bn.keras")
    assert restored._graph.nodes[0].kwargs == {"training": False}


def test_dropout_called_with_training_true_stays_on_at_prediction():
    inputs = keras.Input(shape=(200,))
    model = keras.Model(inputs, layers.Dropout(0.5)(inputs, training=True))   # Monte-Carlo dropout
    out = model.predict(np.ones((2, 200), "float32"), verbose=0)
    assert 0.2 < np.mean(out == 0.0) < 0.8
    plain = keras.Model(inputs, layers.Dropout(0.5)(inputs))
    np.testing.assert_array_equal(plain.predict(np.ones((2, 200), "float32"), verbose=0), 1.0)
