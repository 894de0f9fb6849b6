"""The brute-force search: exact distances and neighbours, ties broken by the lower index."""
import numpy as np
import pytest

from glassnet.neighbors._distance import BruteForceIndex, pairwise_distances, resolve_metric

scipy_spatial = pytest.importorskip("scipy.spatial.distance")


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0])
@pytest.mark.parametrize("n_train", [7, 1000])
def test_index_returns_the_true_k_nearest(p, n_train):
    rng = np.random.RandomState(0)
    X_train, X_query = rng.normal(size=(n_train, 6)), rng.normal(size=(40, 6))
    exact = scipy_spatial.cdist(X_query, X_train, "minkowski", p=p)
    np.testing.assert_allclose(pairwise_distances(X_query, X_train, p), exact, rtol=1e-9, atol=1e-9)
    k = min(5, n_train)
    dist, ind = BruteForceIndex(X_train, p).query(X_query, k)
    expected = np.argsort(exact, axis=1, kind="stable")[:, :k]
    np.testing.assert_array_equal(ind, expected)
    np.testing.assert_allclose(dist, np.take_along_axis(exact, expected, axis=1), rtol=1e-9, atol=1e-9)


def test_ties_go_to_the_lower_index_and_k_equals_n():
    X = np.array([[0.0], [1.0], [1.0], [1.0], [-1.0], [2.0]])
    dist, ind = BruteForceIndex(X).query(np.array([[0.0], [1.0]]), 6)
    assert ind.tolist() == [[0, 1, 2, 3, 4, 5], [1, 2, 3, 0, 5, 4]]
    np.testing.assert_allclose(dist, [[0, 1, 1, 1, 1, 2], [0, 0, 0, 1, 1, 2]])


def test_metric_names():
    assert resolve_metric("euclidean", 1) == 2.0
    assert resolve_metric("manhattan", 2) == 1.0
    assert resolve_metric("minkowski", 1.5) == 1.5
    with pytest.raises(ValueError, match="p must be a number >= 1"):
        resolve_metric("minkowski", 0.5)
    with pytest.raises(ValueError, match="metric must be"):
        resolve_metric("cosine", 2)


def test_threads_give_the_same_answer():
    rng = np.random.RandomState(1)
    X_train, X_query = rng.normal(size=(3000, 5)), rng.normal(size=(2500, 5))
    index = BruteForceIndex(X_train)
    one = index.query(X_query, 4, n_threads=1)
    several = index.query(X_query, 4, n_threads=3)
    np.testing.assert_array_equal(one[1], several[1])
    np.testing.assert_array_equal(one[0], several[0])
