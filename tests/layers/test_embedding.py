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
