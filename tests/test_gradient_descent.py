import numpy as np
import pytest

from glassnet import ops
from glassnet.optimize import gradient_descent


def bowl(t):
    """f(θ) = θ₀² + 10 θ₁²: minimum 0 at the origin, ∇f = (2θ₀, 20θ₁)."""
    return t[0] ** 2 + 10 * t[1] ** 2


def test_plain_descent_follows_the_update_rule_and_keeps_the_path():
    result = gradient_descent(bowl, [2.0, 1.0], learning_rate=0.04, max_iter=3, tol=0)
    expected = [np.array([2.0, 1.0])]
    for _ in range(3):
        t = expected[-1]
        expected.append(t - 0.04 * np.array([2 * t[0], 20 * t[1]]))
    np.testing.assert_allclose(result.path, np.array(expected))
    np.testing.assert_allclose(result.values, [bowl(t) for t in expected])
    np.testing.assert_allclose(result.grad_norms, [np.hypot(2 * t[0], 20 * t[1]) for t in expected])
    assert result.n_iter == 3 and not result.converged


def test_gradient_rule_stops_at_the_minimum():
    result = gradient_descent(bowl, [2.0, 1.0], learning_rate=0.04, tol=1e-6, max_iter=5000)
    assert result.converged and result.grad_norms[-1] <= 1e-6
    assert result.grad_norms[-2] > 1e-6
    np.testing.assert_allclose(result.x, [0, 0], atol=1e-6)


def test_step_rule_stops_when_steps_become_small():
    result = gradient_descent(bowl, [2.0, 1.0], learning_rate=0.04, tol=1e-10, stop="step", max_iter=5000)
    assert result.converged
    steps = np.sum(np.diff(result.path, axis=0) ** 2, axis=1)
    assert steps[-1] <= 1e-10 < steps[-2]


def test_explicit_gradient_for_numpy_functions():
    f = lambda t: float(np.sin(t[0]) + t[1] ** 2)   # noqa: E731
    g = lambda t: np.array([np.cos(t[0]), 2 * t[1]])   # noqa: E731
    result = gradient_descent(f, [0.0, 1.0], g, learning_rate=0.1, max_iter=2000)
    np.testing.assert_allclose(result.x, [-np.pi / 2, 0], atol=1e-5)


def test_too_large_learning_rate_diverges_and_says_so():
    result = gradient_descent(bowl, [2.0, 1.0], learning_rate=0.2, max_iter=2000)
    assert not result.converged and "diverged" in result.message
    assert result.n_iter < 2000 and result.values[-1] > 1e12 * result.values[0]


def test_momentum_and_adam_reach_the_minimum_faster_than_plain_on_a_ravine():
    ravine = lambda t: t[0] ** 2 + 100 * t[1] ** 2   # noqa: E731
    plain = gradient_descent(ravine, [5.0, 1.0], learning_rate=0.009, max_iter=3000, tol=1e-4)
    heavy = gradient_descent(ravine, [5.0, 1.0], learning_rate=0.009, method="momentum", momentum=0.8,
                             max_iter=3000, tol=1e-4)
    adam = gradient_descent(ravine, [5.0, 1.0], learning_rate=0.1, method="adam", max_iter=3000, tol=1e-4)
    assert plain.converged and heavy.converged and adam.converged
    assert heavy.n_iter < plain.n_iter
    np.testing.assert_allclose(adam.x, [0, 0], atol=1e-3)


def test_adam_first_step_has_length_learning_rate_per_coordinate():
    result = gradient_descent(bowl, [2.0, -1.0], learning_rate=0.1, method="adam", max_iter=1, tol=0)
    np.testing.assert_allclose(result.path[1] - result.path[0], [-0.1, 0.1], rtol=1e-6)


def _regression(n=40):
    rng = np.random.default_rng(0)
    x = rng.normal(size=n)
    y = 3 * x - 1 + 0.1 * rng.normal(size=n)
    return x, y


def test_minibatch_fraction_uses_the_right_batch_size_and_reaches_least_squares():
    x, y = _regression()
    seen = []

    def loss(theta, rows):
        seen.append(len(rows))
        residual = theta[0] * x[rows] + theta[1] - y[rows]
        return ops.mean(residual * residual)

    result = gradient_descent(loss, [0.0, 0.0], learning_rate=0.05, n_samples=40, batch_fraction=0.1,
                              max_iter=600, tol=0, random_state=0)
    assert result.batch_size == 4 and 4 in seen and 40 in seen
    exact = np.polyfit(x, y, 1)
    np.testing.assert_allclose(result.x, exact, atol=0.1)
    assert result.values[-1] < 0.1 * result.values[0]


def test_full_batch_fraction_equals_plain_descent():
    x, y = _regression()
    whole = lambda t: ops.mean((t[0] * x + t[1] - y) ** 2)   # noqa: E731
    batched = lambda t, rows: ops.mean((t[0] * x[rows] + t[1] - y[rows]) ** 2)   # noqa: E731
    a = gradient_descent(whole, [0.0, 0.0], learning_rate=0.1, max_iter=20, tol=0)
    b = gradient_descent(batched, [0.0, 0.0], learning_rate=0.1, max_iter=20, tol=0, n_samples=40,
                         batch_fraction=1.0)
    np.testing.assert_allclose(a.path, b.path)


@pytest.mark.parametrize("kwargs, word", [({"learning_rate": 0}, "learning_rate"), ({"method": "newton"}, "method"),
                                          ({"stop": "loss"}, "stop"), ({"batch_fraction": 0.5}, "n_samples"),
                                          ({"tol": -1}, "tol")])
def test_bad_arguments_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        gradient_descent(bowl, [1.0, 1.0], **kwargs)


def test_a_function_without_tensors_needs_grad():
    with pytest.raises(TypeError, match="grad="):
        gradient_descent(lambda t: 1.0, [1.0])
