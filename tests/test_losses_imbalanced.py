"""glassnet.losses_imbalanced: focal cross-entropies, Dice and Tversky: Keras's documented values,
formulas by hand, gradients against finite differences, and a fit that learns with them."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import losses
from glassnet.utils.gradcheck import check_gradients

RNG = np.random.default_rng(15)


def test_binary_focal_values_from_the_keras_documentation():
    y, logits = np.array([0.0, 1, 0, 0]), np.array([-18.6, 0.51, 2.94, -12.8])
    assert float(losses.BinaryFocalCrossentropy(gamma=2, from_logits=True)(y, logits)) == pytest.approx(0.691, abs=1e-3)
    balanced = losses.BinaryFocalCrossentropy(apply_class_balancing=True, gamma=2, from_logits=True)
    assert float(balanced(y, logits)) == pytest.approx(0.51, abs=1e-3)


def test_categorical_focal_value_from_the_keras_documentation():
    y = np.array([[0.0, 1, 0], [0, 0, 1]])
    p = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    assert float(losses.CategoricalFocalCrossentropy()(y, p)) == pytest.approx(0.23315276, rel=1e-5)


def test_focal_with_gamma_zero_is_the_plain_cross_entropy():
    y = (RNG.uniform(size=(8, 3)) > 0.5).astype(float)
    p = RNG.uniform(0.05, 0.95, size=(8, 3))
    np.testing.assert_allclose(losses.BinaryFocalCrossentropy(gamma=0.0)(y, p).numpy(),
                               losses.BinaryCrossentropy()(y, p).numpy(), rtol=1e-6)
    onehot = np.eye(3)[RNG.integers(0, 3, 8)]
    probs = p / p.sum(1, keepdims=True)
    np.testing.assert_allclose(losses.CategoricalFocalCrossentropy(alpha=1.0, gamma=0.0)(onehot, probs).numpy(),
                               losses.CategoricalCrossentropy()(onehot, probs).numpy(), rtol=1e-6)


def test_dice_and_tversky_follow_their_formulas():
    y = (RNG.uniform(size=(2, 4, 4, 1)) > 0.5).astype(float)
    p = RNG.uniform(size=(2, 4, 4, 1))
    tp, fp, fn = (p * y).sum(), (p * (1 - y)).sum(), ((1 - p) * y).sum()
    assert float(losses.Dice()(y, p)) == pytest.approx(1 - 2 * tp / (y.sum() + p.sum()), rel=1e-6)
    assert float(losses.Tversky(alpha=0.7, beta=0.3)(y, p)) == pytest.approx(1 - tp / (tp + 0.7 * fp + 0.3 * fn),
                                                                              rel=1e-6)
    assert float(losses.Tversky()(y, p)) == pytest.approx(float(losses.Dice()(y, p)), rel=1e-6)
    per_image = losses.Dice(axis=(1, 2, 3), reduction="none")(y, p).numpy()
    assert per_image.shape == (2,)
    np.testing.assert_allclose(per_image[0], 1 - 2 * (p[0] * y[0]).sum() / (y[0].sum() + p[0].sum()), rtol=1e-6)


@pytest.mark.parametrize("loss", [
    losses.BinaryFocalCrossentropy(gamma=2.0, apply_class_balancing=True),
    losses.BinaryFocalCrossentropy(from_logits=True, label_smoothing=0.1),
    losses.CategoricalFocalCrossentropy(gamma=1.5),
    losses.CategoricalFocalCrossentropy(from_logits=True),
    losses.Dice(), losses.Tversky(alpha=0.3, beta=0.7),
], ids=lambda loss: f"{loss.name}-{getattr(loss, 'from_logits', '')}")
def test_gradient_matches_finite_differences(loss):
    y = np.eye(3)[RNG.integers(0, 3, 5)]
    raw = RNG.uniform(0.1, 0.9, size=(5, 3)) if not getattr(loss, "from_logits", False) else RNG.normal(size=(5, 3))
    assert check_gradients(lambda p: loss(y, p), [raw]) < 1e-6


@pytest.mark.parametrize("name", ["binary_focal_crossentropy", "dice", "tversky"])
def test_found_by_name_saved_and_trains(name, tmp_path):
    x = RNG.normal(size=(200, 4)).astype("float32")
    y = (x[:, :1] + x[:, 1:2] > 0).astype("float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.05), name)
    history = model.fit(x, y, epochs=10, batch_size=50, verbose=0).history["loss"]
    assert history[-1] < 0.7 * history[0]
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")      # the loss comes back with the model
    assert again.evaluate(x, y, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-6)
