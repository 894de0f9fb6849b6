"""The Optimizer base class as a user meets it: a rule of one's own, gradients given as Tensors,
the iteration count, and saved state that does not fit."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.optimizers import SGD, Adam, Optimizer


class SignDescent(Optimizer):
    """W ← W − η·sign(g): a rule without state, written the way the docs suggest."""

    def update(self, weight, grad, state, lr):
        weight -= lr * np.sign(grad)


def test_a_rule_without_state_needs_only_update():
    w = Tensor(np.array([1.0, -1.0, 0.5]), requires_grad=True)
    optimizer = SignDescent(learning_rate=0.25)
    assert optimizer.apply_gradients([(np.array([3.0, -0.1, 0.0]), w)]) == 1
    np.testing.assert_allclose(w.data, [0.75, -0.75, 0.5])
    assert optimizer.variables == []
    store = {}
    optimizer.save_own_variables(store)
    assert list(store) == ["0"] and int(store["0"][0]) == 1


def test_gradients_may_be_tensors():
    start = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = np.array([[0.5, -1.0], [2.0, 0.0]])
    results = []
    for given in (grad, Tensor(grad)):
        w = Tensor(start.copy(), requires_grad=True)
        Adam(0.1).apply_gradients([(given, w)])
        results.append(w.data)
    np.testing.assert_array_equal(results[0], results[1])
    assert not np.allclose(results[0], start)


def test_apply_counts_iterations_even_with_nothing_to_update():
    optimizer = SGD(0.1)
    assert optimizer.apply_gradients([]) == 1
    assert optimizer.step([Tensor(np.ones(2), requires_grad=True)]) == 2     # no .grad: skipped, still a step
    assert optimizer.iterations == 2
    w = Tensor(np.ones(2), requires_grad=True)
    assert optimizer.apply([np.ones(2)], [w]) == 3
    np.testing.assert_allclose(w.data, [0.9, 0.9])


def test_loading_state_of_the_wrong_shape_names_the_array():
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    optimizer = SGD(0.1, momentum=0.9)
    optimizer.apply_gradients([(np.ones((2, 3)), w)])
    store = {}
    optimizer.save_own_variables(store)
    store["1"] = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"state array 1 has shape \(3, 2\), expected \(2, 3\)"):
        SGD(0.1, momentum=0.9).load_own_variables(store, [w])
