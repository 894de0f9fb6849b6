"""An empty cluster takes a far sample; a cluster that loses its only sample never becomes NaN."""
import numpy as np

from glassnet.cluster import KMeans


def test_duplicate_points_and_more_clusters_than_distinct_points_give_finite_centres():
    X = np.repeat(np.array([[1.0, 3.0], [2.0, 1.0], [3.0, 3.0], [4.0, 1.0]]), 4, axis=0)
    for seed in range(30):
        for weights in (None, np.ones(len(X))):
            model = KMeans(n_clusters=8, n_init=1, random_state=seed).fit(X, sample_weight=weights)
            assert np.isfinite(model.cluster_centers_).all(), seed
            assert np.isfinite(model.inertia_)


def test_empty_clusters_take_far_samples_with_their_weights_like_sklearn():
    # two of the four starting centres are far from every sample: both clusters start empty and
    # each takes one of the samples farthest from its centre, which leaves its old cluster (whose
    # weight drops by the sample's); fractional weights, so that a one-sample cluster weighs < 1
    from sklearn.cluster import KMeans as SkKMeans
    rng = np.random.RandomState(0)
    X = np.r_[rng.normal(size=(20, 2)), rng.normal(size=(20, 2)) + [6.0, 0.0]]
    weights = rng.uniform(0.2, 0.9, size=40)
    init = np.array([[0.0, 0.0], [6.0, 0.0], [100.0, 100.0], [-100.0, 50.0]])
    for max_iter in (1, 300):
        ours = KMeans(4, init=init, max_iter=max_iter).fit(X, sample_weight=weights)
        theirs = SkKMeans(4, init=init, n_init=1, max_iter=max_iter).fit(X, sample_weight=weights)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-10, atol=1e-12)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-12)
        assert ours.n_iter_ == theirs.n_iter_
        assert np.abs(ours.cluster_centers_).max() < 10          # the far centres moved onto samples
    np.testing.assert_array_equal(KMeans(4, init=init).fit_predict(X, sample_weight=weights), ours.labels_)
