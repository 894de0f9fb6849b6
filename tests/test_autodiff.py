"""The engine itself: graph recording, reverse-mode backward, gradient bookkeeping."""
import threading

import numpy as np
import pytest

from glassnet.autodiff import Tensor, is_grad_enabled, no_grad, unbroadcast


def test_chain_rule_through_a_small_graph_matches_the_hand_derivation():
    # L = mean((x·W + b)²): dL/dW = xᵀ·(2z/n), dL/db = Σ 2z/n, n = number of entries of z
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(4, 3)))
    W = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    b = Tensor(rng.normal(size=(2,)), requires_grad=True)
    z = x @ W + b
    loss = (z ** 2).mean()
    loss.backward()
    dz = 2 * z.data / z.data.size
    np.testing.assert_allclose(W.grad, x.data.T @ dz, rtol=1e-12)
    np.testing.assert_allclose(b.grad, dz.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(z.grad, dz, rtol=1e-12)  # intermediate values keep their δ too
    assert x.grad is None  # inputs without requires_grad get none


def test_a_value_used_twice_sums_the_gradients_of_both_paths():
    a = Tensor(np.array([3.0]), requires_grad=True)
    loss = (a * a + a).sum()  # d/da (a² + a) = 2a + 1
    loss.backward()
    np.testing.assert_allclose(a.grad, [7.0])


def test_backward_computes_fresh_gradients_each_call():
    w = Tensor(np.array([2.0]), requires_grad=True)
    (w * 3.0).sum().backward()
    (w * 3.0).sum().backward()
    np.testing.assert_allclose(w.grad, [3.0])  # not 6: gradients are not summed across calls


def test_a_deep_chain_does_not_hit_the_recursion_limit():
    x = Tensor(np.array([1.0]), requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [1.0])


def test_no_grad_records_nothing_and_is_per_thread():
    w = Tensor(np.ones(3), requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        out = w * 2.0
        seen_in_other_thread = []
        worker = threading.Thread(target=lambda: seen_in_other_thread.append(is_grad_enabled()))
        worker.start()
        worker.join()
    assert out.requires_grad is False and out.parents == ()
    assert seen_in_other_thread == [True]  # a thread training beside an inference keeps its graph
    assert is_grad_enabled()


def test_backward_errors_say_what_is_wrong():
    with pytest.raises(RuntimeError, match="does not depend on any weight"):
        Tensor(np.ones(2)).sum().backward()
    w = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        (w * 2.0).backward()
    with pytest.raises(ValueError, match=r"expected \(2, 2\)"):
        (w * 2.0).backward(np.ones(3))


def test_float32_stays_float32_with_python_constants():
    w = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    loss = ((w * 0.5 + 1.0) ** 2).mean()
    loss.backward()
    assert loss.dtype == np.float32 and w.grad.dtype == np.float32


def test_unbroadcast_sums_over_the_stretched_axes():
    g = np.ones((5, 4, 3))
    np.testing.assert_array_equal(unbroadcast(g, (3,)), np.full(3, 20.0))
    np.testing.assert_array_equal(unbroadcast(g, (4, 1)), np.full((4, 1), 15.0))
    assert unbroadcast(g, (5, 4, 3)) is g


def test_numbers_and_integer_arrays_become_floatx():
    assert Tensor(3).dtype == np.float32
    assert Tensor(np.arange(3)).dtype == np.float32
    assert Tensor(np.arange(3.0)).dtype == np.float64  # float arrays keep their dtype


def test_pickled_tensor_keeps_values_and_flags_but_not_the_graph():
    import copy
    import pickle
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="w")
    out = (w * 3.0).sum()
    out.backward()
    for again in (pickle.loads(pickle.dumps(out)), copy.deepcopy(out)):
        assert again.parents == () and again.backward_fn is None and float(again.data) == 9.0
    w2 = pickle.loads(pickle.dumps(w))
    assert w2.requires_grad and w2.name == "w"
    np.testing.assert_array_equal(w2.grad, [3.0, 3.0])


def test_comparisons_conversions_and_abs():
    t = Tensor(np.array([-1.0, 0.5, 2.0]), requires_grad=True)
    np.testing.assert_array_equal((t > 0).numpy(), [False, True, True])
    np.testing.assert_array_equal((t <= 0.5).numpy(), [True, True, False])
    np.testing.assert_array_equal((0 < t).numpy(), [False, True, True])
    assert not (t > 0).requires_grad
    abs(t).sum().backward()
    np.testing.assert_array_equal(t.grad, [-1.0, 1.0, 1.0])
    assert float(Tensor(np.array(2.5))) == 2.5 and int(Tensor(np.array([3.0]))) == 3
    assert bool(Tensor(np.array(1.0)))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(t)
    assert t in [t] and {t: 1}[t] == 1     # == stays identity


def test_assign_methods_change_values_in_place():
    w = Tensor(np.zeros(3, dtype=np.float32), requires_grad=True)
    data = w.data
    w.assign([1.0, 2.0, 3.0]).assign_add(np.ones(3)).assign_sub(Tensor(np.array([0.5, 0.5, 0.5])))
    assert w.data is data and w.dtype == np.float32 and w.value is w
    np.testing.assert_allclose(w.numpy(), [1.5, 2.5, 3.5])
    w.assign(0.0)
    np.testing.assert_array_equal(w.numpy(), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="does not fit"):
        w.assign(np.ones(4))


def test_an_op_returning_none_for_a_parent_sends_it_nothing_while_other_paths_still_add_up():
    """from_op's contract: backward returns one gradient or None per parent; None means no gradient that way."""
    w = Tensor(np.array([2.0, -1.0]), requires_grad=True)
    v = Tensor(np.array([0.5, 3.0]), requires_grad=True)
    # a custom op with two parents, differentiable in the second only (like a straight-through of w)
    product = Tensor.from_op(w.data * v.data, (w, v), lambda g: (None, g * w.data), name="w_times_v_no_dw")
    loss = (product + 3 * w).sum()                           # w also reaches the loss through 3·w
    loss.backward()
    np.testing.assert_array_equal(w.grad, [3.0, 3.0])       # only the 3·w path
    np.testing.assert_array_equal(v.grad, w.data)
    alone = Tensor(np.array([2.0, -1.0]), requires_grad=True)
    (Tensor.from_op(alone.data * 1.0, (alone,), lambda g: (None,)) * 2).sum().backward()
    assert alone.grad is None                                # the only path sends nothing: no gradient at all
