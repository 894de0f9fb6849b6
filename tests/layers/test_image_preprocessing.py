"""Resizing (against PyTorch's interpolate with half-pixel centres, gradients included), CenterCrop,
RandomCrop, RandomContrast and RandomBrightness (random while training only)."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.config import set_floatx
from glassnet.layers import CenterCrop, RandomBrightness, RandomContrast, RandomCrop, Resizing
from glassnet.utils.gradcheck import check_gradients

RNG = np.random.default_rng(21)
IMAGES = RNG.uniform(0, 255, size=(2, 6, 8, 3)).astype("float32")


@pytest.mark.parametrize("size", [(3, 4), (9, 13), (6, 5)])
@pytest.mark.parametrize("interpolation, mode", [("bilinear", "bilinear"), ("nearest", "nearest-exact")])
def test_resizing_equals_pytorch(size, interpolation, mode):
    torch = pytest.importorskip("torch")
    ours = Resizing(*size, interpolation=interpolation)(IMAGES.astype("float32")).numpy()
    theirs = torch.nn.functional.interpolate(torch.tensor(IMAGES.transpose(0, 3, 1, 2)), size=size, mode=mode,
                                             **({"align_corners": False} if mode == "bilinear" else {}))
    np.testing.assert_allclose(ours, theirs.numpy().transpose(0, 2, 3, 1), rtol=1e-5, atol=1e-3)


def test_resizing_passes_the_gradient_back():
    set_floatx("float64")
    try:
        layer = Resizing(4, 3)
        assert check_gradients(lambda x: layer(x), [RNG.normal(size=(1, 5, 7, 2))]) < 1e-6
    finally:
        set_floatx("float32")


def test_crop_to_aspect_ratio_and_center_crop():
    square = Resizing(4, 4, crop_to_aspect_ratio=True)(IMAGES.astype("float32")).numpy()
    np.testing.assert_allclose(square, Resizing(4, 4)(IMAGES[:, :, 1:7].astype("float32")).numpy(), rtol=1e-5)
    np.testing.assert_array_equal(CenterCrop(4, 4)(IMAGES).numpy(), IMAGES[:, 1:5, 2:6])
    assert CenterCrop(10, 10)(IMAGES.astype("float32")).shape == (2, 10, 10, 3)      # smaller: resized up


def test_random_crop_takes_windows_of_the_image_while_training_and_the_centre_otherwise():
    layer = RandomCrop(4, 5, seed=1)
    out = layer(IMAGES, training=True).numpy()
    for image, window in zip(IMAGES, out):
        found = [(t, l) for t in range(3) for l in range(4) if np.array_equal(image[t:t + 4, l:l + 5], window)]
        assert found
    at_inference = layer(IMAGES.astype("float32")).numpy()
    np.testing.assert_allclose(at_inference, Resizing(4, 5, crop_to_aspect_ratio=True)(IMAGES.astype("float32")).numpy())


def test_contrast_and_brightness_change_images_only_while_training():
    contrast, brightness = RandomContrast(0.5, seed=2), RandomBrightness(0.2, seed=3)
    np.testing.assert_array_equal(contrast(IMAGES).numpy(), IMAGES)
    np.testing.assert_array_equal(brightness(IMAGES).numpy(), IMAGES)
    changed = contrast(IMAGES, training=True).numpy()
    means = IMAGES.mean(axis=(1, 2), keepdims=True)
    factors = ((changed - means) / (IMAGES - means)).reshape(2, -1)
    unclipped = (changed > 0) & (changed < 255)
    for k in range(2):
        f = factors[k][unclipped[k].ravel()]
        assert np.allclose(f, f[0], rtol=1e-3) and 0.5 <= f[0] <= 1.5 and not np.isclose(f[0], 1.0)
    shifted = brightness(IMAGES, training=True).numpy() - IMAGES
    inside = (IMAGES > 60) & (IMAGES < 190)
    for k in range(2):
        delta = shifted[k][inside[k]]
        assert np.allclose(delta, delta[0], rtol=1e-4) and abs(delta[0]) <= 0.2 * 255 and delta[0] != 0
    assert brightness(IMAGES, training=True).numpy().max() <= 255


def test_an_augmenting_model_trains_and_is_saved(tmp_path):
    y = (np.arange(32) % 2).astype("float32")
    x = (RNG.uniform(0, 0.5, size=(32, 8, 8, 1)) + 0.5 * y[:, None, None, None]).astype("float32")
    model = keras.Sequential([keras.Input((8, 8, 1)), RandomCrop(6, 6, seed=0), RandomContrast(0.1, value_range=(0, 1)),
                              Resizing(4, 4), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy")
    history = model.fit(x, y, epochs=30, verbose=0).history["loss"]
    assert history[-1] < 0.7 * history[0]
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5)
