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
