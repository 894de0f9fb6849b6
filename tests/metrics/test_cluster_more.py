"""rand_score, fowlkes_mallows_score, calinski_harabasz_score, davies_bouldin_score against scikit-learn."""
import numpy as np
import pytest

import glassnet.metrics as gm

sm = pytest.importorskip("sklearn.metrics")


def _cases():
    rng = np.random.RandomState(0)
    for _ in range(5):
        true = rng.randint(0, 4, 50)
        pred = np.where(rng.rand(50) < 0.5, true, rng.randint(0, 3, 50))
        yield true, pred, rng.randn(50, 3) + pred[:, None]


@pytest.mark.parametrize("name", ["rand_score", "fowlkes_mallows_score"])
def test_label_scores_match_scikit_learn(name):
    for true, pred, _ in _cases():
        assert getattr(gm, name)(true, pred) == pytest.approx(getattr(sm, name)(true, pred))
    for a, b in [([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 0, 0, 0], [0, 1, 2, 3]), ([0], [0])]:
        assert getattr(gm, name)(a, b) == pytest.approx(getattr(sm, name)(a, b))


@pytest.mark.parametrize("name", ["calinski_harabasz_score", "davies_bouldin_score"])
def test_data_scores_match_scikit_learn(name):
    for _, pred, X in _cases():
        assert getattr(gm, name)(X, pred) == pytest.approx(getattr(sm, name)(X, pred))
    with pytest.raises(ValueError, match="Number of labels is 1"):
        getattr(gm, name)(np.zeros((5, 2)), np.zeros(5))


def test_better_clusterings_score_better():
    rng = np.random.RandomState(1)
    X = np.r_[rng.randn(30, 2), rng.randn(30, 2) + 8]
    right, wrong = np.r_[np.zeros(30), np.ones(30)], rng.randint(0, 2, 60)
    assert gm.calinski_harabasz_score(X, right) > gm.calinski_harabasz_score(X, wrong)
    assert gm.davies_bouldin_score(X, right) < gm.davies_bouldin_score(X, wrong)
