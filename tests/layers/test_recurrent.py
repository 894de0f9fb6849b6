"""SimpleRNN, LSTM, GRU layers: Keras weights and options, masks, glass box, training, files."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from tests.layers.layer_gradients import check_layer_gradients

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("layer, params", [(layers.LSTM(64), 24832), (layers.GRU(64), 18816),
                                           (layers.GRU(64, reset_after=False), 18624), (layers.SimpleRNN(64), 6208)])
def test_parameter_counts_and_weight_shapes_are_keras(layer, params):
    model = keras.Sequential([keras.Input(shape=(50, 32)), layer])
    assert model.count_params() == params
    names = [w.name.split("/")[-1] for w in layer.weights]
    assert names == ["kernel", "recurrent_kernel", "bias"]


def test_lstm_defaults_forget_bias_one_and_orthogonal_recurrent_kernel():
    layer = layers.LSTM(4)
    layer(np.zeros((1, 2, 3), np.float32))
    assert np.array_equal(layer.bias.data, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    u = layer.recurrent_kernel.data
    assert np.allclose(u @ u.T, np.eye(4), atol=1e-5)


def test_set_weights_from_pytorch_gives_pytorchs_outputs():
    torch.manual_seed(0)
    module = torch.nn.LSTM(3, 5, batch_first=True)
    x = np.random.default_rng(0).normal(size=(2, 6, 3)).astype(np.float32)
    layer = layers.LSTM(5, return_sequences=True)
    layer(x)
    layer.set_weights([module.weight_ih_l0.detach().numpy().T, module.weight_hh_l0.detach().numpy().T,
                       (module.bias_ih_l0 + module.bias_hh_l0).detach().numpy()])
    expected, _ = module(torch.tensor(x))
    assert np.allclose(layer(x).data, expected.detach().numpy(), atol=1e-5)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_return_sequences_and_state_shapes(cls):
    x = np.random.default_rng(0).normal(size=(3, 4, 2)).astype(np.float32)
    out = cls(5, return_sequences=True, return_state=True)(x)
    n_states = 2 if cls is layers.LSTM else 1
    assert [tuple(t.shape) for t in out] == [(3, 4, 5)] + [(3, 5)] * n_states
    assert np.allclose(out[0].data[:, -1], out[1].data)
    assert cls(5)(x).shape == (3, 5)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_go_backwards_reads_the_reversed_sequence(cls):
    x = np.random.default_rng(1).normal(size=(2, 5, 3))
    fwd = cls(4, return_sequences=True, dtype="float64")
    bwd = cls(4, return_sequences=True, go_backwards=True, dtype="float64")
    fwd(x), bwd(x)
    bwd.set_weights(fwd.get_weights())
    assert np.allclose(bwd(x).data, fwd(x[:, ::-1]).data)
    assert not np.allclose(bwd(x).data, fwd(x).data)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_initial_state_is_used_and_gets_a_gradient(cls):
    rng = np.random.default_rng(2)
    layer = cls(3, dtype="float64")
    x = rng.normal(size=(2, 4, 2))
    states = [Tensor(rng.normal(size=(2, 3)), requires_grad=True) for _ in range(2 if cls is layers.LSTM else 1)]
    out = layer(x, initial_state=states)
    assert not np.allclose(out.data, layer(x).data)
    out.sum().backward()
    assert all(np.abs(s.grad).sum() > 0 for s in states)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_layer_gradients_match_finite_differences(cls, go_backwards):
    layer = cls(3, return_sequences=True, go_backwards=go_backwards, dtype="float64")
    assert check_layer_gradients(layer, np.random.default_rng(3).normal(size=(2, 4, 2))) < 1e-6


def test_embedding_mask_reaches_the_lstm_in_a_sequential_model():
    """Padding (0) after the tokens changes nothing: masked steps carry the state over."""
    model = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(10, 4, mask_zero=True), layers.LSTM(3)])
    short = np.array([[3, 5, 2, 0, 0, 0]])
    padded_output = model(short).data
    alone = keras.Sequential([keras.Input(shape=(3,)), model.layers[0], model.layers[1]])(short[:, :3]).data
    assert np.allclose(padded_output, alone, atol=1e-6)
    unmasked = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(10, 4), layers.LSTM(3)])
    unmasked.set_weights(model.get_weights())
    assert not np.allclose(unmasked(short).data, alone, atol=1e-4)   # without the mask the zeros count


def test_mask_passes_through_dropout_and_dense_to_the_next_recurrent_layer():
    model = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(10, 4, mask_zero=True), layers.Dropout(0.2),
                              layers.Dense(4), layers.GRU(3)])
    emb, drop, dense, gru = model.layers
    short = keras.Sequential([keras.Input(shape=(3,)), emb, drop, dense, gru])
    assert np.allclose(model(np.array([[3, 5, 2, 0, 0, 0]])).data, short(np.array([[3, 5, 2]])).data, atol=1e-6)


def test_masking_layer_mask_reaches_a_functional_gru():
    inputs = keras.Input(shape=(5, 2))
    outputs = layers.GRU(3)(layers.Masking(0.0)(inputs))
    model = keras.Model(inputs, outputs)
    x = np.random.default_rng(4).normal(size=(1, 5, 2)).astype(np.float32)
    x[:, 3:] = 0
    gru = model.layers[-1]
    alone = gru(x[:, :3]).data
    assert np.allclose(model(x).data, alone, atol=1e-6)


def test_dropout_only_while_training():
    layer = layers.LSTM(4, dropout=0.5, recurrent_dropout=0.5, seed=1)
    x = np.ones((2, 3, 5), np.float32)
    assert np.allclose(layer(x).data, layer(x).data)
    assert not np.allclose(layer(x, training=True).data, layer(x).data)


def test_glass_box_states_gates_and_gradients_over_time():
    layer = layers.LSTM(4, return_sequences=True)
    x = Tensor(np.random.default_rng(5).normal(size=(2, 6, 3)).astype(np.float32), requires_grad=True)
    out = layer(x)
    assert layer.h.shape == layer.c.shape == (2, 6, 4)
    assert set(layer.gates) == {"i", "f", "c", "o"} and layer.gates["f"].shape == (2, 6, 4)
    assert np.allclose(layer.h, out.data)
    assert layer.h_grads is None
    out.sum().backward()
    assert layer.h_grads.shape == (2, 6, 4) and layer.c_grads.shape == (2, 6, 4)
    # dL/dh_t = 1 from the output at t, plus what flows back from later steps
    assert not np.allclose(layer.h_grads[:, 0], 1.0)
    assert np.allclose(layer.h_grads[:, -1], 1.0)


def test_two_dimensional_input_says_what_is_expected():
    with pytest.raises(ValueError, match=r"\(batch, timesteps, features\).*got shape \(None, 7\)"):
        keras.Sequential([keras.Input(shape=(7,)), layers.SimpleRNN(3)])


def test_lstm_learns_to_sum_a_sequence():
    rng = np.random.default_rng(0)
    keras.utils.set_random_seed(0)
    x = rng.uniform(0, 1, size=(256, 5, 1)).astype(np.float32)
    y = x.sum(axis=1)
    model = keras.Sequential([keras.Input(shape=(5, 1)), layers.LSTM(8), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]


@pytest.mark.parametrize("layer", [layers.LSTM(3, return_sequences=True, go_backwards=True, dropout=0.1),
                                   layers.GRU(3, reset_after=False, recurrent_dropout=0.2),
                                   layers.SimpleRNN(3, activation="relu")])
def test_save_and_load_keep_config_and_outputs(tmp_path, layer):
    model = keras.Sequential([keras.Input(shape=(4, 2)), layer])
    x = np.random.default_rng(6).normal(size=(2, 4, 2)).astype(np.float32)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert np.allclose(loaded(x).data, model(x).data)
    assert loaded.layers[0].get_config() == model.layers[0].get_config()


def test_encoder_decoder_with_states_from_return_state_trains_and_saves(tmp_path):
    """A functional seq2seq: the encoder's final (h, c) start the decoder; the layer runs once per call."""
    keras.utils.set_random_seed(0)
    enc_in, dec_in = keras.Input(shape=(5, 2)), keras.Input(shape=(4, 3))
    _, h, c = layers.LSTM(6, return_state=True)(enc_in)
    dec = layers.LSTM(6, return_sequences=True)(dec_in, initial_state=[h, c])
    model = keras.Model([enc_in, dec_in], layers.TimeDistributed(layers.Dense(1))(dec))
    rng = np.random.default_rng(7)
    x = [rng.normal(size=(64, 5, 2)).astype(np.float32), rng.normal(size=(64, 4, 3)).astype(np.float32)]
    y = np.repeat(x[0][:, :1, :1], 4, axis=1)          # the decoder must read the encoder's states
    without_states = keras.Model([enc_in, dec_in], model.layers[-1](model.layers[-2](dec_in)))
    assert not np.allclose(model(x).data, without_states(x).data)
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    model.save(tmp_path / "s2s.keras")
    assert np.allclose(keras.models.load_model(tmp_path / "s2s.keras")(x).data, model(x).data, atol=1e-6)


