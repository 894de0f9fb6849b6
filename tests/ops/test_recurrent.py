"""simple_rnn, lstm and gru ops: forward and BPTT against PyTorch float64 and central differences."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.gru import gru
from glassnet.ops.lstm import lstm
from glassnet.ops.recurrent import simple_rnn
from tests.ops.gradcheck_helpers import check_gradients, rel_err

torch = pytest.importorskip("torch")

GRU_FROM_TORCH = lambda u: np.r_[u:2 * u, 0:u, 2 * u:3 * u]   # torch rows r, z, n → Keras columns z, r, h


def keras_weights(kind, module, u):
    """Keras-layout (kernel, recurrent_kernel, bias) from a torch module's float64 weights."""
    w_ih, w_hh = module.weight_ih_l0.detach().numpy(), module.weight_hh_l0.detach().numpy()
    b_ih, b_hh = module.bias_ih_l0.detach().numpy(), module.bias_hh_l0.detach().numpy()
    if kind == "gru":
        p = GRU_FROM_TORCH(u)
        return w_ih[p].T.copy(), w_hh[p].T.copy(), np.stack([b_ih[p], b_hh[p]])
    return w_ih.T.copy(), w_hh.T.copy(), b_ih + b_hh


def run_op(kind, x, states, w, u_mat, b, **kw):
    if kind == "rnn":
        return simple_rnn(x, states[0], w, u_mat, b, **kw)
    if kind == "lstm":
        return lstm(x, states[0], states[1], w, u_mat, b, **kw)
    return gru(x, states[0], w, u_mat, b, **kw)


TORCH = {"rnn": lambda f, u: torch.nn.RNN(f, u, batch_first=True),
         "lstm": lambda f, u: torch.nn.LSTM(f, u, batch_first=True),
         "gru": lambda f, u: torch.nn.GRU(f, u, batch_first=True)}


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("n, t, f, u", [(3, 5, 4, 6), (1, 1, 2, 3), (4, 7, 1, 2)])
@pytest.mark.parametrize("backwards", [False, True])
def test_matches_pytorch_float64(kind, n, t, f, u, backwards):
    torch.manual_seed(n * 100 + t)
    rng = np.random.default_rng(t)
    module = TORCH[kind](f, u).double()
    x = rng.normal(size=(n, t, f))
    states = [rng.normal(size=(n, u)) for _ in range(2 if kind == "lstm" else 1)]
    x_in = x[:, ::-1].copy() if backwards else x             # go_backwards reads the sequence reversed
    xt = torch.tensor(x_in, requires_grad=True)
    st = [torch.tensor(s[None], requires_grad=True) for s in states]
    out_t, _ = module(xt, tuple(st) if kind == "lstm" else st[0])
    proj = rng.normal(size=out_t.shape)
    (out_t * torch.tensor(proj)).sum().backward()

    w, u_mat, b = keras_weights(kind, module, u)
    tensors = [Tensor(a, requires_grad=True) for a in [x_in, *states, w, u_mat, b]]
    out = run_op(kind, tensors[0], tensors[1:1 + len(states)], *tensors[1 + len(states):])
    h = out.data[..., :u]
    assert rel_err(h, out_t.detach().numpy()) < 1e-12
    grad = np.zeros(out.shape)
    grad[..., :u] = proj
    out.backward(grad)
    assert rel_err(tensors[0].grad, xt.grad.numpy()) < 1e-10
    for s, s_t in zip(tensors[1:], st):
        assert rel_err(s.grad, s_t.grad.numpy()[0]) < 1e-10
    dw, du, db = (t_.grad for t_ in tensors[-3:])
    ref = keras_weights(kind, type("G", (), {
        "weight_ih_l0": module.weight_ih_l0.grad, "weight_hh_l0": module.weight_hh_l0.grad,
        "bias_ih_l0": module.bias_ih_l0.grad, "bias_hh_l0": module.bias_hh_l0.grad})(), u)
    assert rel_err(dw, ref[0]) < 1e-10 and rel_err(du, ref[1]) < 1e-10
    if kind == "gru":
        assert rel_err(db, ref[2]) < 1e-10
    else:  # b = b_ih + b_hh: both torch biases get the same gradient, which is ours
        assert rel_err(db, module.bias_ih_l0.grad.numpy()) < 1e-10


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_right_padded_mask_equals_pytorch_on_the_shorter_sequences(kind):
    """Masked steps carry the state over: the last state of a padded row is PyTorch's on the real steps."""
    torch.manual_seed(0)
    rng = np.random.default_rng(1)
    n, t, f, u = 3, 6, 2, 4
    lengths = [6, 4, 1]
    module = TORCH[kind](f, u).double()
    x = rng.normal(size=(n, t, f))
    mask = np.arange(t)[None] < np.array(lengths)[:, None]
    states = [np.zeros((n, u)) for _ in range(2 if kind == "lstm" else 1)]
    w, u_mat, b = keras_weights(kind, module, u)
    out = run_op(kind, Tensor(x), [Tensor(s) for s in states], Tensor(w), Tensor(u_mat), Tensor(b), mask=mask)
    for row, length in enumerate(lengths):
        ref, _ = module(torch.tensor(x[row:row + 1, :length]))
        assert rel_err(out.data[row, -1, :u], ref.detach().numpy()[0, -1]) < 1e-12
        assert np.allclose(out.data[row, length:, :u], ref.detach().numpy()[0, -1])   # carried over


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("with_mask", [False, True])
def test_gradients_match_finite_differences(kind, with_mask):
    rng = np.random.default_rng(3)
    n, t, f, u = 2, 4, 3, 3
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    mask = np.array([[1, 1, 0, 1], [0, 1, 1, 0]], bool) if with_mask else None
    rec_mask = rng.choice([0.0, 2.0], size=(n, u))                # recurrent dropout, fixed
    n_states = 2 if kind == "lstm" else 1
    arrays = [rng.normal(size=(n, t, f))] + [rng.normal(size=(n, u)) for _ in range(n_states)]
    arrays += [rng.normal(size=(f, gates * u)) * 0.5, rng.normal(size=(u, gates * u)) * 0.5,
               rng.normal(size=(2, 3 * u) if kind == "gru" else (gates * u,))]

    def fn(x, *rest):
        return run_op(kind, x, rest[:n_states], *rest[n_states:], mask=mask, recurrent_mask=rec_mask)
    check_gradients(fn, arrays, tol=1e-6)


