"""Bidirectional, TimeDistributed and RepeatVector."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from tests.layers.layer_gradients import check_layer_gradients


def test_bidirectional_concatenates_forward_and_time_aligned_backward():
    x = np.random.default_rng(0).normal(size=(2, 5, 3))
    bi = layers.Bidirectional(layers.GRU(4, return_sequences=True, dtype="float64"))
    out = bi(x).data
    assert out.shape == (2, 5, 8)
    assert np.allclose(out[..., :4], bi.forward_layer(x).data)
    backward_steps = bi.backward_layer(x).data            # read from the end: reversed in time
    assert np.allclose(out[..., 4:], backward_steps[:, ::-1])
    assert bi.backward_layer.go_backwards and not bi.forward_layer.go_backwards


def test_bidirectional_parameters_weights_order_and_merge_modes():
    model = keras.Sequential([keras.Input(shape=(10, 32)), layers.Bidirectional(layers.LSTM(64))])
    assert model.count_params() == 2 * 24832 and model.output_shape == (None, 128)
    bi = model.layers[0]
    expected = bi.forward_layer.weights + bi.backward_layer.weights          # Keras's order
    assert len(bi.weights) == 6 and all(a is b for a, b in zip(bi.weights, expected))
    assert bi.forward_layer.name.startswith("forward_") and bi.backward_layer.name.startswith("backward_")
    x = np.random.default_rng(1).normal(size=(2, 4, 3)).astype(np.float32)
    for mode, width in (("sum", 5), ("mul", 5), ("ave", 5), ("concat", 10)):
        assert layers.Bidirectional(layers.SimpleRNN(5), merge_mode=mode)(x).shape == (2, width)
    both = layers.Bidirectional(layers.SimpleRNN(5), merge_mode=None)(x)
    assert isinstance(both, list) and len(both) == 2


def test_bidirectional_return_state_and_gradients():
    x = np.random.default_rng(2).normal(size=(2, 3, 2))
    out = layers.Bidirectional(layers.LSTM(3, return_state=True, dtype="float64"))(x)
    assert [tuple(t.shape) for t in out] == [(2, 6)] + [(2, 3)] * 4
    layer = layers.Bidirectional(layers.GRU(2, return_sequences=True, dtype="float64"))
    assert check_layer_gradients(layer, x) < 1e-6


def test_time_distributed_applies_the_same_dense_at_every_step():
    x = np.random.default_rng(3).normal(size=(2, 4, 3))
    td = layers.TimeDistributed(layers.Dense(5, dtype="float64"))
    out = td(x).data
    assert out.shape == (2, 4, 5) and td.count_params() == 20
    for t in range(4):
        assert np.allclose(out[:, t], td.layer(x[:, t]).data)
    assert check_layer_gradients(td, x) < 1e-6


def test_repeat_vector_and_a_seq2seq_autoencoder_trains():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(4).uniform(size=(64, 6, 1)).astype(np.float32)
    model = keras.Sequential([keras.Input(shape=(6, 1)), layers.LSTM(8), layers.RepeatVector(6),
                              layers.LSTM(8, return_sequences=True), layers.TimeDistributed(layers.Dense(1))])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, x, epochs=10, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


def test_wrappers_save_and_load(tmp_path):
    model = keras.Sequential([keras.Input(shape=(4, 3)), layers.Bidirectional(layers.GRU(2, return_sequences=True)),
                              layers.TimeDistributed(layers.Dense(2))])
    x = np.random.default_rng(5).normal(size=(2, 4, 3)).astype(np.float32)
    model.save(tmp_path / "m.keras")
    assert np.allclose(keras.models.load_model(tmp_path / "m.keras")(x).data, model(x).data)


def test_time_distributed_needs_a_time_axis():
    with pytest.raises(ValueError, match=r"\(batch, timesteps, \.\.\.\)"):
        layers.TimeDistributed(layers.Dense(2))(np.zeros((2, 3), np.float32))


def test_time_distributed_runs_its_layer_in_inference_mode_unless_told():
    x = np.ones((2, 3, 4), dtype="float32")
    wrapped = layers.TimeDistributed(layers.Dropout(0.5))
    np.testing.assert_array_equal(np.asarray(wrapped(x)), x)
    dropped = np.asarray(wrapped(x, training=True))
    assert np.any(dropped == 0) and np.allclose(dropped[dropped != 0], 2.0)


def test_time_distributed_output_shape_needs_a_time_axis():
    with pytest.raises(ValueError, match=r"TimeDistributed\) expects input of shape \(batch, timesteps"):
        layers.TimeDistributed(layers.Dense(3)).compute_output_shape((None, 4))
    assert layers.TimeDistributed(layers.Dense(3)).compute_output_shape((None, 5, 4)) == (None, 5, 3)


def test_bidirectional_states_shapes_and_masks_one_per_output():
    wrapper = layers.Bidirectional(layers.LSTM(4, return_sequences=True, return_state=True))
    assert wrapper.compute_output_shape((None, 3, 4)) == [(None, 3, 8)] + [(None, 4)] * 4
    mask = np.array([[1, 1, 0], [1, 0, 0]], bool)
    masks = wrapper.compute_mask(np.ones((2, 3, 4), "float32"), mask)
    assert len(masks) == 5 and masks[1:] == [None] * 4
    np.testing.assert_array_equal(masks[0], mask)
    separate = layers.Bidirectional(layers.GRU(2, return_state=True), merge_mode=None)
    assert separate.compute_output_shape((None, 3, 4)) == [(None, 2), (None, 2), (None, 2), (None, 2)]


def test_bidirectional_starts_from_given_weights():
    reference = layers.Bidirectional(layers.SimpleRNN(2))
    reference.build((None, 3, 4))
    weights = [np.random.RandomState(i).normal(size=w.shape).astype("float32")
               for i, w in enumerate(reference.get_weights())]
    wrapper = layers.Bidirectional(layers.SimpleRNN(2), weights=weights)
    out = np.asarray(wrapper(np.ones((1, 3, 4), "float32")))
    for got, given in zip(wrapper.get_weights(), weights):
        np.testing.assert_array_equal(got, given)
    reference.set_weights(weights)
    np.testing.assert_allclose(out, np.asarray(reference(np.ones((1, 3, 4), "float32"))), rtol=1e-6)
