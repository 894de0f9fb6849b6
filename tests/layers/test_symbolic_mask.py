"""Masks on symbolic tensors (layers/symbolic_mask.py): ``x._keras_mask`` while a functional model
is built, a ``call`` that takes ``mask`` given it symbolically, and the model replaying it on data."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops

PADDED = np.array([[5, 3, 7, 0, 0, 0], [2, 9, 4, 8, 1, 0], [6, 0, 0, 0, 0, 0]])


def test_embedding_with_mask_zero_gives_its_symbolic_output_a_boolean_mask():
    inputs = keras.Input(shape=(None,), dtype="int32")
    assert inputs._keras_mask is None
    x = layers.Embedding(input_dim=10, output_dim=4, mask_zero=True)(inputs)
    assert isinstance(x._keras_mask, keras.KerasTensor)
    assert x._keras_mask.shape == (None, None) and x._keras_mask.dtype == np.dtype(bool)
    assert layers.Embedding(input_dim=10, output_dim=4)(inputs)._keras_mask is None


def test_masking_gives_a_mask_over_the_time_steps_and_a_masking_layer_passes_it_on():
    inputs = keras.Input(shape=(7, 3))
    x = layers.Masking()(inputs)
    assert x._keras_mask.shape == (None, 7)
    passed = layers.Activation("relu")(x)
    assert passed._keras_mask is x._keras_mask          # supports_masking: the same mask, unchanged
    assert layers.LSTM(2)(x)._keras_mask is None       # a summary of the sequence has no time steps left
    assert layers.LSTM(2, return_sequences=True)(x)._keras_mask is x._keras_mask


class TemporalSoftmax(layers.Layer):
    """Softmax over the time steps that are real (the guide's example), refusing to run without a mask."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            raise AssertionError("TemporalSoftmax was called without its mask")
        keep = ops.expand_dims(ops.cast(mask, "float32"), -1)
        exp = ops.exp(inputs) * keep
        return exp / ops.sum(exp, axis=1, keepdims=True)


def test_a_call_that_takes_mask_gets_it_while_the_functional_model_is_built_and_when_it_runs():
    inputs = keras.Input(shape=(None,), dtype="int32")
    embedding = layers.Embedding(input_dim=10, output_dim=3, mask_zero=True)
    dense = layers.Dense(1)
    outputs = TemporalSoftmax()(dense(embedding(inputs)))
    assert outputs.shape == (None, None, 1)
    model = keras.Model(inputs, outputs)
    weights = model(PADDED).data[..., 0]
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(weights[PADDED == 0], 0.0)   # the padding takes no share


def test_a_functional_model_with_a_masked_lstm_ignores_the_padding_like_the_eager_layers():
    inputs = keras.Input(shape=(None,), dtype="int32")
    embedding = layers.Embedding(input_dim=10, output_dim=3, mask_zero=True)
    lstm = layers.LSTM(4)
    model = keras.Model(inputs, lstm(embedding(inputs)))
    out = model(PADDED).data
    np.testing.assert_allclose(out, lstm(embedding(PADDED)).data, rtol=1e-6)
    for row, length in zip(range(3), (3, 5, 1)):
        alone = lstm(embedding(PADDED[row:row + 1, :length])).data[0]
        np.testing.assert_allclose(out[row], alone, rtol=1e-5, atol=1e-7)


def test_a_mask_given_as_a_keyword_is_part_of_the_graph_and_replayed():
    tokens = keras.Input(shape=(None,), dtype="int32")
    keep = keras.Input(shape=(None,), dtype="bool")
    embedding = layers.Embedding(input_dim=10, output_dim=3)   # no mask of its own
    lstm = layers.LSTM(4)
    model = keras.Model([tokens, keep], lstm(embedding(tokens), mask=keep))
    mask = np.array([[True, True, False, False, False, False]] * 3)
    out = model([PADDED, mask]).data
    np.testing.assert_allclose(out, lstm(embedding(PADDED[:, :2])).data, rtol=1e-5, atol=1e-7)
    assert not np.allclose(out, lstm(embedding(PADDED)).data)


def test_the_symbolic_mask_of_an_embedding_can_be_passed_on_by_hand():
    inputs = keras.Input(shape=(None,), dtype="int32")
    embedding = layers.Embedding(input_dim=10, output_dim=3, mask_zero=True)
    x = embedding(inputs)
    lstm = layers.LSTM(4, return_sequences=True)
    model = keras.Model(inputs, layers.GlobalAveragePooling1D()(lstm(x, mask=x._keras_mask)))
    expected = lstm(embedding(PADDED), mask=PADDED != 0)
    np.testing.assert_allclose(model(PADDED).data, ops.mean(expected, axis=1).data, rtol=1e-5)


class Halves(layers.Layer):
    """Two halves of the time axis, each with its half of the mask (the guide's TemporalSplit)."""

    def call(self, inputs):
        return ops.split(inputs, 2, axis=1)

    def compute_mask(self, inputs, mask=None):
        return None if mask is None else ops.split(mask, 2, axis=1)


def test_a_custom_compute_mask_gives_each_output_its_own_symbolic_mask():
    inputs = keras.Input(shape=(6, 2))
    first, second = Halves()(layers.Masking()(inputs))
    assert first._keras_mask.shape == (None, 3) and second._keras_mask.shape == (None, 3)
    assert first._keras_mask is not second._keras_mask


class NumpyMask(layers.Layer):
    """A compute_mask that needs numbers (NumPy on the values): only its shape is known symbolically."""

    def call(self, inputs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        return np.asarray(inputs.data)[..., 0] > 0


def test_a_compute_mask_that_needs_numbers_gives_a_mask_of_the_right_shape():
    x = NumpyMask()(keras.Input(shape=(None, 2)))
    assert x._keras_mask.shape == (None, None) and x._keras_mask.dtype == np.dtype(bool)


def test_a_layer_without_masking_support_ends_the_symbolic_mask():
    x = layers.Embedding(input_dim=10, output_dim=3, mask_zero=True)(keras.Input(shape=(5,), dtype="int32"))
    assert x._keras_mask.shape == (None, 5)
    assert layers.Flatten()(x)._keras_mask is None


@pytest.mark.parametrize("fill", [None, 4])
def test_an_op_on_a_sequence_of_unknown_length_keeps_the_length_unknown(fill):
    inputs = keras.Input(shape=(fill,), dtype="int32")
    assert ops.not_equal(inputs, 0).shape == (None, fill)
