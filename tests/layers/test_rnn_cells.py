"""keras.layers.RNN with built-in cells, stacked cells and a cell written by the user."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops
from glassnet.autodiff import Tensor

LAYER_OF = {layers.SimpleRNNCell: layers.SimpleRNN, layers.LSTMCell: layers.LSTM, layers.GRUCell: layers.GRU}


class MinimalRNNCell(layers.Layer):
    """The cell of Keras's guide "Working with RNNs": h_t = x_t·W + h_{t−1}·U."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="orthogonal",
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.tanh(ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel))
        return output, [output]


def sequences(seed=0, shape=(4, 6, 3)):
    return np.random.default_rng(seed).normal(size=shape)


@pytest.mark.parametrize("cell_class", list(LAYER_OF))
@pytest.mark.parametrize("go_backwards", [False, True])
def test_rnn_of_a_builtin_cell_equals_the_layer_with_the_same_weights(cell_class, go_backwards):
    x = sequences(1)
    mask = np.ones((4, 6), bool)
    mask[1, 4:] = mask[3, 2:] = False
    options = dict(return_sequences=True, return_state=True, go_backwards=go_backwards)
    rnn = layers.RNN(cell_class(5), **options)
    layer = LAYER_OF[cell_class](5, **options)
    rnn(x), layer(x)
    layer.set_weights([w * 0 for w in layer.get_weights()])
    layer.set_weights(rnn.get_weights())
    got, expected = rnn(x, mask=mask), layer(x, mask=mask)
    assert len(got) == len(expected) == 1 + len(LAYER_OF[cell_class].state_names)
    for a, b in zip(got, expected):
        np.testing.assert_array_equal(a.data, b.data)
    assert np.abs(got[0].data).max() > 0.05                      # it computed something
    np.testing.assert_array_equal(rnn.h, layer.h)                # the same glass box


@pytest.mark.parametrize("cell_class", list(LAYER_OF))
def test_a_cell_called_step_by_step_gives_the_sequence_of_rnn(cell_class):
    x = sequences(2)
    cell = cell_class(4)
    expected = layers.RNN(cell, return_sequences=True)(x).data
    states, outputs = cell.get_initial_state(4), []
    for t in range(x.shape[1]):
        out, states = cell(x[:, t], states)
        outputs.append(out.data)
    np.testing.assert_allclose(np.stack(outputs, axis=1), expected, rtol=1e-6, atol=1e-7)


def test_stacked_cells_equal_two_layers_one_above_the_other():
    x = sequences(3)
    stacked = layers.RNN([layers.LSTMCell(5), layers.GRUCell(3)], return_state=True)
    out = stacked(x)
    assert [tuple(o.shape) for o in out] == [(4, 3), (4, 5), (4, 5), (4, 3)]   # output, [h, c], h
    first, second = layers.LSTM(5, return_sequences=True), layers.GRU(3)
    second(first(x))
    first.set_weights(stacked.get_weights()[:3])
    second.set_weights(stacked.get_weights()[3:])
    np.testing.assert_allclose(out[0].data, second(first(x)).data, rtol=1e-6, atol=1e-7)


def test_a_masked_step_keeps_the_states_in_the_step_by_step_loop_too():
    """StackedRNNCells([cell]) runs the generic loop: it must agree with the built-in cell's fused op."""
    x = sequences(4)
    mask = np.ones((4, 6), bool)
    mask[0, 3:] = mask[2, :2] = False
    fused = layers.RNN(layers.SimpleRNNCell(5), return_sequences=True)
    loop = layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(5)]), return_sequences=True)
    fused(x), loop(x)
    loop.set_weights(fused.get_weights())
    a, b = fused(x, mask=mask).data, loop(x, mask=mask).data
    np.testing.assert_allclose(a[:, :, :], b, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(b[0, 3:], np.repeat(b[0, 2:3], 3, axis=0))     # carried over
    zeros = layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(5)]), return_sequences=True,
                       zero_output_for_mask=True)
    zeros(x)
    zeros.set_weights(fused.get_weights())
    assert np.all(zeros(x, mask=mask).data[0, 3:] == 0) and np.all(zeros(x, mask=mask).data[2, :2] == 0)


def test_a_user_cell_runs_as_the_formula_says_and_backpropagates_through_time():
    x = sequences(5, (2, 4, 3))
    cell = MinimalRNNCell(3)
    rnn = layers.RNN(cell, return_sequences=True, go_backwards=True)
    out = rnn(x)
    w, u = cell.kernel.data, cell.recurrent_kernel.data
    h, expected = np.zeros((2, 3)), []
    for t in reversed(range(4)):
        h = np.tanh(x[:, t] @ w + h @ u)
        expected.append(h)
    np.testing.assert_allclose(out.data, np.stack(expected, axis=1), rtol=1e-5, atol=1e-6)
    ops.sum(out[:, -1]).backward()                      # the last output has read every step
    assert np.abs(cell.recurrent_kernel.grad).max() > 0 and np.abs(cell.kernel.grad).max() > 0


