"""keras.Variable: initial values, initializers, assignment and gradients as Keras 3 documents them."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import ops


def test_from_a_value_and_from_an_initializer_with_shape():
    v = keras.Variable(np.array([[1.0, 2.0]]), name="w")
    assert v.dtype == np.float32 and v.name == "w" and v.requires_grad
    np.testing.assert_array_equal(v.numpy(), [[1.0, 2.0]])
    z = keras.Variable(initializer="zeros", shape=(2, 3), trainable=False)
    assert z.shape == (2, 3) and not z.requires_grad and np.all(z.numpy() == 0)
    g = keras.Variable(keras.initializers.RandomNormal(stddev=1.0, seed=0), shape=(100,))
    assert 0.5 < g.numpy().std() < 1.5
    with pytest.raises(ValueError, match="shape"):
        keras.Variable("ones")


def test_assign_and_gradient_step_as_in_a_hand_written_loop():
    w = keras.Variable(np.zeros((3, 1)))
    w.assign_add(np.ones((3, 1)))
    np.testing.assert_array_equal(w.numpy(), 1.0)
    x = np.array([[1.0, 2.0, 3.0]], dtype="float32")
    loss = ops.sum(ops.square(ops.matmul(x, w) - 10.0))
    loss.backward()
    np.testing.assert_allclose(w.grad[:, 0], 2 * (6.0 - 10.0) * x[0])
    keras.optimizers.SGD(0.01).apply([w.grad], [w])
    assert float(ops.sum(ops.square(ops.matmul(x, w) - 10.0))) < float(loss)
