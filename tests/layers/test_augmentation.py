"""RandomFlip and RandomRotation (layers/augmentation.py): what they draw, the fill modes, their
gradients, and that they act in training mode only."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from tests.ops.gradcheck_helpers import check_gradients

IMAGES = np.arange(2 * 4 * 4 * 3, dtype="float32").reshape(2, 4, 4, 3)


def test_random_flip_flips_each_image_left_right_or_leaves_it():
    x = np.random.default_rng(0).random((64, 3, 5, 2)).astype("float32")
    out = np.asarray(layers.RandomFlip("horizontal", seed=1)(x))
    flipped = [np.array_equal(o, i[:, ::-1]) for o, i in zip(out, x)]
    kept = [np.array_equal(o, i) for o, i in zip(out, x)]
    assert all(f or k for f, k in zip(flipped, kept))
    assert 10 < sum(flipped) < 54             # about half of them, drawn image by image


def test_random_flip_vertical_and_both():
    x = np.random.default_rng(0).random((64, 3, 5, 1)).astype("float32")
    out = np.asarray(layers.RandomFlip("vertical", seed=2)(x))
    assert all(np.array_equal(o, i) or np.array_equal(o, i[::-1]) for o, i in zip(out, x))
    out = np.asarray(layers.RandomFlip(seed=3)(x))
    seen = set()
    for o, i in zip(out, x):
        options = {"none": i, "lr": i[:, ::-1], "ud": i[::-1], "both": i[::-1, ::-1]}
        seen.add(next(name for name, v in options.items() if np.array_equal(o, v)))
    assert seen == {"none", "lr", "ud", "both"}


def test_augmentation_steps_aside_at_inference_and_in_predict():
    for layer in (layers.RandomFlip(seed=0), layers.RandomRotation(0.2, seed=0)):
        np.testing.assert_array_equal(np.asarray(layer(IMAGES, training=False)), IMAGES)
        model = keras.Sequential([keras.Input((4, 4, 3)), layer])
        np.testing.assert_array_equal(model.predict(IMAGES, verbose=0), IMAGES)
        assert not np.array_equal(np.asarray(layer(IMAGES)), IMAGES)   # called directly: training, as in Keras


def test_a_quarter_turn_is_numpys_rot90_counter_clockwise():
    out = np.asarray(layers.RandomRotation((0.25, 0.25))(IMAGES))
    np.testing.assert_allclose(out, np.rot90(IMAGES, 1, axes=(1, 2)), atol=1e-4)
    out = np.asarray(layers.RandomRotation((-0.25, -0.25), interpolation="nearest")(IMAGES))
    np.testing.assert_allclose(out, np.rot90(IMAGES, -1, axes=(1, 2)), atol=1e-4)


def test_no_rotation_is_the_identity_and_an_unbatched_image_works():
    np.testing.assert_allclose(np.asarray(layers.RandomRotation(0.0)(IMAGES)), IMAGES, atol=1e-5)
    assert np.asarray(layers.RandomRotation(0.1)(IMAGES[0])).shape == (4, 4, 3)


@pytest.mark.parametrize("mode, expected", [("reflect", [14, 4]), ("wrap", [14, 24]), ("nearest", [4, 4]),
                                            ("constant", [-5, -5])])
def test_the_fill_modes_read_outside_the_image_as_documented(mode, expected):
    # pixel value 10·row + column; a quarter turn of a 3×7 image makes the first output row read
    # column 4 at rows −2 and −1, outside the image: reflect → rows 1, 0; wrap → rows 1, 2; nearest → 0, 0
    image = (10 * np.arange(3)[:, None] + np.arange(7)[None, :]).reshape(1, 3, 7, 1).astype("float32")
    layer = layers.RandomRotation((0.25, 0.25), fill_mode=mode, fill_value=-5.0, interpolation="nearest")
    out = np.asarray(layer(image))[0, :, :, 0]
    np.testing.assert_allclose(out[0, :2], expected)
    np.testing.assert_allclose(out[1, 3], image[0, 1, 3, 0])   # the centre stays


@pytest.mark.parametrize("mode", ["reflect", "constant"])
def test_rotation_gradients_match_finite_differences(mode):
    x = np.random.default_rng(4).normal(size=(2, 5, 4, 2))
    seed = 7

    def rotate(t):
        return layers.RandomRotation(0.3, fill_mode=mode, seed=seed, dtype="float64")(t)
    check_gradients(rotate, [x], tol=1e-6)


def test_flip_gradients_flow_back_flipped():
    x = np.random.default_rng(5).normal(size=(6, 3, 4, 2))
    check_gradients(lambda t: layers.RandomFlip(seed=3, dtype="float64")(t), [x], tol=1e-6)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="mode"):
        layers.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="fill_mode"):
        layers.RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="factor"):
        layers.RandomRotation((0.3, -0.3))
    with pytest.raises(ValueError, match="images"):
        layers.RandomFlip()(np.zeros((2, 3), "float32"))


def test_augmentation_layers_are_saved_with_their_settings(tmp_path):
    model = keras.Sequential([keras.Input((4, 4, 3)), layers.RandomFlip("vertical", seed=1),
                              layers.RandomRotation((-0.1, 0.2), fill_mode="wrap")])
    model.save(tmp_path / "augment.keras")
    restored = keras.saving.load_model(tmp_path / "augment.keras")
    flip, rotation = restored.layers[-2:]
    assert flip.mode == "vertical" and rotation.lower == -0.1 and rotation.upper == 0.2
    assert rotation.fill_mode == "wrap"


def test_random_translation_shifts_by_the_drawn_fraction():
    from glassnet.layers import RandomTranslation
    image = np.arange(64, dtype="float32").reshape(1, 8, 8, 1)
    down = RandomTranslation((0.25, 0.25), (0.0, 0.0), fill_mode="constant")(image, training=True).numpy()
    np.testing.assert_array_equal(down[0, 2:, :, 0], image[0, :-2, :, 0])
    assert np.all(down[0, :2] == 0)
    left = RandomTranslation((0.0, 0.0), (-0.125, -0.125), fill_mode="nearest")(image, training=True).numpy()
    np.testing.assert_array_equal(left[0, :, :-1, 0], image[0, :, 1:, 0])
    np.testing.assert_array_equal(left[0, :, -1, 0], image[0, :, -1, 0])
    np.testing.assert_array_equal(RandomTranslation(0.3, 0.3)(image, training=False).numpy(), image)


def test_random_zoom_scales_about_the_centre():
    from glassnet.layers import RandomZoom
    image = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    out = RandomZoom((1.0, 1.0), fill_mode="constant")(image, training=True).numpy()[0, :, :, 0]   # half size
    assert out[2, 2] == image[0, 2, 2, 0]
    np.testing.assert_allclose(out[1:4, 1:4], image[0, 0:5:2, 0:5:2, 0])          # every other pixel, centred
    assert np.all(out[0] == 0) and np.all(out[:, 0] == 0)
    zoomed_in = RandomZoom((-0.5, -0.5), interpolation="nearest")(image, training=True).numpy()[0, :, :, 0]
    assert zoomed_in[2, 2] == 12 and set(np.unique(zoomed_in)) <= set(image[0, 1:4, 1:4, 0].ravel())
    wide = RandomZoom((0.0, 0.0), width_factor=(1.0, 1.0), fill_mode="constant")(image, training=True).numpy()
    np.testing.assert_array_equal(wide[0, :, 2, 0], image[0, :, 2, 0])            # rows unchanged


def test_warp_gradient_matches_finite_differences_for_a_fixed_draw():
    from glassnet.config import set_floatx
    from glassnet.layers import RandomZoom
    from glassnet.utils.gradcheck import check_gradients
    set_floatx("float64")
    try:
        layer = RandomZoom((0.3, 0.3), fill_mode="reflect")
        fixed = layer._sources(1, 5, 6)
        layer._sources = lambda count, height, width: fixed
        assert check_gradients(lambda x: layer(x, training=True), [np.random.default_rng(0).normal(size=(1, 5, 6, 2))]) < 1e-6
    finally:
        set_floatx("float32")


def test_zoom_and_translation_configs_round_trip_in_a_model(tmp_path):
    from glassnet.layers import RandomTranslation, RandomZoom
    model = keras.Sequential([keras.Input((8, 8, 1)), RandomZoom(0.2, seed=1), RandomTranslation(0.1, 0.2, seed=2),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    assert [layer.get_config() for layer in again.layers[:2]] == [layer.get_config() for layer in model.layers[:2]]
