"""glassnet.ops.creation: constants with Keras's dtypes, shape as a function, cast and stop_gradient."""
from __future__ import annotations

import numpy as np
import pytest

import glassnet as keras
from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.config import set_floatx


def test_constants_have_keras_shapes_values_and_dtypes():
    assert ops.ones((2, 3)).dtype == np.float32 and np.all(ops.ones((2, 3)).numpy() == 1)
    assert ops.zeros((2,), dtype="int32").dtype == np.int32
    np.testing.assert_array_equal(ops.full((2, 2), 7.0).numpy(), [[7, 7], [7, 7]])
    assert ops.full((1,), 3).dtype == np.int32
    assert ops.arange(4).dtype == np.int32 and ops.arange(0.0, 1.0, 0.5).dtype == np.float32
    np.testing.assert_array_equal(ops.arange(1, 7, 2).numpy(), [1, 3, 5])
    np.testing.assert_array_equal(ops.eye(2, 3, k=1).numpy(), np.eye(2, 3, k=1))
    np.testing.assert_array_equal(ops.identity(2).numpy(), np.eye(2))
    x = np.arange(6, dtype=np.float64).reshape(2, 3)
    assert ops.ones_like(x).dtype == np.float64 and ops.zeros_like(x, dtype="float32").dtype == np.float32
    np.testing.assert_array_equal(ops.full_like(x, 2).numpy(), np.full((2, 3), 2.0))
    np.testing.assert_allclose(ops.linspace(0, 1, 5).numpy(), [0, 0.25, 0.5, 0.75, 1])


def test_floatx_follows_the_setting():
    set_floatx("float64")
    try:
        assert ops.ones((1,)).dtype == np.float64
    finally:
        set_floatx("float32")


def test_shape_is_a_function_on_tensors_and_arrays():
    assert ops.shape(Tensor(np.zeros((4, 5)))) == (4, 5)
    assert ops.shape(np.zeros((2,))) == (2,)
    assert ops.shape([[1, 2, 3]]) == (1, 3)
    assert callable(keras.ops.shape)


def test_convert_to_tensor_and_back():
    assert ops.convert_to_tensor([1.5, 2.0]).dtype == np.float32
    assert ops.convert_to_tensor([1, 2]).dtype == np.int32
    assert ops.convert_to_tensor(np.array([1.0])).dtype == np.float64
    t = Tensor(np.ones(2), requires_grad=True)
    assert ops.convert_to_tensor(t) is t
    assert isinstance(ops.convert_to_numpy(t), np.ndarray)
    assert ops.is_tensor(t) and not ops.is_tensor(np.ones(2))
    assert ops.dtype(t) == "float64"


def test_cast_is_differentiable_between_floats_only():
    t = Tensor(np.array([1.5, -2.0]), requires_grad=True)
    out = ops.cast(t, "float32")
    assert out.dtype == np.float32
    ops.sum(ops.multiply(out, 3.0)).backward()
    np.testing.assert_array_equal(t.grad, [3.0, 3.0])
    assert t.grad.dtype == np.float64
    as_int = ops.cast(t, "int32")
    assert as_int.dtype == np.int32 and not as_int.requires_grad
    np.testing.assert_array_equal(as_int.numpy(), [1, -2])
    with pytest.raises(ValueError, match="unknown dtype 'float99'"):
        ops.cast(t, "float99")


def test_stop_gradient_cuts_the_graph():
    t = Tensor(np.array([2.0]), requires_grad=True)
    out = ops.add(ops.multiply(t, t), ops.stop_gradient(ops.multiply(t, 10.0)))
    np.testing.assert_array_equal(out.numpy(), [24.0])        # the stopped branch still adds its value
    ops.sum(out).backward()
    np.testing.assert_array_equal(t.grad, [4.0])
    stopped = ops.stop_gradient(t)
    assert not stopped.requires_grad
    np.testing.assert_array_equal(stopped.numpy(), [2.0])


def test_keras_ops_work_on_plain_arrays():
    x = np.array([[1.0, -2.0], [3.0, 4.0]])
    np.testing.assert_allclose(ops.sum(x).numpy(), 6.0)
    np.testing.assert_allclose(ops.abs(x).numpy(), np.abs(x))
    np.testing.assert_allclose(ops.mean(ops.square(x), axis=0).numpy(), [5.0, 10.0])
    np.testing.assert_allclose(ops.relu(x).numpy(), np.maximum(x, 0))
    np.testing.assert_allclose(ops.softmax(x).numpy().sum(-1), [1, 1], rtol=1e-6)
    np.testing.assert_allclose(ops.clip(x, x_min=0.0, x_max=3.0).numpy(), np.clip(x, 0, 3))
    np.testing.assert_allclose(ops.reshape(x, (4,)).numpy(), x.ravel())
    np.testing.assert_allclose(ops.concatenate([x, x]).numpy(), np.concatenate([x, x]))  # Keras: axis=0


def test_unknown_op_names_the_closest():
    with pytest.raises(AttributeError, match="onez.*ones"):
        ops.onez


def test_cast_converts_plain_values_too():
    as_int = ops.cast(np.array([1.7, -2.2]), "int32")
    assert isinstance(as_int, Tensor) and as_int.dtype == np.int32
    np.testing.assert_array_equal(as_int.numpy(), [1, -2])
    as_float = ops.cast([1, 2], "float32")
    assert as_float.dtype == np.float32
    np.testing.assert_array_equal(as_float.numpy(), [1.0, 2.0])


def test_full_keeps_a_float_fill_value_and_gives_floatx():
    out = ops.full((2,), 2.5)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), [2.5, 2.5])
    assert ops.full((2,), True).dtype == np.float32        # a bool is not an int fill value here
