"""Embedding and Masking layers."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.layers.masks import get_mask


def test_embedding_looks_rows_up_and_learns_only_the_rows_it_read():
    layer = layers.Embedding(6, 3)
    out = layer(np.array([[1, 4, 4]]))
    assert out.shape == (1, 3, 3) and np.array_equal(out.data[0, 1], layer.embeddings.data[4])
    assert np.all(np.abs(layer.embeddings.data) <= 0.05)          # Keras's 'uniform' initializer
    out.sum().backward()
    grad = layer.embeddings.grad
    assert np.allclose(grad[4], 2) and np.allclose(grad[1], 1) and np.all(grad[[0, 2, 3, 5]] == 0)


def test_embedding_index_too_large_names_index_and_limit():
    with pytest.raises(ValueError, match=r"index 6 .*input_dim = 6"):
        layers.Embedding(6, 3)(np.array([[1, 6]]))


def test_mask_zero_and_masking_make_masks():
    emb = layers.Embedding(5, 2, mask_zero=True)
    out = emb(np.array([[3, 1, 0, 0]]))
    assert np.array_equal(get_mask(out), [[True, True, False, False]])
    assert get_mask(layers.Embedding(5, 2)(np.array([[3, 0]]))) is None
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], np.float32)
    masked = layers.Masking()(x)
    assert np.array_equal(get_mask(masked), [[True, False, True]])
    assert np.array_equal(masked.data, x)


def test_embedding_counts_and_saves(tmp_path):
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Embedding(100, 8, mask_zero=True),
                              layers.GRU(4)])
    assert model.layers[0].count_params() == 800
    x = np.array([[5, 7, 0, 0], [1, 2, 3, 4]])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert np.allclose(loaded(x).data, model(x).data) and loaded.layers[0].mask_zero


def test_embedding_arguments_are_checked_and_keras2s_input_length_is_accepted():
    assert layers.Embedding(1, 1)(np.array([[0, 0]])).shape == (1, 2, 1)          # the smallest table
    for bad in (0, -3, 2.5, True, "10"):
        with pytest.raises(ValueError, match=rf"Embedding: input_dim must be a positive integer, got {bad!r}"):
            layers.Embedding(bad, 4)
        with pytest.raises(ValueError, match=rf"Embedding: output_dim must be a positive integer, got {bad!r}"):
            layers.Embedding(4, bad)
    with pytest.raises(ValueError, match="lora_rank is not supported"):
        layers.Embedding(4, 2, lora_rank=2)
    old_style = layers.Embedding(10, 3, input_length=5, name="words")
    assert old_style.name == "words" and old_style(np.zeros((2, 5), int)).shape == (2, 5, 3)


def test_embedding_starts_from_given_weights_and_its_shape_and_config_follow_keras():
    table = np.arange(6, dtype="float32").reshape(3, 2)
    layer = layers.Embedding(3, 2, weights=[table])
    np.testing.assert_array_equal(layer(np.array([[2, 0]])).numpy(), [[[4.0, 5.0], [0.0, 1.0]]])
    assert layer.compute_output_shape((None, 7)) == (None, 7, 2)
    assert layers.Embedding(50, 8)(keras.Input((7,))).shape == (None, 7, 8)
    config = layers.Embedding(50, 8, mask_zero=True, embeddings_regularizer="l2").get_config()
    again = layers.Embedding.from_config(config)
    assert (again.input_dim, again.output_dim, again.mask_zero) == (50, 8, True)
    assert again.get_config() == config and config["embeddings_regularizer"] is not None


def test_masking_zeroes_the_padding_steps_of_any_mask_value_and_keeps_its_config():
    x = np.array([[[1.0, -1.0], [-1.0, -1.0], [0.0, -1.0]]], np.float32)
    masking = layers.Masking(mask_value=-1.0)
    out = masking(x)
    np.testing.assert_array_equal(out.numpy(), [[[1.0, -1.0], [0.0, 0.0], [0.0, -1.0]]])
    np.testing.assert_array_equal(out._keras_mask, [[True, False, True]])
    assert masking(keras.Input((3, 2))).shape == (None, 3, 2)
    assert layers.Masking.from_config(masking.get_config()).mask_value == -1.0
