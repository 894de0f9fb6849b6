"""The playground's data sets: sizes, ranges, labels, noise, seeds, features."""
import numpy as np
import pytest

from glassnet.playground import data


@pytest.mark.parametrize("name", data.BINARY_SETS)
def test_binary_sets_have_500_points_in_range_with_pm1_labels(name):
    x, y = data.generate(name, noise=0.0, seed=3)
    assert x.shape == (500, 2) and y.shape == (500,)
    assert np.all(np.abs(x) <= 6.0)
    assert set(np.unique(y)) == {-1.0, 1.0}
    assert abs(np.sum(y == 1) - 250) <= 60


@pytest.mark.parametrize("name", data.REGRESSION_SETS)
def test_regression_sets_have_1200_points_with_labels_in_unit_range(name):
    x, y = data.generate(name, noise=0.0, seed=3)
    assert x.shape == (1200, 2) and y.shape == (1200,)
    assert np.all(np.abs(y) <= 1.0) and np.std(y) > 0.1


@pytest.mark.parametrize("name", data.MULTICLASS_SETS)
@pytest.mark.parametrize("classes", [3, 4, 5])
def test_multiclass_sets_have_every_class(name, classes):
    x, y = data.generate(name, noise=0.1, seed=0, classes=classes)
    assert len(x) >= 495
    assert set(np.unique(y)) == set(range(classes))


def test_noiseless_sets_follow_their_rule():
    x, y = data.generate("xor", 0.0, seed=1)
    assert np.all(np.sign(x[:, 0] * x[:, 1]) == y)
    assert np.all(np.abs(x) >= 0.3)
    x, y = data.generate("circle", 0.0, seed=1)
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all((r < 2.5) == (y == 1))
    x, y = data.generate("plane", 0.0, seed=1)
    np.testing.assert_allclose(y, np.clip((x[:, 0] + x[:, 1]) / 10, -1, 1))
    x, y = data.generate("gauss", 0.0, seed=1)
    assert np.mean(x[y == 1], axis=0) == pytest.approx([2, 2], abs=0.3)


def test_noise_flips_labels_and_widens_the_gaussians():
    x, y = data.generate("xor", 0.5, seed=2)
    assert np.mean(np.sign(x[:, 0] * x[:, 1]) != y) > 0.05
    spread0 = data.generate("gauss", 0.0, seed=2)[0].std()
    spread5 = data.generate("gauss", 0.5, seed=2)[0].std()
    assert spread5 > spread0


def test_same_seed_same_points_other_seed_other_points():
    a = data.make_dataset("spiral", 0.2, 0.5, seed=11)
    b = data.make_dataset("spiral", 0.2, 0.5, seed=11)
    c = data.make_dataset("spiral", 0.2, 0.5, seed=12)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("fraction, n_train", [(0.5, 250), (0.1, 50), (0.9, 450)])
def test_split_keeps_every_point_once(fraction, n_train):
    d = data.make_dataset("circle", 0.0, fraction, seed=4)
    assert len(d.x_train) == n_train and len(d.x_train) + len(d.x_test) == 500
    both = np.concatenate([d.x_train, d.x_test])
    assert len(np.unique(both, axis=0)) == 500


def test_features_are_computed_from_x1_x2():
    pts = np.array([[1.0, 2.0], [-3.0, 0.5]])
    f = data.features(pts, ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"])
    assert f.dtype == np.float32
    np.testing.assert_allclose(f[1], [-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)], rtol=1e-6)


def test_unknown_set_is_refused():
    with pytest.raises(ValueError, match="unknown data set"):
        data.generate("moons")
