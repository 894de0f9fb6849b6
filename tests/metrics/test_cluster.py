"""Tests for glassnet/metrics/_cluster.py against scikit-learn's numbers."""
import numpy as np
import pytest
import sklearn.metrics as sk

import glassnet.metrics as gm

RNG = np.random.RandomState(0)
Y_TRUE = RNG.randint(0, 4, 300)
Y_PRED = np.where(RNG.rand(300) < 0.6, Y_TRUE, RNG.randint(0, 5, 300))

NAMES = ["adjusted_rand_score", "mutual_info_score", "normalized_mutual_info_score", "adjusted_mutual_info_score",
         "homogeneity_score", "completeness_score", "v_measure_score"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("case", ["noisy", "same", "renamed", "random", "one_cluster"])
def test_label_agreement_scores_match_scikit_learn(name, case):
    t, p = {"noisy": (Y_TRUE, Y_PRED), "same": (Y_TRUE, Y_TRUE), "renamed": (Y_TRUE, (Y_TRUE + 1) % 4 * 10),
            "random": (Y_TRUE, RNG.randint(0, 3, 300)), "one_cluster": (Y_TRUE, np.zeros(300))}[case]
    assert getattr(gm, name)(t, p) == pytest.approx(getattr(sk, name)(t, p), abs=1e-10)


@pytest.mark.parametrize("method", ["min", "geometric", "arithmetic", "max"])
def test_average_methods(method):
    for name in ("normalized_mutual_info_score", "adjusted_mutual_info_score"):
        assert getattr(gm, name)(Y_TRUE, Y_PRED, average_method=method) == pytest.approx(
            getattr(sk, name)(Y_TRUE, Y_PRED, average_method=method), abs=1e-10)


def test_homogeneity_completeness_v_measure_and_beta():
    np.testing.assert_allclose(gm.homogeneity_completeness_v_measure(Y_TRUE, Y_PRED, beta=2.0),
                               sk.homogeneity_completeness_v_measure(Y_TRUE, Y_PRED, beta=2.0))
    # splitting every class in two keeps homogeneity perfect and lowers completeness
    h, c, _ = gm.homogeneity_completeness_v_measure(Y_TRUE, Y_TRUE * 2 + (np.arange(300) % 2))
    assert h == pytest.approx(1.0) and c < 0.9


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_silhouette_matches_scikit_learn(metric):
    from sklearn.datasets import make_blobs
    X, y = make_blobs(150, 3, centers=3, random_state=0)
    np.testing.assert_allclose(gm.silhouette_samples(X, y, metric=metric), sk.silhouette_samples(X, y, metric=metric),
                               atol=1e-10)
    assert gm.silhouette_score(X, y, metric=metric) == pytest.approx(sk.silhouette_score(X, y, metric=metric))
    assert gm.silhouette_score(X, y) > 0.5 > gm.silhouette_score(X, RNG.randint(0, 3, 150))
    D = sk.pairwise_distances(X)
    assert gm.silhouette_score(D, y, metric="precomputed") == pytest.approx(sk.silhouette_score(X, y))
    with pytest.raises(ValueError, match="Number of labels"):
        gm.silhouette_score(X, np.zeros(150))