def test_gru_reset_before_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    arrays = [rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 3)), rng.normal(size=(2, 9)) * 0.5,
              rng.normal(size=(3, 9)) * 0.5, rng.normal(size=(9,))]
    check_gradients(lambda x, h, w, u, b: gru(x, h, w, u, b, reset_after=False,
                                              mask=np.array([[1, 0, 1], [1, 1, 1]], bool),
                                              recurrent_mask=np.full((2, 3), 1.5)), arrays)


def test_trace_keeps_states_gates_and_the_gradient_of_every_step():
    rng = np.random.default_rng(5)
    x = Tensor(rng.normal(size=(2, 5, 3)), requires_grad=True)
    h0 = c0 = Tensor(np.zeros((2, 4)))
    w, u_mat, b = (Tensor(rng.normal(size=s), requires_grad=True) for s in ((3, 16), (4, 16), (16,)))
    trace = {}
    out = lstm(x, h0, c0, w, u_mat, b, trace=trace)
    assert set(trace["gates"]) == {"i", "f", "c", "o"}
    i, f, g, o = (trace["gates"][k] for k in "ifco")
    assert np.allclose(trace["c"][:, 1], f[:, 1] * trace["c"][:, 0] + i[:, 1] * g[:, 1])
    assert np.allclose(trace["h"], o * np.tanh(trace["c"]))
    grad = np.zeros(out.shape)
    grad[:, -1, :4] = 1.0                     # the loss reads only h_T: the gradient reaches back in time
    out.backward(grad)
    h_grads = trace["h_grads"]
    assert h_grads.shape == (2, 5, 4)
    assert np.allclose(h_grads[:, -1], 1.0)
    assert np.all(np.abs(h_grads[:, 0]) > 0)  # backpropagation through time reached the first step


