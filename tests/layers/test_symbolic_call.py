"""A layer called on keras.Input (layers/symbolic_call.py): shape inference runs the layer in
inference mode, and a layer never called symbolically says so when asked for its tensors."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.layers import Layer


def test_finding_the_output_shape_runs_a_custom_layer_in_inference_mode():
    flags = []

    class Noisy(Layer):                       # no compute_output_shape: found by a call on zeros
        def call(self, inputs, training=False):
            flags.append(training)
            return inputs[:, :2]

    class NoisyPair(Layer):                   # called as layer(a, b): the same, with two tensors
        def call(self, a, b, training=False):
            flags.append(training)
            return a[:, :2] + b[:, :2]

    assert Noisy()(keras.Input(shape=(5,))).shape == (None, 2)
    assert NoisyPair()(keras.Input(shape=(5,)), keras.Input(shape=(4,))).shape == (None, 2)
    assert flags and not any(flags)


@pytest.mark.parametrize("attribute, words", [("input_shape", "has not been called yet"),
                                              ("output_shape", "has no known output shape"),
                                              ("input", "has not been called on a keras.Input"),
                                              ("output", "has not been called on a keras.Input")])
def test_a_layer_never_called_symbolically_says_so(attribute, words):
    dense = layers.Dense(2, name="fresh")
    if attribute != "input_shape":
        dense(np.ones((1, 3), np.float32))      # called on data only: no symbolic tensors, no known output shape
    with pytest.raises(AttributeError, match=f"layer 'fresh' {words}"):
        getattr(dense, attribute)
