"""LSTM against PyTorch's nn.LSTM (same gate order i, f, c, o), finite differences, masks and Keras's options."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.utils.gradcheck import numerical_gradient, relative_error


def _keras_like_lstm(units, **kwargs):
    return layers.LSTM(units, dtype="float64", **kwargs)


def test_matches_pytorch_lstm_outputs_and_gradients():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, 4))
    layer = _keras_like_lstm(6, return_sequences=True, return_state=True)
    x_t = Tensor(x.copy(), requires_grad=True)
    seq, h, c = layer(x_t)
    reference = torch.nn.LSTM(4, 6, batch_first=True).double()
    with torch.no_grad():
        reference.weight_ih_l0.copy_(torch.from_numpy(layer.kernel.data.T))
        reference.weight_hh_l0.copy_(torch.from_numpy(layer.recurrent_kernel.data.T))
        reference.bias_ih_l0.copy_(torch.from_numpy(layer.bias.data))
        reference.bias_hh_l0.zero_()
    xr = torch.from_numpy(x.copy()).requires_grad_(True)
    seq_r, (h_r, c_r) = reference(xr)
    np.testing.assert_allclose(seq.numpy(), seq_r.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.numpy(), h_r[0].detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(c.numpy(), c_r[0].detach().numpy(), atol=1e-12)
    projection = rng.normal(size=seq.shape)
    seq.backward(projection)
    (seq_r * torch.from_numpy(projection)).sum().backward()
    np.testing.assert_allclose(x_t.grad, xr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(layer.kernel.grad, reference.weight_ih_l0.grad.numpy().T, atol=1e-10)
    np.testing.assert_allclose(layer.recurrent_kernel.grad, reference.weight_hh_l0.grad.numpy().T, atol=1e-10)


def test_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 2))
    layer = _keras_like_lstm(3)
    out = layer(x)
    projection = rng.normal(size=out.shape)
    out.backward(projection)
    for weight in layer.weights:
        def scalar(_):
            return float(np.sum(projection * layer(x).data))
        assert relative_error(weight.grad, numerical_gradient(scalar, weight.data)) < 1e-6


def test_defaults_last_output_forget_bias_one_and_shapes():
    layer = layers.LSTM(5)
    out = layer(np.zeros((2, 7, 3), dtype="float32"))
    assert tuple(out.shape) == (2, 5)
    np.testing.assert_array_equal(layer.bias.numpy()[5:10], 1.0)
    np.testing.assert_array_equal(np.delete(layer.bias.numpy(), np.s_[5:10]), 0.0)
    recurrent = layer.recurrent_kernel.numpy()
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(5), atol=1e-5)  # orthogonal rows
    inputs = keras.Input((None, 3))
    assert tuple(layers.LSTM(4, return_sequences=True)(inputs).shape) == (None, None, 4)


def test_masked_steps_keep_the_state_so_padding_changes_nothing():
    rng = np.random.default_rng(2)
    layer = _keras_like_lstm(4)
    short = rng.normal(size=(1, 3, 2))
    padded = np.concatenate([short, np.zeros((1, 2, 2))], axis=1)
    mask = np.array([[True, True, True, False, False]])
    np.testing.assert_allclose(layer(padded, mask=mask).numpy(), layer(short).numpy(), atol=1e-12)
    assert not np.allclose(layer(padded).numpy(), layer(short).numpy())


def test_go_backwards_reads_the_sequence_from_the_end():
    x = np.random.default_rng(3).normal(size=(2, 4, 3))
    layer = _keras_like_lstm(3)
    layer(x)
    backwards = layers.LSTM(3, go_backwards=True, dtype="float64")
    backwards(x)
    backwards.set_weights(layer.get_weights())
    np.testing.assert_allclose(backwards(x).numpy(), layer(x[:, ::-1]).numpy(), atol=1e-12)


def test_learns_to_count_a_token_in_the_first_fit_and_round_trips_config():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.integers(1, 6, size=(128, 6))
    y = (x == 3).sum(axis=1, keepdims=True).astype("float32")
    inputs = keras.Input((None,), dtype="int32")
    hidden = layers.LSTM(8)(layers.Embedding(6, 4)(inputs))
    model = keras.Model(inputs, layers.Dense(1)(hidden))
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    clone = layers.LSTM.from_config(layers.LSTM(3, return_sequences=True, name="rnn").get_config())
    assert (clone.units, clone.return_sequences, clone.name) == (3, True, "rnn")


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="units"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="timesteps"):
        layers.LSTM(2)(np.zeros((2, 3), dtype="float32"))
    with pytest.raises(NotImplementedError, match="dropout"):
        layers.LSTM(2, dropout=0.5)