def test_a_user_cell_trains_in_a_model():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 8, 2)).astype("float32")
    y = x[:, :, 0].sum(axis=1, keepdims=True) * 0.3             # a running sum: needs the recurrence
    model = keras.Sequential([keras.Input((8, 2)), layers.RNN(MinimalRNNCell(8)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(x, y, epochs=40, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    assert not np.allclose(model.get_weights()[1], before[1])     # the recurrent kernel learned


def test_config_round_trip_and_parameter_count():
    rnn = layers.RNN(layers.LSTMCell(64), return_sequences=True, go_backwards=True)
    model = keras.Sequential([keras.Input((10, 32)), rnn])
    assert model.count_params() == 24_832                        # as LSTM(64) on 32 features
    again = layers.RNN.from_config(rnn.get_config())
    assert isinstance(again.cell, layers.LSTMCell) and again.cell.units == 64
    assert again.return_sequences and again.go_backwards


def test_bad_cells_and_arguments_say_what_is_wrong():
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(3))
    with pytest.raises(TypeError, match="return_sequences.*RNN"):
        layers.LSTMCell(3, return_sequences=True)
    with pytest.raises(ValueError, match="stateful"):
        layers.RNN(layers.GRUCell(3), stateful=True)
    with pytest.raises(ValueError, match=r"\(batch, timesteps, features\)"):
        layers.RNN(MinimalRNNCell(3))(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"initial state 0 has shape \(2, 4\).*\(2, 3\)"):
        layers.RNN(MinimalRNNCell(3))(np.zeros((2, 5, 1)), initial_state=[np.zeros((2, 4))])
    with pytest.raises(ValueError, match="dropout"):
        layers.LSTMCell(3, dropout=0.5)(Tensor(np.zeros((2, 4))), [np.zeros((2, 3))] * 2, training=True)
    with pytest.raises(ValueError, match=r"GRUCell 'gd': dropout is drawn once per sequence.*or the GRU layer"):
        layers.GRUCell(3, recurrent_dropout=0.5, name="gd")(Tensor(np.zeros((2, 4))), [np.zeros((2, 3))], training=True)


@pytest.mark.parametrize("cell_class, state_size", [(layers.SimpleRNNCell, 4), (layers.LSTMCell, [4, 4]),
                                                    (layers.GRUCell, 4)])
def test_cells_report_their_sizes_as_keras_cells_do(cell_class, state_size):
    cell = cell_class(4)
    assert cell.output_size == 4 and cell.state_size == state_size
    assert layers.StackedRNNCells([cell, layers.GRUCell(2)]).output_size == 2
    assert layers.StackedRNNCells([cell, MinimalRNNCell(3)]).output_size == 3


def test_a_cell_with_dropout_runs_step_by_step_in_inference_and_builds_on_one_step_only():
    cell = layers.LSTMCell(3, dropout=0.5, recurrent_dropout=0.5)
    out, states = cell(Tensor(np.ones((2, 4))), [np.zeros((2, 3))] * 2)
    assert out.shape == (2, 3) and len(states) == 2
    with pytest.raises(ValueError, match=r"GRUCell 'g' takes one step, of shape \(batch, features\), got shape "
                                         r"\(None, 5, 4\) \(3-D\)"):
        layers.GRUCell(3, name="g").build((None, 5, 4))
    with pytest.raises(ValueError, match=r"'g2' takes one step.*got shape \(2, 5, 4\)"):
        cell = layers.GRUCell(3, name="g2")
        cell.build((None, 4))
        cell(Tensor(np.ones((2, 5, 4))), [np.zeros((2, 3))])


def test_stacked_cells_need_at_least_one_cell_each_with_call_and_state_size():
    with pytest.raises(ValueError, match="give at least one cell"):
        layers.StackedRNNCells([])
    with pytest.raises(ValueError, match="every cell needs call\\(inputs, states\\) and state_size"):
        layers.StackedRNNCells([layers.GRUCell(2), layers.Dense(3)])
    config = layers.StackedRNNCells([layers.LSTMCell(2), layers.GRUCell(3)]).get_config()
    again = layers.StackedRNNCells.from_config(config)
    assert [type(c).__name__ for c in again.cells] == ["LSTMCell", "GRUCell"] and again.state_size == [[2, 2], 3]
