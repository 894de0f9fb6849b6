"""A tensor made by a masking layer carries its mask as ``tensor._keras_mask``, as in Keras."""
import numpy as np

from glassnet import layers


def test_embedding_and_masking_outputs_carry_their_mask():
    padded = np.array([[711, 632, 71, 0, 0, 0], [73, 8, 3215, 55, 927, 0]])
    out = layers.Embedding(input_dim=5000, output_dim=4, mask_zero=True)(padded)
    np.testing.assert_array_equal(out._keras_mask, padded != 0)
    values = np.tile(padded[..., None], (1, 1, 3)).astype("float32")
    masked = layers.Masking()(values)
    np.testing.assert_array_equal(masked._keras_mask, padded != 0)
    assert layers.Dense(2)(np.ones((2, 3), "float32"))._keras_mask is None
