"""keras.layers.RNN around a cell written by the user: graphs, states, shapes, checks."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops
from glassnet.autodiff import Tensor

from .test_rnn_cells import MinimalRNNCell


def _unrolled(cell, x, h):
    """The formula of MinimalRNNCell, step by step in NumPy."""
    w, u = cell.kernel.data, cell.recurrent_kernel.data
    outputs = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ w + h @ u)
        outputs.append(h)
    return np.stack(outputs, axis=1)


def test_a_user_cell_in_a_graph_starts_from_the_states_given_as_graph_tensors():
    seq_in, state_in = keras.Input((5, 2)), keras.Input((3,))
    cell = MinimalRNNCell(3)
    rnn = layers.RNN(cell, return_sequences=True)
    model = keras.Model([seq_in, state_in], rnn(seq_in, initial_state=[state_in]))
    rng = np.random.default_rng(0)
    x, h0 = rng.normal(size=(2, 5, 2)).astype("float32"), rng.normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(model([x, h0]).numpy(), _unrolled(cell, x, h0), rtol=1e-5, atol=1e-6)
    assert not np.allclose(model([x, h0]).numpy(), _unrolled(cell, x, np.zeros_like(h0)), atol=1e-3)


def test_the_cell_is_built_once_so_weights_set_before_the_first_call_are_used():
    x = np.random.default_rng(1).normal(size=(2, 4, 6)).astype("float32")
    cell = MinimalRNNCell(3)
    rnn = layers.RNN(cell)
    rnn.build((None, 4, 6))
    assert cell.kernel.shape == (6, 3)                          # (features, units), whatever the steps
    rnn.set_weights([np.full((6, 3), 0.1, "float32"), np.eye(3, dtype="float32")])
    np.testing.assert_allclose(rnn(x).numpy(), _unrolled(cell, x, np.zeros((2, 3)))[:, -1], rtol=1e-5)
    np.testing.assert_array_equal(cell.kernel.data, np.float32(0.1))


def test_symbolic_shapes_with_states_and_the_layer_is_never_stateful():
    stacked = layers.RNN([MinimalRNNCell(4), MinimalRNNCell(2)], return_sequences=True, return_state=True)
    outputs = stacked(keras.Input((7, 3)))
    assert [tuple(o.shape) for o in outputs] == [(None, 7, 2), (None, 4), (None, 2)]
    assert stacked.compute_output_shape((5, 7, 3)) == [(5, 7, 2), (5, 4), (5, 2)]
    assert layers.RNN(MinimalRNNCell(4)).compute_output_shape((5, 7, 3)) == (5, 4)
    assert layers.RNN(MinimalRNNCell(4)).stateful is False
    assert layers.RNN(MinimalRNNCell(4)).get_config()["stateful"] is False


def test_a_built_rnn_called_on_a_single_step_names_the_shape_expected():
    rnn = layers.RNN(MinimalRNNCell(3))
    rnn(np.zeros((2, 4, 5), "float32"))
    with pytest.raises(ValueError, match=r"\(batch, timesteps, features\).*got shape \(2, 5\)"):
        rnn(np.zeros((2, 5), "float32"))


def test_a_state_list_of_the_wrong_length_is_refused_with_the_cells_sizes():
    with pytest.raises(ValueError, match=r"the cell has 2 state\(s\) of sizes \[3, 2\], got 1 initial state"):
        layers.RNN([MinimalRNNCell(3), MinimalRNNCell(2)])(np.zeros((2, 4, 1)), initial_state=[np.zeros((2, 3))])


def test_the_step_by_step_loop_backpropagates_into_the_initial_state():
    cell = MinimalRNNCell(2)
    h0 = Tensor(np.full((1, 2), 0.5), requires_grad=True)
    out = layers.RNN(cell, dtype="float64")(np.ones((1, 3, 1)), initial_state=[h0])
    ops.sum(out).backward()
    assert np.abs(h0.grad).max() > 0


def test_the_cell_is_built_on_the_shape_of_one_step():
    seen = []

    class Recording(MinimalRNNCell):
        def build(self, input_shape):
            seen.append(tuple(input_shape))
            super().build(input_shape)

    layers.RNN(Recording(2))(keras.Input((5, 3), batch_size=4))
    assert seen == [(4, 3)]
    seen.clear()
    layers.RNN([Recording(2), Recording(6)])(keras.Input((5, 3), batch_size=4))     # stacked: the step below
    assert seen == [(4, 3), (4, 2)]
