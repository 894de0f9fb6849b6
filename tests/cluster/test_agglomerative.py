"""Tests for glassnet/cluster/_agglomerative.py against scikit-learn's AgglomerativeClustering."""
import numpy as np
import pytest
from sklearn import cluster as sk_cluster
from sklearn.datasets import make_blobs
from sklearn.utils.estimator_checks import check_estimator

from glassnet.cluster import AgglomerativeClustering
from glassnet.cluster._agglomerative import merge_tree, pairwise_distance_matrix

X, _ = make_blobs(120, 3, centers=4, random_state=0)


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
def test_check_estimator(linkage):
    check_estimator(AgglomerativeClustering(linkage=linkage))


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
@pytest.mark.parametrize("n_clusters", [1, 2, 4, 7])
def test_merge_tree_and_labels_match_scikit_learn(linkage, n_clusters):
    ours = AgglomerativeClustering(n_clusters, linkage=linkage, compute_distances=True).fit(X)
    theirs = sk_cluster.AgglomerativeClustering(n_clusters, linkage=linkage, compute_distances=True).fit(X)
    # the same merges at the same heights (single linkage lists each pair in another order)
    np.testing.assert_array_equal(np.sort(ours.children_, axis=1), np.sort(theirs.children_, axis=1))
    np.testing.assert_allclose(ours.distances_, theirs.distances_, rtol=1e-10)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.n_leaves_ == 120 and ours.n_connected_components_ == 1 and ours.n_clusters_ == n_clusters
    assert not hasattr(AgglomerativeClustering(n_clusters, linkage=linkage).fit(X), "distances_")


@pytest.mark.parametrize("metric", ["manhattan", "cosine"])
def test_other_metrics_and_threshold(metric):
    ours = AgglomerativeClustering(None, metric=metric, linkage="average", distance_threshold=0.5).fit(X)
    theirs = sk_cluster.AgglomerativeClustering(None, metric=metric, linkage="average", distance_threshold=0.5).fit(X)
    assert ours.n_clusters_ == theirs.n_clusters_
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.distances_, theirs.distances_, rtol=1e-9)


def test_merge_heights_grow_and_bad_input_is_named():
    _, heights = merge_tree(pairwise_distance_matrix(X, "euclidean"), "complete")
    assert np.all(np.diff(heights) >= 0)              # a monotone linkage never merges lower later
    with pytest.raises(ValueError, match="Ward"):
        AgglomerativeClustering(metric="manhattan").fit(X)
    with pytest.raises(ValueError, match="linkage"):
        AgglomerativeClustering(linkage="median").fit(X)
    with pytest.raises(ValueError, match="Exactly one"):
        AgglomerativeClustering(n_clusters=None).fit(X)


@pytest.mark.parametrize("linkage", ["ward", "average", "single"])
def test_compacting_the_matrix_keeps_scikit_learns_tree(linkage):
    X_big, _ = make_blobs(400, 5, centers=6, random_state=1)     # compacted at 200, 100 and 50 clusters left
    ours = AgglomerativeClustering(6, linkage=linkage, compute_distances=True).fit(X_big)
    theirs = sk_cluster.AgglomerativeClustering(6, linkage=linkage, compute_distances=True).fit(X_big)
    np.testing.assert_array_equal(np.sort(ours.children_, axis=1), np.sort(theirs.children_, axis=1))
    np.testing.assert_allclose(ours.distances_, theirs.distances_, rtol=1e-10)
    if linkage != "single":     # scikit-learn lists single linkage's pairs in its MST's order: labels permuted
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
