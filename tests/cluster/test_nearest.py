"""Tests for glassnet/cluster/_nearest.py: the fast assignment against the textbook one."""
import numpy as np
import pytest

from glassnet.cluster._nearest import cluster_sums, nearest_center, reference_nearest_center


@pytest.mark.parametrize("n_threads,chunk", [(1, 8192), (2, 7), (3, 64)])
def test_nearest_center_matches_all_distances(n_threads, chunk):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(1000, 5))
    centers = rng.normal(size=(9, 5))
    labels, distances = nearest_center(X, centers, np.einsum("ij,ij->i", X, X),
                                       n_threads=n_threads, chunk=chunk)
    ref_labels, ref_distances = reference_nearest_center(X, centers)
    np.testing.assert_array_equal(labels, ref_labels)
    np.testing.assert_allclose(distances, ref_distances, rtol=1e-9, atol=1e-12)
    same, _ = nearest_center(X, centers, X_T=np.ascontiguousarray(X.T), chunk=chunk)
    np.testing.assert_array_equal(same, ref_labels)


def test_ties_go_to_the_lower_index():
    X = np.array([[0.0, 0.0], [2.0, 0.0]])
    centers = np.array([[1.0, 0.0], [1.0, 0.0], [5.0, 5.0]])  # two identical centres
    assert nearest_center(X, centers)[0].tolist() == [0, 0]


def test_cluster_sums_with_and_without_weights():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(200, 3))
    labels = rng.randint(0, 4, size=200)
    w = rng.uniform(size=200)
    sums, weights = cluster_sums(np.ascontiguousarray(X.T), labels, w, 5)
    for j in range(4):
        np.testing.assert_allclose(sums[j], (w[labels == j, None] * X[labels == j]).sum(0))
        assert weights[j] == pytest.approx(w[labels == j].sum())
    assert weights[4] == 0 and not sums[4].any()
    sums, counts = cluster_sums(np.ascontiguousarray(X.T), labels, None, 4)
    np.testing.assert_allclose(sums[2], X[labels == 2].sum(0))
    assert counts.tolist() == np.bincount(labels).tolist()


@pytest.mark.parametrize("n_centers", [2, 256, 257, 300])
def test_labels_past_one_byte_and_int32_like_sklearn(n_centers):
    # up to 256 centres the chunk labels are bytes, beyond that int32: both must give argmin
    rng = np.random.RandomState(2)
    X = rng.normal(size=(3000, 4))
    centers = rng.normal(size=(n_centers, 4))
    labels, _ = nearest_center(X, centers, chunk=512)
    np.testing.assert_array_equal(labels, reference_nearest_center(X, centers)[0])
    assert labels.dtype == np.int32
    if n_centers > 256:
        assert labels.max() > 255       # the wide path was exercised, not only low labels


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_entry_makes_the_scores_non_finite(bad):
    # predict relies on this instead of a pass of its own over X
    rng = np.random.RandomState(4)
    X = rng.normal(size=(500, 3))
    centers = np.array([[1.0, 0.0, -2.0], [0.0, 0.0, 0.0], [-1.0, 3.0, 0.5]])  # a zero centre: ∞·0 = NaN
    assert nearest_center(X, centers, return_all_finite=True, chunk=64)[2] is True
    X[321, 1] = bad
    labels, distances, all_finite = nearest_center(X, centers, return_all_finite=True, chunk=64)
    assert all_finite is False and distances is None
    X[321, 1] = 0.0
    np.testing.assert_array_equal(nearest_center(X, centers, chunk=64)[0][:321], labels[:321])
def test_a_sample_on_a_centre_is_at_distance_zero_never_below():
    # ‖x‖² + ‖μ‖² − 2x·μ rounds to about −1e-15 (or −1e-9 at scale 1000) when x = μ
    rng = np.random.RandomState(0)
    for scale in (1.0, 1e3):
        centers = rng.normal(size=(4, 7)) * scale + scale
        X = np.repeat(centers, 50, axis=0)
        labels, distances = nearest_center(X, centers, np.einsum("ij,ij->i", X, X))
        np.testing.assert_array_equal(labels, np.repeat(np.arange(4), 50))
        assert distances.min() >= 0.0
        np.testing.assert_allclose(distances, 0.0, atol=1e-6 * scale ** 2)


def test_predict_gives_the_one_thread_labels_on_several_threads():
    from threadpoolctl import threadpool_limits

    from glassnet.cluster import KMeans
    rng = np.random.RandomState(0)
    X = rng.normal(size=(70_000, 3))                  # three chunks of 32768 samples
    model = KMeans(8, n_init=1, random_state=0).fit(X[:2000])
    with threadpool_limits(1):
        one_thread = model.predict(X)
    np.testing.assert_array_equal(model.predict(X), one_thread)
    np.testing.assert_array_equal(one_thread, reference_nearest_center(X, model.cluster_centers_)[0])
