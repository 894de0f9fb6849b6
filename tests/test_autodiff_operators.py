"""The Tensor's Python operators, with the constant on either side: values and gradients against
PyTorch (float64), and the small promises of the Tensor API (detach, sum/mean, reshape)."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor, no_grad
from glassnet.utils.gradcheck import check_against_torch, check_gradients

A = np.array([[1.0, -2.0, 0.5], [0.3, 0.7, -1.1]])          # a constant matrix for A @ t
T_VALUES = np.array([[0.8, -1.3], [1.7, 0.4], [-0.6, 2.2]])  # t: (3, 2), no zero (1 / t)

# (name, glassnet expression, the same in torch): the constant first (reflected) and second
EXPRESSIONS = [
    ("2 + t", lambda t: 2 + t, lambda t: 2 + t),
    ("t + 2", lambda t: t + 2, lambda t: t + 2),
    ("2 - t", lambda t: 2 - t, lambda t: 2 - t),
    ("t - 2", lambda t: t - 2, lambda t: t - 2),
    ("3 * t", lambda t: 3 * t, lambda t: 3 * t),
    ("t * 3", lambda t: t * 3, lambda t: t * 3),
    ("1 / t", lambda t: 1 / t, lambda t: 1 / t),
    ("t / 4", lambda t: t / 4, lambda t: t / 4),
    ("A @ t", lambda t: A @ t, lambda t: __import__("torch").from_numpy(A) @ t),
    ("t.T @ A.T", lambda t: t.T @ A.T, lambda t: t.T @ __import__("torch").from_numpy(A.T.copy())),
    ("-t", lambda t: -t, lambda t: -t),
    ("t ** 3", lambda t: t ** 3, lambda t: t ** 3),
    ("2 ** t", lambda t: 2 ** t, lambda t: 2 ** t),
    ("array + t", lambda t: np.ones((3, 2)) + t, lambda t: __import__("torch").ones(3, 2) + t),
    ("array * t", lambda t: np.full((3, 1), 2.0) * t, lambda t: __import__("torch").full((3, 1), 2.0) * t),
    ("array - t", lambda t: np.arange(6.0).reshape(3, 2) - t,
     lambda t: __import__("torch").arange(6.0).reshape(3, 2) - t),
]


@pytest.mark.parametrize("name, ours, theirs", EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_operator_values_and_gradients_match_torch(name, ours, theirs):
    pytest.importorskip("torch")
    assert isinstance(ours(Tensor(T_VALUES)), Tensor)
    assert check_against_torch(ours, theirs, [T_VALUES]) < 1e-10
    assert check_gradients(ours, [T_VALUES]) < 1e-6


def test_reflected_operators_by_hand():
    t = Tensor(np.array([1.0, 2.0, 4.0]), requires_grad=True)
    np.testing.assert_allclose((2 - t).data, [1.0, 0.0, -2.0])
    np.testing.assert_allclose((1 / t).data, [1.0, 0.5, 0.25])
    np.testing.assert_allclose((2 ** t).data, [2.0, 4.0, 16.0])
    (1 / t).sum().backward()
    np.testing.assert_allclose(t.grad, [-1.0, -0.25, -0.0625])       # d(1/t)/dt = −1/t²
    (2 - t).sum().backward()
    np.testing.assert_allclose(t.grad, [-1.0, -1.0, -1.0])
    (2 ** t).sum().backward()
    np.testing.assert_allclose(t.grad, np.log(2) * np.array([2.0, 4.0, 16.0]))


def test_matmul_with_the_constant_on_the_left_keeps_the_order():
    x = Tensor(np.array([[1.0], [2.0], [3.0]]), requires_grad=True)   # (3, 1)
    out = A @ x                                                        # (2, 3) @ (3, 1)
    assert isinstance(out, Tensor) and out.shape == (2, 1)
    np.testing.assert_allclose(out.data, A @ x.data)
    out.sum().backward()
    np.testing.assert_allclose(x.grad, A.sum(axis=0, keepdims=True).T)


def test_detach_returns_a_tensor_with_the_values_and_no_graph():
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = w * 3
    cut = y.detach()
    assert isinstance(cut, Tensor)
    np.testing.assert_array_equal(cut.data, [3.0, 6.0])
    assert not cut.requires_grad and cut.parents == ()
    (cut * w).sum().backward()          # the detached factor is a constant: d/dw (3w·w) would be 12, here 6
    np.testing.assert_allclose(w.grad, [3.0, 6.0])


@pytest.mark.parametrize("reduce", ["sum", "mean"])
def test_sum_and_mean_drop_the_reduced_axes_by_default(reduce):
    values = np.arange(6.0).reshape(2, 3)
    t = Tensor(values, requires_grad=True)
    assert getattr(t, reduce)().shape == ()
    assert getattr(t, reduce)(axis=1).shape == (2,)
    assert getattr(t, reduce)(axis=0, keepdims=True).shape == (1, 3)
    np.testing.assert_allclose(getattr(t, reduce)(axis=1).data, getattr(values, reduce)(axis=1))
    getattr(t, reduce)(axis=0).sum().backward()
    np.testing.assert_allclose(t.grad, np.full((2, 3), 1.0 if reduce == "sum" else 0.5))


@pytest.mark.parametrize("call", [lambda t: t.reshape(3, 2), lambda t: t.reshape((3, 2)),
                                  lambda t: t.reshape([3, 2]), lambda t: t.reshape(-1, 2)],
                         ids=["varargs", "tuple", "list", "minus-one"])
def test_reshape_accepts_a_tuple_a_list_or_separate_sizes(call):
    t = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    out = call(t)
    assert out.shape == (3, 2)
    np.testing.assert_array_equal(out.data, np.arange(6.0).reshape(3, 2))
    (out * Tensor(np.arange(6.0).reshape(3, 2))).sum().backward()
    np.testing.assert_array_equal(t.grad, np.arange(6.0).reshape(2, 3))


def test_no_grad_records_nothing_and_restores_the_mode():
    w = Tensor(np.ones(2), requires_grad=True)
    with no_grad():
        y = w * 2
    assert not y.requires_grad and y.parents == ()
    z = w * 2
    assert z.requires_grad and z.parents[0] is w


def test_gradients_are_fresh_at_each_backward_and_shared_nodes_add_up():
    w = Tensor(np.array([2.0]), requires_grad=True)
    y = w * w + w              # w used three times: dy/dw = 2w + 1
    y.sum().backward()
    np.testing.assert_allclose(w.grad, [5.0])
    y.sum().backward()         # not accumulated across calls
    np.testing.assert_allclose(w.grad, [5.0])


def test_looking_inside_a_tensor():
    w = Tensor(np.array([[1.5, -2.0]]), requires_grad=True, name="w")
    assert w.numpy() is w.data and w.shape == (1, 2) and w.ndim == 2 and w.size == 2 and len(w) == 1
    assert Tensor(np.array([3.25])).item() == 3.25 and isinstance(Tensor(np.array([3.25])).item(), float)
    assert np.asarray(w) is w.data
    as64 = np.asarray(Tensor(np.array([1, 2], dtype=np.float32)), dtype=np.float64)
    assert as64.dtype == np.float64 and as64.tolist() == [1.0, 2.0]
    assert repr(w) == "Tensor([[ 1.5 -2. ]], requires_grad=True, name='w')"
    made = w * 2
    assert made.name == "multiply" and repr(made).endswith(", requires_grad=True, made by multiply)")
    assert repr(Tensor(np.array([1.0]))) == "Tensor([1.])"


def test_results_without_a_graph_hold_no_backward_rule():
    w = Tensor(np.ones(2), requires_grad=True)
    with no_grad():
        y = w * 2
    constant = Tensor(np.ones(2)) * 2
    for t in (y, constant):
        assert t.backward_fn is None and t.parents == () and not t.requires_grad
        with pytest.raises(RuntimeError, match="requires_grad=False"):
            t.sum().backward()


def test_zero_grad_clears_the_gradient():
    w = Tensor(np.ones(2), requires_grad=True)
    (w * 3).sum().backward()
    assert w.grad is not None
    w.zero_grad()
    assert w.grad is None


@pytest.mark.parametrize("size", [6, -1])
def test_reshape_to_one_axis_with_a_single_int_flattens_like_numpy(size):
    t = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    out = t.reshape(size)
    np.testing.assert_array_equal(out.data, np.arange(6.0).reshape(size))
    (out * Tensor(np.arange(6.0))).sum().backward()
    np.testing.assert_array_equal(t.grad, np.arange(6.0).reshape(2, 3))



def test_equality_compares_values_elementwise_as_an_eager_keras_tensor():
    a, b = Tensor(np.array([1.0, 2.0, 3.0])), Tensor(np.array([1.0, 0.0, 3.0]))
    np.testing.assert_array_equal((a == b).numpy(), [True, False, True])
    np.testing.assert_array_equal((a != b).numpy(), [False, True, False])
    np.testing.assert_array_equal((a == 2.0).numpy(), [False, True, False])
    np.testing.assert_array_equal((np.array([1.0, 2.0, 3.0]) == b).numpy(), [True, False, True])


def test_tensors_stay_usable_as_keys_and_compare_to_other_objects_by_identity():
    a, twin = Tensor(np.array(0.0)), Tensor(np.array(0.0))    # equal values, two objects
    table = {a: "a", twin: "twin"}
    assert table[a] == "a" and table[twin] == "twin" and len({a, twin}) == 2
    assert (a == None) is False and (a != "a") is True  # noqa: E711 - the comparison is the test


def test_a_custom_metric_written_with_double_equals_counts_matches():
    import glassnet as keras
    from glassnet import ops

    class Matches(keras.metrics.Metric):     # as in Keras's guide "training with built-in methods"
        def __init__(self):
            super().__init__(name="matches")
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

        def update_state(self, y_true, y_pred, sample_weight=None):
            same = ops.cast(y_true, "int32") == ops.cast(y_pred, "int32")
            self.count.assign_add(ops.sum(ops.cast(same, "float32")))

        def result(self):
            return self.count

    metric = Matches()
    metric.update_state(np.array([1, 0, 1, 1]), np.array([1, 1, 1, 0]))
    assert float(metric.result()) == 2.0
