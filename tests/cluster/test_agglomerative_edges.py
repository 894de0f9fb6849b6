"""AgglomerativeClustering at its edges: a zero vector under the cosine metric, and the
arguments it refuses (by name, with the value given)."""
import numpy as np
import pytest

from glassnet.cluster import AgglomerativeClustering

X_POSITIVE = np.array([[1.0, 0.1], [1.0, 0.3], [0.2, 1.0], [0.1, 1.0], [1.0, 1.1]])


def test_a_zero_vector_is_at_cosine_distance_one_from_every_other():
    # scikit-learn refuses zero vectors with metric='cosine'; glassnet puts them at distance 1
    # (no direction: orthogonal to everything), so the fit stays finite
    X = np.vstack([X_POSITIVE, [0.0, 0.0]])
    model = AgglomerativeClustering(2, metric="cosine", linkage="average", compute_distances=True).fit(X)
    assert np.all(np.isfinite(model.distances_))
    # every pair of the positive quadrant is closer than 1, so the zero vector joins last, at height 1
    assert model.distances_[-1] == pytest.approx(1.0)
    assert np.all(model.distances_[:-1] < 1.0)
    assert model.labels_[-1] != model.labels_[0]
    assert len(set(model.labels_[:-1])) == 1


@pytest.mark.parametrize("n_clusters", [0, -1, 2.5, "3"])
def test_n_clusters_must_be_a_positive_integer(n_clusters):
    with pytest.raises(ValueError, match=f"n_clusters should be an integer greater than 0. {n_clusters!r}"):
        AgglomerativeClustering(n_clusters).fit(X_POSITIVE)


def test_more_clusters_than_samples_is_refused_with_both_counts():
    with pytest.raises(ValueError, match="6 clusters were given for a tree with 5 leaves"):
        AgglomerativeClustering(6).fit(X_POSITIVE)
    assert len(set(AgglomerativeClustering(5).fit(X_POSITIVE).labels_)) == 5


@pytest.mark.parametrize("linkage", ["ward", "average"])
def test_data_far_from_the_origin_keep_their_merge_distances(linkage):
    # ‖a‖² − 2a·b + ‖b‖² of points near 10⁴ loses ~8 digits to cancellation unless shifted first
    sklearn_cluster = pytest.importorskip("sklearn.cluster")
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3)) + 1e4
    ours = AgglomerativeClustering(4, linkage=linkage, compute_distances=True).fit(X)
    theirs = sklearn_cluster.AgglomerativeClustering(4, linkage=linkage, compute_distances=True).fit(X)
    np.testing.assert_allclose(ours.distances_, theirs.distances_, rtol=1e-9)
    np.testing.assert_array_equal(ours.children_, theirs.children_)