def test_mask_of_the_wrong_shape_names_both_shapes():
    x = Tensor(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"\(2, 4\).*\(2, 5\)"):
        simple_rnn(x, Tensor(np.zeros((2, 4))), Tensor(np.zeros((3, 4))), Tensor(np.zeros((4, 4))),
                   mask=np.ones((2, 4), bool))


def test_two_dimensional_input_names_the_expected_layout():
    with pytest.raises(ValueError, match=r"\(batch, timesteps, features\).*\(2, 3\)"):
        gru(Tensor(np.zeros((2, 3))), Tensor(np.zeros((2, 4))), Tensor(np.zeros((3, 12))), Tensor(np.zeros((4, 12))))


def test_an_unsupported_loop_activation_names_the_argument_and_the_choices():
    from glassnet.ops.recurrent import activation_name
    assert activation_name(None, "activation") == "linear"
    assert activation_name(np.tanh, "activation") == "tanh"
    with pytest.raises(ValueError, match=r"LSTM: activation must be one of \['linear', 'relu', 'sigmoid', 'tanh'\]"
                                         r".*got 'softmax'"):
        activation_name("softmax", "LSTM: activation")


def test_take_sends_the_gradient_back_to_the_picked_positions_only():
    from glassnet.ops.recurrent import take
    states = np.random.default_rng(0).normal(size=(2, 4, 3))
    check_gradients(lambda a: take(a, (slice(None), -1)), [states])           # the last step of a sequence
    a = Tensor(states, requires_grad=True)
    take(a, (slice(None), 1)).backward(np.ones((2, 3)))
    assert np.all(a.grad[:, 1] == 1) and np.all(np.delete(a.grad, 1, axis=1) == 0)


def test_lstm_a_mask_keeping_every_step_traces_the_same_gradients_as_no_mask():
    # the masked backward runs step by step, the unmasked one the fast way: what they show must agree
    rng = np.random.default_rng(8)
    arrays = [rng.normal(size=s) for s in ((2, 5, 3), (2, 4), (2, 4), (3, 16), (4, 16), (16,))]
    proj = rng.normal(size=(2, 5, 8))
    results = []
    for mask in (None, np.ones((2, 5), dtype=bool)):
        tensors = [Tensor(a, requires_grad=True) for a in arrays]
        trace = {}
        lstm(*tensors, mask=mask, trace=trace).backward(proj)
        results.append([trace["h_grads"], trace["c_grads"]] + [t.grad for t in tensors])
    for unmasked, masked in zip(*results):
        np.testing.assert_allclose(masked, unmasked, rtol=1e-10, atol=1e-12)


def _peak_bytes_of_an_lstm_forward(arrays, **kw):
    import tracemalloc
    tracemalloc.start()
    try:
        lstm(*arrays, **kw)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_lstm_keeps_the_per_step_tanh_of_c_only_when_a_backward_can_follow():
    """Inference (no_grad, or nothing requiring a gradient) must not hold T·u·N extra values for backward."""
    from glassnet.autodiff import no_grad
    rng = np.random.default_rng(9)
    n, t, f, u = 16, 200, 2, 16
    shapes = ((n, t, f), (n, u), (n, u), (f, 4 * u), (u, 4 * u), (4 * u,))
    kept = t * u * n * 8                                              # tanh(c_t) of every step, float64
    _peak_bytes_of_an_lstm_forward([Tensor(rng.normal(size=s)) for s in shapes])   # first-call caches (BLAS info)
    trained = _peak_bytes_of_an_lstm_forward([Tensor(rng.normal(size=s), requires_grad=True) for s in shapes])
    with no_grad():
        inferred = _peak_bytes_of_an_lstm_forward([Tensor(rng.normal(size=s), requires_grad=True) for s in shapes])
    constants = _peak_bytes_of_an_lstm_forward([Tensor(rng.normal(size=s)) for s in shapes])
    assert trained - inferred > 0.8 * kept
    assert trained - constants > 0.8 * kept
