"""A Sequential sub-model without an Input, inside a custom layer called on sequences of unknown length
(the Transformer blocks of the keras.io examples): built for any length, as in Keras."""
import numpy as np

import glassnet as keras
from glassnet import layers


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.project = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])

    def call(self, inputs):
        return inputs + self.project(inputs)


def test_a_sub_model_built_while_shapes_are_worked_out_takes_any_length():
    inputs = keras.Input(shape=(None, 4))
    model = keras.Model(inputs, Block()(inputs))
    assert model.output_shape == (None, None, 4)
    for length in (2, 7):
        assert np.asarray(model(np.ones((3, length, 4), "float32"))).shape == (3, length, 4)


def test_a_sub_model_that_needs_the_sizes_still_gets_them():
    class Head(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.head = keras.Sequential([layers.Flatten(), layers.Dense(2)])

        def call(self, inputs):
            return self.head(inputs)

    inputs = keras.Input(shape=(3, 5))
    model = keras.Model(inputs, Head()(inputs))
    assert model.output_shape == (None, 2)
    assert np.asarray(model(np.ones((4, 3, 5), "float32"))).shape == (4, 2)
