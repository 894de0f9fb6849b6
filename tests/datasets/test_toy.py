"""Tests for glassnet/datasets/toy.py."""
import numpy as np
import pytest

from glassnet.datasets import (make_circles, make_moons, make_spirals, make_two_gaussians,
                               make_xnor, make_xor)

MAKERS = [make_xor, make_xnor, make_circles, make_two_gaussians, make_spirals, make_moons]


def test_xor_and_xnor_truth_tables():
    X, y = make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert y.tolist() == [0, 1, 1, 0]
    assert make_xnor()[1].tolist() == [1, 0, 0, 1]
    X, y = make_xor(400, noise=0.1, seed=0)
    corner = np.round(X).astype(int)  # noise 0.1 keeps every point nearest its corner
    np.testing.assert_array_equal(y, corner[:, 0] ^ corner[:, 1])
    assert np.bincount(y).tolist() == [200, 200]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_dtypes_seed_and_noise(make):
    X, y = make(40, noise=0.1, seed=3)
    assert X.shape == (40, 2) and y.shape == (40,)
    assert X.dtype == np.float64 and y.dtype == np.int64   # scikit-learn's dtypes
    X2, y2 = make(40, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(40, noise=0.1, seed=4)
    assert not np.array_equal(X, X3)
    with pytest.raises(ValueError, match="noise"):
        make(40, noise=-1)


def test_geometry():
    X, y = make_circles(200, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(radius[y == 1], 0.3, rtol=1e-5)
    X, y = make_two_gaussians(1000, noise=0.5, distance=4.0, seed=0)
    centre_distance = np.linalg.norm(X[y == 1].mean(0) - X[y == 0].mean(0))
    assert abs(centre_distance - 4.0) < 0.15
    X, y = make_spirals(300, n_classes=3, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0 + 1e-6


def test_moons_match_scikit_learn():
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = make_moons(50, shuffle=False)
    X_ref, y_ref = datasets.make_moons(50, shuffle=False)
    np.testing.assert_allclose(X, X_ref, atol=1e-6)
    np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("name", ["make_moons", "make_circles"])
def test_random_state_gives_scikit_learns_points(name):
    import glassnet.datasets as ours
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = getattr(ours, name)(n_samples=(30, 21), noise=0.2, random_state=7)
    X_ref, y_ref = getattr(datasets, name)(n_samples=(30, 21), noise=0.2, random_state=7)
    np.testing.assert_allclose(X, X_ref, rtol=1e-12)
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == X_ref.dtype == np.float64
    X_seed, _ = getattr(ours, name)(51, noise=0.2, seed=7)    # seed= is the same argument
    np.testing.assert_array_equal(X_seed, getattr(ours, name)(51, noise=0.2, random_state=7)[0])
    with pytest.raises(ValueError, match="random_state"):
        getattr(ours, name)(10, seed=1, random_state=2)


def test_circles_default_factor_is_scikit_learns():
    X, y = make_circles(40, shuffle=False)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.8)
