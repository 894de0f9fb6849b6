"""Nested inputs and weights: tuples of tensors, weights shared between sublayers, shapes in messages."""
import numpy as np
import pytest

from glassnet import layers


class Holder(layers.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x):
        return self.inner(x)


class Tied(layers.Layer):
    """The same Dense reached twice: directly and through another sublayer (weight tying)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3)
        self.again = Holder(self.dense)

    def call(self, x):
        return self.again(self.dense(x))


def test_a_weight_reached_through_two_sublayers_is_listed_once():
    tied = Tied()
    tied(np.ones((2, 3), "float32"))
    assert [w.name.split("/")[-1] for w in tied.weights] == ["kernel", "bias"]
    assert len(tied.trainable_weights) == 2 and tied.count_params() == 12


def test_a_tuple_of_tensors_is_several_inputs_like_a_list():
    x, y = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    np.testing.assert_array_equal(layers.Add()((x, y)).numpy(), np.full((2, 3), 3.0))
    np.testing.assert_array_equal(layers.Concatenate()((x, y)).numpy(), np.concatenate([x, y], axis=-1))


def test_one_sample_without_its_batch_axis_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"'d' was declared with input shape \(None, 3\), got input of shape \(None,\)$"):
        layers.Dense(2, input_shape=(3,), name="d")(np.zeros(3, "float32"))
