"""_mlp_maths: forward pass and losses by hand, backpropagation against finite differences and PyTorch."""
import numpy as np
import pytest

from glassnet.neural_network._mlp_maths import (activate, forward, loss_and_gradients, LOSSES,
                                                loss_name_for)
from glassnet.utils.gradcheck import numerical_gradient


def _network(sizes, seed=0):
    rng = np.random.default_rng(seed)
    coefs = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    intercepts = [rng.normal(size=b) for b in sizes[1:]]
    return coefs, intercepts


def _targets(output, n, k, rng):
    if output == "softmax":
        return np.eye(k)[rng.integers(0, k, n)]
    if output == "logistic":
        return (rng.random((n, k)) < 0.5).astype(float)
    if output == "exp":
        return rng.poisson(2.0, (n, k)).astype(float)
    return rng.normal(size=(n, k))


CASES = [(hidden, output, loss) for hidden in ("identity", "logistic", "tanh", "relu")
         for output, loss in (("softmax", "log_loss"), ("logistic", "log_loss"),
                              ("identity", "squared_error"), ("exp", "poisson"))]


@pytest.mark.parametrize("hidden, output, loss", CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_backpropagation_matches_central_differences(hidden, output, loss, weighted):
    rng = np.random.default_rng(1)
    k = 1 if loss == "squared_error" else 3     # k > 1 squared error: see the next test
    coefs, intercepts = _network([4, 5, 3, k])
    X, Y = rng.normal(size=(7, 4)), _targets(output, 7, k, rng)
    sw = rng.random(7) + 0.2 if weighted else None
    settings = dict(hidden=hidden, output=output, loss=loss, alpha=0.3)
    _, coef_grads, intercept_grads = loss_and_gradients(X, Y, sw, coefs, intercepts, **settings)

    def objective(_):
        return loss_and_gradients(X, Y, sw, coefs, intercepts, **settings)[0]

    for param, grad in zip(coefs + intercepts, coef_grads + intercept_grads):
        numeric = numerical_gradient(objective, param)
        assert np.max(np.abs(numeric - grad)) < 1e-6 * max(1.0, np.max(np.abs(numeric)))
        assert np.max(np.abs(grad)) > 1e-4        # a gradient of zeros would pass nothing


def test_several_regression_outputs_keep_scikit_learns_gradient_of_the_sum():
    """The reported loss averages the k outputs; the gradient is that of their sum (k × the mean)."""
    rng = np.random.default_rng(2)
    coefs, intercepts = _network([3, 4, 2])
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    settings = dict(hidden="tanh", output="identity", loss="squared_error", alpha=0.0)
    _, coef_grads, _ = loss_and_gradients(X, Y, None, coefs, intercepts, **settings)
    numeric = numerical_gradient(lambda _: loss_and_gradients(X, Y, None, coefs, intercepts, **settings)[0],
                                 coefs[0])
    np.testing.assert_allclose(coef_grads[0], 2 * numeric, rtol=1e-6, atol=1e-9)


def test_backpropagation_matches_pytorch_float64():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    coefs, intercepts = _network([5, 6, 4, 3])
    X, Y = rng.normal(size=(8, 5)), np.eye(3)[rng.integers(0, 3, 8)]
    alpha = 0.5
    value, coef_grads, intercept_grads = loss_and_gradients(
        X, Y, None, coefs, intercepts, hidden="tanh", output="softmax", loss="log_loss", alpha=alpha)
    Ws = [torch.tensor(W, requires_grad=True) for W in coefs]
    bs = [torch.tensor(b, requires_grad=True) for b in intercepts]
    a = torch.tensor(X)
    for i, (W, b) in enumerate(zip(Ws, bs)):
        a = a @ W + b
        if i < len(Ws) - 1:
            a = torch.tanh(a)
    J = torch.nn.functional.cross_entropy(a, torch.tensor(Y.argmax(1))) \
        + alpha / (2 * len(X)) * sum((W ** 2).sum() for W in Ws)
    J.backward()
    assert value == pytest.approx(J.item(), rel=1e-12)
    for ours, theirs in zip(coef_grads + intercept_grads, Ws + bs):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_forward_pass_by_hand():
    X = np.array([[1.0, -2.0]])
    coefs = [np.array([[1.0, 0.5], [1.0, -1.0]]), np.array([[2.0], [1.0]])]
    intercepts = [np.array([0.0, 0.5]), np.array([-1.0])]
    a = forward(X, coefs, intercepts, "relu", "identity")
    np.testing.assert_allclose(a[1], [[0.0, 3.0]])          # relu([-1, 3])
    np.testing.assert_allclose(a[2], [[2.0]])               # 0·2 + 3·1 − 1


def test_activations_by_hand():
    z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(activate("logistic", z.copy()), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(activate("tanh", z.copy()), np.tanh(z))
    np.testing.assert_allclose(activate("relu", z.copy()), [[0.0, 0.0, 2.0]])
    np.testing.assert_allclose(activate("softmax", z.copy()), np.exp(z) / np.exp(z).sum())
    big = np.array([[-1000.0, 1000.0]])
    np.testing.assert_allclose(activate("logistic", big.copy()), [[0.0, 1.0]])   # no overflow


def test_losses_by_hand():
    Y, P = np.array([[1.0], [0.0]]), np.array([[0.8], [0.4]])
    expected = -(np.log(0.8) + np.log(0.6)) / 2
    assert LOSSES["binary_log_loss"](Y, P) == pytest.approx(expected)
    assert LOSSES["log_loss"](Y, P) == pytest.approx(expected)        # one column = [1 − p, p]
    assert LOSSES["squared_error"](np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])) == pytest.approx(1.25)
    assert loss_name_for("log_loss", "logistic") == "binary_log_loss"
    assert loss_name_for("log_loss", "softmax") == "log_loss"
