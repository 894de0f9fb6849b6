"""Tests for glassnet/datasets/generators.py: scikit-learn's shapes, dtypes, draws and statistics."""
import numpy as np
import pytest

from glassnet.datasets import (make_blobs, make_classification, make_gaussian_quantiles,
                               make_low_rank_matrix, make_regression)

sk = pytest.importorskip("sklearn.datasets")


def test_blobs_are_scikit_learns_samples():
    ours = make_blobs(50, 3, centers=4, cluster_std=[1, 2, 0.5, 1], random_state=0, return_centers=True)
    theirs = sk.make_blobs(50, 3, centers=4, cluster_std=[1, 2, 0.5, 1], random_state=0, return_centers=True)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b)
    X, y = make_blobs([10, 30], centers=[[0, 0], [5, 5]], cluster_std=0.1, random_state=1)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [10, 30]
    np.testing.assert_allclose(X[y == 1].mean(0), [5, 5], atol=0.1)
    with pytest.raises(ValueError, match="centers"):
        make_blobs([10, 30], centers=[[0, 0]])


@pytest.mark.parametrize("kwargs", [dict(n_informative=3, noise=1.0, coef=True), dict(n_targets=2, bias=3.0)])
def test_regression_is_scikit_learns(kwargs):
    ours = make_regression(40, 8, random_state=0, **kwargs)
    theirs = sk.make_regression(40, 8, random_state=0, **kwargs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b)
    X, y, w = make_regression(100, 10, n_informative=4, coef=True, random_state=3)
    assert np.count_nonzero(w) == 4
    np.testing.assert_allclose(X @ w, y)        # no noise: y is exactly X·w


def test_low_rank_profile_matches_scikit_learn():
    ours = np.linalg.svd(make_low_rank_matrix(200, 50, effective_rank=5, random_state=0), compute_uv=False)
    theirs = np.linalg.svd(sk.make_low_rank_matrix(200, 50, effective_rank=5, random_state=0), compute_uv=False)
    np.testing.assert_allclose(ours, theirs, atol=1e-10)


def test_gaussian_quantiles_are_scikit_learns_and_nested():
    X, y = make_gaussian_quantiles(n_samples=31, n_classes=4, random_state=0)
    X_ref, y_ref = sk.make_gaussian_quantiles(n_samples=31, n_classes=4, random_state=0)
    np.testing.assert_allclose(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    radius = np.hypot(*X.T)
    assert all(radius[y == k].max() <= radius[y == k + 1].min() for k in range(3))


@pytest.mark.parametrize("kwargs", [dict(), dict(n_classes=3, n_informative=3, weights=[0.2, 0.3], flip_y=0.0, random_state=2),
                                    dict(n_repeated=2, shift=None, scale=None, hypercube=False)])
def test_classification_has_scikit_learns_shapes_and_statistics(kwargs):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    kwargs = {"random_state": 0, **kwargs}   # a draw where both libraries' classes are learnable
    X, y = make_classification(1000, **kwargs)
    X_ref, y_ref = sk.make_classification(1000, **kwargs)
    assert X.shape == X_ref.shape and X.dtype == X_ref.dtype and y.dtype == y_ref.dtype
    np.testing.assert_allclose(np.bincount(y) / 1000, np.bincount(y_ref) / 1000, atol=0.03)
    score = cross_val_score(LogisticRegression(max_iter=3000), X, y).mean()
    assert score > 0.6     # learnable, far above chance (0.5 / 0.33), like scikit-learn's
    np.testing.assert_array_equal(make_classification(1000, **kwargs)[0], X)


def test_classification_features_are_what_they_say():
    X, _ = make_classification(300, 6, n_informative=2, n_redundant=2, n_repeated=1, shuffle=False,
                               flip_y=0.0, random_state=0)
    informative = X[:, :2]
    coefs, residual, *_ = np.linalg.lstsq(informative, X[:, 2:4], rcond=None)
    assert np.allclose(informative @ coefs, X[:, 2:4])              # redundant = combinations
    assert any(np.array_equal(X[:, 4], X[:, j]) for j in range(4))  # repeated = a copy
    with pytest.raises(ValueError, match="2\\*\\*n_informative"):
        make_classification(n_classes=3, n_informative=1, n_redundant=0)


@pytest.mark.parametrize("kwargs", [
    dict(random_state=0),
    dict(n_features=2, n_redundant=0, n_informative=2, random_state=1, n_clusters_per_class=1),
    dict(n_samples=1000, n_features=10, n_informative=3, n_redundant=0, n_repeated=0, n_classes=2,
         random_state=0, shuffle=False),
    dict(random_state=3, n_repeated=2, n_informative=4, n_classes=3),
    dict(n_samples=300, n_features=25, n_informative=8, n_redundant=3, n_repeated=4, n_classes=4,
         n_clusters_per_class=3, random_state=7, weights=[0.1, 0.2, 0.3]),
    dict(random_state=2, shift=None, scale=None, flip_y=0),
])
def test_make_classification_draws_scikit_learns_numbers(kwargs):
    # the gallery's examples build their data with it: same random_state, same X and y
    from sklearn.datasets import make_classification as sk_make_classification
    X, y = make_classification(**kwargs)
    X_sk, y_sk = sk_make_classification(**kwargs)
    np.testing.assert_allclose(X, X_sk)
    np.testing.assert_array_equal(y, y_sk)
