"""glassnet.layers.keras_tensor: symbolic tensors and the errors a user meets with them."""
import operator

import numpy as np
import pytest

import glassnet as keras


@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow])
def test_arithmetic_on_a_symbolic_tensor_records_an_op_node(op):
    """As in Keras 3: ``inputs * 2`` is a node of the graph (an OpLayer), not an error."""
    inputs = keras.Input(shape=(3,))
    out = op(inputs, 2.0)
    assert isinstance(out, keras.layers.KerasTensor) and out.shape == (None, 3)
    assert isinstance(out.history[0], keras.layers.OpLayer)
    model = keras.Model(inputs, out)
    x = np.array([[1.0, 2.0, 4.0]], dtype="float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), op(x, 2.0), rtol=1e-6)
    if op is not operator.pow:
        reflected = keras.Model(inputs, op(2.0, inputs))
        np.testing.assert_allclose(reflected.predict(x, verbose=0), op(2.0, x), rtol=1e-6)


def test_a_symbolic_tensor_has_no_values():
    with pytest.raises(TypeError, match="holds no values"):
        np.asarray(keras.Input(shape=(3,)))
    assert (-keras.Input(shape=(3,))).shape == (None, 3)      # an op node, as in Keras 3
