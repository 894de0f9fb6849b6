"""The training mode reaches nested layer calls that do not pass it (layers/call_context.py), as in Keras."""
import numpy as np

import glassnet as keras
from glassnet import layers

ONES = np.ones((4, 100), "float32")


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dropout = layers.Dropout(0.5)

    def call(self, inputs):
        return self.dropout(inputs)           # no training passed: it follows the outer call


class ForcedOff(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dropout = layers.Dropout(0.5)

    def call(self, inputs):
        return self.dropout(inputs, training=False)


def test_a_nested_layer_follows_the_mode_of_the_call_it_is_in():
    block = Block()
    assert np.mean(np.asarray(block(ONES, training=True)) == 0) > 0.2
    np.testing.assert_array_equal(np.asarray(block(ONES, training=False)), ONES)
    np.testing.assert_array_equal(np.asarray(block(ONES)), ONES)   # nothing said anywhere: inference


def test_a_training_passed_to_the_nested_call_wins():
    np.testing.assert_array_equal(np.asarray(ForcedOff()(ONES, training=True)), ONES)


def test_fit_trains_a_subclassed_models_inner_dropout_and_predict_does_not():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.dense = layers.Dense(1)

        def call(self, inputs):
            self.seen = np.asarray(self.block(inputs)).copy()
            return self.dense(self.seen)

    net = Net()
    net.compile(optimizer="sgd", loss="mse")
    net.fit(ONES, np.ones((4, 1)), epochs=1, verbose=0)
    assert np.mean(net.seen == 0) > 0.2            # dropout was active while fitting
    net.predict(ONES, verbose=0)
    np.testing.assert_array_equal(net.seen, ONES)  # and not when predicting


def test_the_mode_does_not_leak_out_of_a_call():
    Block()(ONES, training=True)
    np.testing.assert_array_equal(np.asarray(layers.Dropout(0.5)(ONES)), ONES)
