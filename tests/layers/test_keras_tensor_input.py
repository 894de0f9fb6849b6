"""keras.Input: the shapes Keras accepts (with or without the batch axis) and clear refusals."""
import numpy as np
import pytest

import glassnet as keras


@pytest.mark.parametrize("kwargs, shape", [
    ({"shape": (3, 4)}, (None, 3, 4)), ({"shape": 5}, (None, 5)), ({"shape": (0,)}, (None, 0)),
    ({"shape": (None, 2), "batch_size": 8}, (8, None, 2)), ({"batch_shape": (2, 3)}, (2, 3)),
    ({"shape": (np.int64(3),)}, (None, 3)),
])
def test_accepted_shapes(kwargs, shape):
    tensor = keras.Input(**kwargs)
    assert tuple(tensor.shape) == shape and tensor.ndim == len(shape)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"shape": (3,), "sparse": True}, ValueError, "sparse and ragged"),
    ({"shape": (3,), "ragged": True}, ValueError, "sparse and ragged"),
    ({"shape": (3,), "colour": "red"}, TypeError, r"unexpected keyword argument\(s\) \['colour'\]"),
    ({}, ValueError, "give shape="),
    ({"shape": (3, -1)}, ValueError, "non-negative integers or None"),
    ({"shape": (2.5,)}, ValueError, "non-negative integers or None"),
])
def test_refused_inputs_say_why(kwargs, error, message):
    with pytest.raises(error, match=message):
        keras.Input(**kwargs)


def test_optional_keras_arguments_are_accepted():
    assert tuple(keras.Input(shape=(2,), sparse=False, ragged=False, optional=False).shape) == (None, 2)
