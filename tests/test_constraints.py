"""glassnet.constraints: the projections against Keras's formulas, and their use by layers and optimizers
(every update, fit or a hand-written loop, and through saving)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import constraints
from glassnet.autodiff import Tensor

RNG = np.random.default_rng(16)
W = RNG.normal(size=(5, 4)) * 3


def test_projections_follow_their_formulas():
    norms = np.sqrt((W ** 2).sum(axis=0, keepdims=True))
    np.testing.assert_allclose(constraints.MaxNorm(2.0)(W), W * np.minimum(norms, 2.0) / (norms + 1e-7))
    assert np.all(np.sqrt((constraints.MaxNorm(2.0)(W) ** 2).sum(axis=0)) <= 2.0 + 1e-6)
    np.testing.assert_allclose(np.sqrt((constraints.UnitNorm()(W) ** 2).sum(axis=0)), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(constraints.NonNeg()(W), np.maximum(W, 0))
    half = constraints.MinMaxNorm(1.0, 2.0, rate=0.5)(W)
    desired = 0.5 * np.clip(norms, 1.0, 2.0) + 0.5 * norms
    np.testing.assert_allclose(np.sqrt((half ** 2).sum(axis=0, keepdims=True)), desired, rtol=1e-6)
    rows = constraints.MaxNorm(1.0, axis=1)(W)
    assert np.all(np.sqrt((rows ** 2).sum(axis=1)) <= 1.0 + 1e-6)


def test_lookup_and_serialization():
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("NonNeg"), constraints.NonNeg)
    again = constraints.deserialize(constraints.serialize(constraints.MinMaxNorm(0.5, 3.0, 0.2, axis=1)))
    assert again.get_config() == {"min_value": 0.5, "max_value": 3.0, "rate": 0.2, "axis": 1}
    with pytest.raises(ValueError, match="unknown constraint"):
        constraints.get("max_nrom")


def test_fit_keeps_the_kernel_inside_the_constraint_and_the_bias_non_negative():
    x = RNG.normal(size=(128, 5)).astype("float32")
    y = (x @ RNG.normal(size=(5, 3)) * 10).astype("float32")        # wants large weights
    layer = keras.layers.Dense(3, kernel_constraint=keras.constraints.MaxNorm(1.0),
                               bias_constraint=keras.constraints.NonNeg())
    model = keras.Sequential([keras.Input((5,)), layer])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    model.fit(x, y - 5.0, epochs=5, verbose=0)
    assert np.all(np.sqrt((layer.kernel.numpy() ** 2).sum(axis=0)) <= 1.0 + 1e-5)
    assert np.all(layer.bias.numpy() >= 0)
    free = keras.layers.Dense(3)
    free_model = keras.Sequential([keras.Input((5,)), free])
    free_model.compile(keras.optimizers.SGD(0.05), "mse")
    free_model.fit(x, y - 5.0, epochs=5, verbose=0)
    assert np.sqrt((free.kernel.numpy() ** 2).sum(axis=0)).max() > 1.5       # the constraint did the work


def test_a_hand_written_loop_with_optimizer_apply_respects_the_constraint():
    layer = keras.layers.Dense(2, kernel_constraint="non_neg")
    layer.build((None, 3))
    opt = keras.optimizers.Adam(0.5)
    for _ in range(3):
        opt.apply([np.ones((3, 2)), np.zeros(2)], [layer.kernel, layer.bias])   # pushes every weight down
    assert np.all(layer.kernel.numpy() >= 0) and np.any(layer.kernel.numpy() == 0)


@pytest.mark.parametrize("make", [
    lambda: keras.layers.Conv2D(2, 3, kernel_constraint=keras.constraints.UnitNorm(axis=(0, 1, 2))),
    lambda: keras.layers.Embedding(10, 4, embeddings_constraint=keras.constraints.MaxNorm(0.5, axis=1)),
    lambda: keras.layers.BatchNormalization(gamma_constraint=keras.constraints.NonNeg()),
], ids=["conv", "embedding", "batchnorm"])
def test_other_layers_accept_constraints_and_keep_them_through_saving(make, tmp_path):
    layer = make()
    shape = {"Conv2D": (6, 6, 1), "Embedding": (5,), "BatchNormalization": (4,)}[type(layer).__name__]
    model = keras.Sequential([keras.Input(shape, dtype="int32" if shape == (5,) else "float32"), layer])
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    assert again.layers[-1].get_config() == layer.get_config()
    weight = again.layers[-1].weights[0]
    assert type(constraints.constraint_of(weight)).__name__ == type(constraints.get(
        layer.get_config().get("kernel_constraint") or layer.get_config().get("embeddings_constraint")
        or layer.get_config().get("gamma_constraint"))).__name__


def test_a_constraint_is_forgotten_with_its_weight():
    weight = Tensor(np.ones(3), requires_grad=True)
    constraints.attach(weight, constraints.NonNeg())
    key = id(weight)
    del weight
    assert key not in constraints._ATTACHED
