"""glassnet.layers.keras_tensor: symbolic tensors and the errors a user meets with them."""
import operator

import numpy as np
import pytest

import glassnet as keras


@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv,
                                operator.matmul, operator.pow])
def test_arithmetic_on_a_symbolic_tensor_points_to_the_merge_layers(op):
    inputs = keras.Input(shape=(3,))
    with pytest.raises(TypeError, match=r"layers\.Add\(\)"):
        op(inputs, 2)
    with pytest.raises(TypeError, match="subclass keras.Model"):
        op(2, inputs)


def test_a_symbolic_tensor_has_no_values():
    with pytest.raises(TypeError, match="holds no values"):
        np.asarray(keras.Input(shape=(3,)))
    with pytest.raises(TypeError, match="holds no values"):
        -keras.Input(shape=(3,))
