"""Bidirectional: both directions computed as two LSTMs would, merged as Keras documents; trains; config."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _pair(x, **kwargs):
    wrapper = layers.Bidirectional(layers.LSTM(3, dtype="float64", **kwargs), dtype="float64")
    out = wrapper(x)
    forward = layers.LSTM(3, dtype="float64", **kwargs)
    forward(x)
    forward.set_weights(wrapper.forward_layer.get_weights())
    backward = layers.LSTM(3, dtype="float64", go_backwards=True, **kwargs)
    backward(x)
    backward.set_weights(wrapper.backward_layer.get_weights())
    return wrapper, out.numpy(), forward(x).numpy(), backward(x).numpy()


def test_concat_of_forward_and_backward_last_outputs():
    x = np.random.default_rng(0).normal(size=(2, 5, 4))
    wrapper, out, forward, backward = _pair(x)
    assert out.shape == (2, 6) and len(wrapper.trainable_weights) == 6
    np.testing.assert_allclose(out, np.concatenate([forward, backward], axis=-1), atol=1e-12)
    assert not np.allclose(wrapper.forward_layer.kernel.numpy(), wrapper.backward_layer.kernel.numpy())


def test_sequences_put_the_backward_outputs_back_in_time_order():
    x = np.random.default_rng(1).normal(size=(2, 4, 3))
    _, out, forward, backward = _pair(x, return_sequences=True)
    assert out.shape == (2, 4, 6)
    np.testing.assert_allclose(out[..., :3], forward, atol=1e-12)
    np.testing.assert_allclose(out[..., 3:], backward[:, ::-1], atol=1e-12)


def test_merge_modes_and_symbolic_shape():
    x = np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")
    summed = layers.Bidirectional(layers.LSTM(3), merge_mode="sum")
    out = summed(x).numpy()
    f, b = summed.forward_layer(x).numpy(), summed.backward_layer(x).numpy()
    np.testing.assert_allclose(out, f + b, rtol=1e-6)
    assert tuple(layers.Bidirectional(layers.LSTM(5))(keras.Input((None, 3))).shape) == (None, 10)
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="recurrent layer"):
        layers.Bidirectional(layers.Dense(2))


def test_trains_in_a_model_and_round_trips_its_config():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5, 2)).astype("float32")
    y = (x[:, 0, :1] - x[:, -1, :1]).astype("float32")   # needs both ends of the sequence
    model = keras.Sequential([keras.Input((5, 2)), layers.Bidirectional(layers.LSTM(8)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    wrapper = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode="ave")
    clone = layers.Bidirectional.from_config(wrapper.get_config())
    assert clone.merge_mode == "ave" and clone.forward_layer.units == 4 and clone.backward_layer.go_backwards
