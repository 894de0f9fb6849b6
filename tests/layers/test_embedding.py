"""Embedding: Keras's documented lookup, its gradient, the mask of id 0, its config and its errors."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.utils.gradcheck import numerical_gradient, relative_error


def test_output_is_the_row_of_each_id_with_shape_input_plus_output_dim():
    layer = layers.Embedding(input_dim=7, output_dim=3)
    ids = np.array([[1, 4, 4], [0, 6, 2]])
    out = layer(ids)
    table = layer.get_weights()[0]
    assert table.shape == (7, 3)
    assert tuple(out.shape) == (2, 3, 3)
    np.testing.assert_array_equal(out.numpy(), table[ids])


def test_default_initializer_is_uniform_between_minus_and_plus_0_05():
    layer = layers.Embedding(500, 20)
    layer(np.array([[0]]))
    weights = layer.get_weights()[0]
    assert weights.min() >= -0.05 and weights.max() <= 0.05 and weights.std() > 0.02


def test_gradient_sums_over_repeated_ids_and_matches_finite_differences():
    layer = layers.Embedding(5, 2, dtype="float64")
    ids = np.array([[1, 3, 1], [3, 3, 0]])
    out = layer(ids)
    projection = np.random.default_rng(0).normal(size=out.shape)
    out.backward(projection)
    analytic = layer.embeddings.grad

    def scalar(_):
        return float(np.sum(projection * layer(ids).data))
    assert relative_error(analytic, numerical_gradient(scalar, layer.embeddings.data)) < 1e-6
    np.testing.assert_array_equal(analytic[2], 0.0)   # id 2 never seen: no gradient
    np.testing.assert_allclose(analytic[1], projection[0, 0] + projection[0, 2])


def test_compute_mask_marks_padding_zero_only_with_mask_zero():
    ids = np.array([[5, 2, 0, 0]])
    assert layers.Embedding(10, 2).compute_mask(ids) is None
    np.testing.assert_array_equal(layers.Embedding(10, 2, mask_zero=True).compute_mask(ids),
                                  [[True, True, False, False]])


def test_trains_inside_a_model_from_the_first_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), layers.Embedding(12, 4), layers.Flatten(), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    x = np.random.default_rng(0).integers(0, 12, (64, 4))
    y = (x == 3).sum(axis=1, keepdims=True).astype("float32")
    before = model.layers[0].get_weights()[0].copy()
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert not np.allclose(before, model.layers[0].get_weights()[0])


def test_symbolic_shape_and_config_round_trip():
    inputs = keras.Input(shape=(None,), dtype="int32")
    assert tuple(layers.Embedding(10, 4)(inputs).shape) == (None, None, 4)
    layer = layers.Embedding(10, 4, mask_zero=True, name="words")
    clone = layers.Embedding.from_config(layer.get_config())
    assert (clone.input_dim, clone.output_dim, clone.mask_zero, clone.name) == (10, 4, True, "words")


def test_ids_out_of_range_or_not_integers_are_named_in_the_error():
    layer = layers.Embedding(5, 2, name="emb")
    with pytest.raises(ValueError, match=r"emb.*\[0, 4\].*7"):
        layer(np.array([[1, 7]]))
    with pytest.raises(ValueError, match="integer ids"):
        layer(np.array([[0.5, 1.0]]))
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 2)
