"""Tests for glassnet/cluster/_dbscan.py against scikit-learn's DBSCAN."""
import numpy as np
import pytest
from sklearn import cluster as sk_cluster
from sklearn.datasets import make_blobs, make_moons
from sklearn.utils.estimator_checks import check_estimator

from glassnet.cluster import DBSCAN


def test_check_estimator():
    check_estimator(DBSCAN())


@pytest.mark.parametrize("params", [dict(eps=0.2), dict(eps=0.3, min_samples=10), dict(eps=0.5, metric="manhattan"),
                                    dict(eps=0.25, metric="minkowski", p=3)])
def test_labels_match_scikit_learn(params):
    X, _ = make_moons(300, noise=0.08, random_state=0)
    X = np.vstack([X, np.random.RandomState(1).uniform(-1.5, 2.5, size=(30, 2))])   # noise points
    ours, theirs = DBSCAN(**params).fit(X), sk_cluster.DBSCAN(**params).fit(X)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
    np.testing.assert_array_equal(ours.components_, theirs.components_)


def test_moons_are_found_and_noise_is_minus_one():
    X, y = make_moons(300, noise=0.05, random_state=0)
    labels = DBSCAN(eps=0.2).fit_predict(np.vstack([X, [[5.0, 5.0]]]))
    assert labels[-1] == -1
    assert len(np.unique(np.c_[labels[:-1], y], axis=0)) == 2     # the two moons exactly


def test_sample_weight_counts_towards_density():
    X, _ = make_blobs(60, centers=2, random_state=0)
    w = np.random.RandomState(0).randint(0, 4, 60)
    ours = DBSCAN(eps=1.0, min_samples=6).fit(X, sample_weight=w)
    theirs = sk_cluster.DBSCAN(eps=1.0, min_samples=6).fit(X, sample_weight=w)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    with pytest.raises(ValueError, match="eps"):
        DBSCAN(eps=0).fit(X)


@pytest.mark.parametrize("d, p, eps", [(2, 2.0, 0.15), (5, 2.0, 1.2), (3, 1.0, 0.6)])
def test_sorted_window_search_finds_every_neighbour(d, p, eps):
    from glassnet.cluster._dbscan import radius_neighbors
    X = np.random.RandomState(0).uniform(-2, 2, size=(1500, d)) * np.linspace(1, 0.3, d)   # 12 blocks of 128
    order, indptr, indices = radius_neighbors(X, eps, p)
    found = {(order[i], order[j]) for i in range(len(X)) for j in indices[indptr[i]:indptr[i + 1]]}
    dist = (np.abs(X[:, None, :] - X[None, :, :]) ** p).sum(axis=2) ** (1 / p)
    expected = set(zip(*np.nonzero(dist <= eps)))
    assert len(expected) > 3 * len(X)                  # the test has pairs beyond the diagonal to find
    assert found == expected