def _pass_through_rnn(units, **options):
    """SimpleRNN with h_t = x_t·I + h_{t−1}·U_given, linear: what dropout does can be read off the output."""
    layer = layers.SimpleRNN(units, activation="linear", dtype="float64", **options)
    layer(np.zeros((1, 1, units)))
    layer.set_weights([np.eye(units), np.zeros((units, units)), np.zeros(units)])
    return layer


def test_input_dropout_keeps_the_expected_value_one_mask_per_sequence():
    layer = _pass_through_rnn(200, dropout=0.25, seed=0, return_sequences=True)
    x = np.ones((3, 4, 200))
    h = layer(x, training=True).numpy()                             # h_t = x_t ⊙ m / (1 − 0.25)
    np.testing.assert_allclose(np.unique(h), [0.0, 1 / 0.75])
    assert 0.15 < (h == 0).mean() < 0.35
    assert np.all(h == h[:, :1])                                    # the same mask at every step
    np.testing.assert_array_equal(layer(x).numpy(), x)              # inference: no dropout


def test_recurrent_dropout_scales_the_kept_states_by_one_over_one_minus_rate():
    layer = layers.SimpleRNN(200, activation="linear", recurrent_dropout=0.4, seed=1, dtype="float64")
    layer(np.zeros((1, 1, 2)))
    layer.set_weights([np.zeros((2, 200)), np.eye(200), np.zeros(200)])   # h_1 = (h_0 ⊙ m)·I
    h = layer(np.zeros((2, 1, 2)), initial_state=[np.ones((2, 200))], training=True).numpy()
    np.testing.assert_allclose(np.unique(h), [0.0, 1 / 0.6])
    assert 0.3 < (h == 0).mean() < 0.5


