"""glassnet.inspection: feature maps of every conv layer for one image, and the learned filters."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.inspection import conv_filters, feature_maps
from glassnet.layers import Conv2D, Dense, Flatten, MaxPooling2D
from glassnet.ops.conv import conv2d


def small_cnn():
    return keras.Sequential([keras.Input(shape=(8, 8, 1)), Conv2D(3, 3, padding="same", activation="relu"),
                             MaxPooling2D(), Conv2D(2, 3), Flatten(), Dense(2)])


def test_feature_maps_shapes_and_values():
    model = small_cnn()
    image = np.random.default_rng(0).random((8, 8)).astype(np.float32)
    maps = feature_maps(model, image)
    first, second = model.layers[0], model.layers[2]
    assert list(maps) == [first.name, second.name]
    assert maps[first.name].shape == (8, 8, 3) and maps[second.name].shape == (2, 2, 2)
    expected = conv2d(image[None, :, :, None], first.kernel.data, first.bias.data, padding="same").data[0]
    np.testing.assert_allclose(maps[first.name], np.maximum(expected, 0), rtol=1e-6)
    z = feature_maps(model, image[:, :, None], pre_activation=True)[first.name]
    np.testing.assert_allclose(z, expected, rtol=1e-6)
    assert feature_maps(model, image[None, :, :, None])[second.name].shape == (2, 2, 2)


def test_conv_filters_are_copies_of_the_kernels():
    model = small_cnn()
    filters = conv_filters(model)
    assert [f.shape for f in filters.values()] == [(3, 3, 1, 3), (3, 3, 3, 2)]
    name = model.layers[0].name
    filters[name][...] = 0
    assert not np.allclose(model.layers[0].kernel.data, 0)


def test_errors():
    model = small_cnn()
    with pytest.raises(ValueError, match="one image"):
        feature_maps(model, np.zeros((2, 8, 8, 1)))
    dense_only = keras.Sequential([keras.Input(shape=(4,)), Dense(2)])
    with pytest.raises(ValueError, match="no convolution layer"):
        feature_maps(dense_only, np.zeros(4))


# ---------------------------------------------------------------------- backprop_table
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_backprop_table_matches_the_four_equations_by_hand():
    from glassnet.inspection import backprop_table
    model = keras.Sequential([keras.Input(shape=(2,)), Dense(2, activation="sigmoid", name="hidden"),
                              Dense(1, activation="sigmoid", name="output")])
    W1, b1 = np.array([[0.15, 0.25], [0.20, 0.30]]), np.array([0.35, 0.35])
    W2, b2 = np.array([[0.40], [0.45]]), np.array([0.60])
    model.set_weights([W1, b1, W2, b2])
    x, y = np.array([[0.05, 0.10]]), np.array([[0.01]])
    table = backprop_table(model, x, y)            # quadratic loss L = ½ (a − y)²
    z1 = x @ W1 + b1
    a1 = _sigmoid(z1)
    z2 = a1 @ W2 + b2
    a2 = _sigmoid(z2)
    delta2 = (a2 - y) * a2 * (1 - a2)              # δᴸ = (a − y) ⊙ σ'(zᴸ)
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)       # δˡ = (δˡ⁺¹ Wᵀ) ⊙ σ'(zˡ)
    hidden, output = table["hidden"], table["output"]
    for got, expected in [(hidden["z"], z1), (hidden["a"], a1), (output["z"], z2), (output["a"], a2),
                          (output["delta"], delta2), (hidden["delta"], delta1),
                          (output["dL_dW"], a1.T @ delta2), (output["dL_db"], delta2.sum(0)),
                          (hidden["dL_dW"], x.T @ delta1), (hidden["dL_db"], delta1.sum(0)),
                          (output["dL_da"], a2 - y), (hidden["dL_da"], delta2 @ W2.T)]:
        np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert table.loss == pytest.approx(0.5 * float(((a2 - y) ** 2).item()), rel=1e-5)
    text = str(table)
    assert "hidden" in text and "δ = dL/dz" in text and "dL/dW" in text and "quadratic" in text


def test_backprop_table_uses_the_compiled_loss_and_a_batch():
    from glassnet.inspection import backprop_table
    model = keras.Sequential([keras.Input(shape=(3,)), Dense(4, activation="relu"), Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    y = np.random.default_rng(1).normal(size=(5, 2)).astype("float32")
    table = backprop_table(model, x, y)
    out = table.layers[-1]
    np.testing.assert_allclose(out["delta"], 2 * (out["a"] - y) / y.size, rtol=1e-5)
    assert table.layers[0]["dL_dW"].shape == (3, 4)
    assert len(table) == 2


def test_backprop_table_needs_weights():
    from glassnet.inspection import backprop_table
    with pytest.raises(ValueError, match="no Dense"):
        backprop_table(keras.Sequential([keras.Input(shape=(2,)), Flatten()]), np.zeros((1, 2)), np.zeros((1, 2)))
