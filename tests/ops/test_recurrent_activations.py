"""The gated ops with other activations (the general path) and with huge pre-activations (the one-exp path)."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.gru import gru
from glassnet.ops.lstm import lstm
from tests.ops.gradcheck_helpers import check_gradients

F = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "linear": lambda z: z,
     "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def lstm_reference(x, w, u, b, act, rec_act):
    """The LSTM's formulas, step by step, in Keras's gate order i, f, c, o."""
    n, units = x.shape[0], u.shape[0]
    h, c, out = np.zeros((n, units)), np.zeros((n, units)), []
    for t in range(x.shape[1]):
        z = x[:, t] @ w + h @ u + b
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = F[rec_act](f) * c + F[rec_act](i) * F[act](g)
        h = F[rec_act](o) * F[act](c)
        out.append(h)
    return np.stack(out, axis=1)


def gru_reference(x, w, u, b, act, rec_act):
    """The GRU's formulas (reset_after=True), step by step, gate order z, r, h."""
    n, units = x.shape[0], u.shape[0]
    h, out = np.zeros((n, units)), []
    for t in range(x.shape[1]):
        xz, rec = x[:, t] @ w + b[0], h @ u + b[1]
        z = F[rec_act](xz[:, :units] + rec[:, :units])
        r = F[rec_act](xz[:, units:2 * units] + rec[:, units:2 * units])
        cand = F[act](xz[:, 2 * units:] + r * rec[:, 2 * units:])
        h = z * h + (1 - z) * cand
        out.append(h)
    return np.stack(out, axis=1)


@pytest.mark.parametrize("act, rec_act", [("tanh", "sigmoid"), ("relu", "sigmoid"), ("tanh", "linear"),
                                          ("linear", "relu")])
def test_any_activation_follows_the_formulas_and_its_gradient(act, rec_act):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 3))
    for gates, op, reference, bias_shape in ((4, lstm, lstm_reference, (12,)), (3, gru, gru_reference, (2, 9))):
        w, u, b = rng.normal(size=(3, gates * 3)) * 0.5, rng.normal(size=(3, gates * 3)) * 0.5, rng.normal(size=bias_shape)
        states = [np.zeros((2, 3))] * (2 if op is lstm else 1)
        kw = dict(activation=act, recurrent_activation=rec_act)
        out = op(Tensor(x), *[Tensor(s) for s in states], Tensor(w), Tensor(u), Tensor(b), **kw)
        np.testing.assert_allclose(out.data[..., :3], reference(x, w, u, b, act, rec_act), rtol=1e-12, atol=1e-12)
        n_states = len(states)
        check_gradients(lambda x_, *rest: op(x_, *rest[:n_states], *rest[n_states:], **kw),
                        [x + 0.01, *[s + 0.1 for s in states], w, u, b])


def test_huge_preactivations_saturate_the_gates_without_nan():
    """e^(−z) overflows to inf for z ≪ 0: σ must come out 0 (and tanh −1), never NaN, in float32."""
    x = np.array([[[1000.0], [-1000.0]]], np.float32)
    w = np.ones((1, 12), np.float32)
    zeros = Tensor(np.zeros((1, 3), np.float32))
    trace = {}
    out = lstm(Tensor(x), zeros, zeros, Tensor(w), Tensor(np.zeros((3, 12), np.float32)), trace=trace)
    assert np.all(np.isfinite(out.data))
    assert np.array_equal(trace["gates"]["i"][0], [[1, 1, 1], [0, 0, 0]])
    assert np.array_equal(trace["gates"]["c"][0], [[1, 1, 1], [-1, -1, -1]])
    np.testing.assert_allclose(out.data[0, :, 3:], [[1, 1, 1], [0, 0, 0]])   # c = i·g = 1, then f = 0, i·g = 0·(−1)
    h = gru(Tensor(x), zeros, Tensor(np.ones((1, 9), np.float32)), Tensor(np.zeros((3, 9), np.float32)))
    assert np.all(np.isfinite(h.data))