@pytest.mark.parametrize("rate", [1.0, -0.1, "0.5", True, None])
def test_dropout_rates_outside_zero_to_one_are_refused(rate):
    for argument in ("dropout", "recurrent_dropout"):
        with pytest.raises(ValueError, match=rf"GRU: {argument} must be a number in \[0, 1\), got {rate!r}"):
            layers.GRU(3, **{argument: rate})


def test_variable_length_sequences_build_and_unknown_features_are_refused():
    model = keras.Sequential([keras.Input((None, 3)), layers.LSTM(4)])
    assert model(np.zeros((2, 7, 3), np.float32)).shape == (2, 4)
    assert model(np.zeros((2, 2, 3), np.float32)).shape == (2, 4)
    with pytest.raises(ValueError, match=r"number of features \(last axis\) must be known"):
        layers.GRU(2).build((None, 5, None))


def test_states_over_time_are_every_state_of_the_last_call():
    lstm = layers.LSTM(3, return_sequences=True)
    out = lstm(np.random.default_rng(8).normal(size=(2, 5, 4)).astype(np.float32))
    states = lstm.states_over_time
    assert set(states) == {"h", "c"}
    np.testing.assert_array_equal(states["h"], out.numpy())
    np.testing.assert_array_equal(states["c"], lstm.c)
    gru = layers.GRU(2)
    gru(np.ones((1, 3, 2), np.float32))
    assert set(gru.states_over_time) == {"h"} and gru.states_over_time["h"].shape == (1, 3, 2)
