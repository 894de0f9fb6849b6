"""KMeans at its edges: as many clusters as samples, stopping rules, labels that match the centres,
how many starts 'auto' makes, and the messages of bad arguments."""
import warnings

import numpy as np
import pytest

from glassnet.cluster import KMeans

sklearn = pytest.importorskip("sklearn")
from sklearn.cluster import KMeans as SkKMeans  # noqa: E402
from sklearn.datasets import load_iris, make_blobs  # noqa: E402


def test_as_many_clusters_as_samples_puts_one_sample_in_each():
    X = np.array([[0.0, 1.0], [5.0, 5.0], [-3.0, 2.0]])
    model = KMeans(n_clusters=3, random_state=0).fit(X)
    assert sorted(map(tuple, model.cluster_centers_)) == sorted(map(tuple, X))
    assert model.inertia_ == pytest.approx(0.0, abs=1e-12)
    assert sorted(model.labels_) == [0, 1, 2]


def test_a_singleton_cluster_keeps_its_sample_as_centre():
    X = np.array([[0.0, 0.0], [0.2, 0.0], [0.0, 0.2], [0.2, 0.2], [9.0, 9.0]])
    model = KMeans(n_clusters=2, init=np.array([[0.1, 0.1], [8.0, 8.0]])).fit(X)
    np.testing.assert_allclose(sorted(model.cluster_centers_.tolist()), [[0.1, 0.1], [9.0, 9.0]])


@pytest.mark.parametrize("max_iter", [1, 2, 3])
def test_labels_match_the_final_centres_even_when_stopped_early(max_iter):
    X, _ = make_blobs(n_samples=200, centers=4, cluster_std=3.0, random_state=2)
    start = X[:4].copy()
    model = KMeans(n_clusters=4, init=start, max_iter=max_iter).fit(X)
    np.testing.assert_array_equal(model.labels_, model.predict(X))
    assert model.inertia_ == pytest.approx(-model.score(X), rel=1e-10)
    reference = SkKMeans(n_clusters=4, init=start, n_init=1, max_iter=max_iter).fit(X)
    np.testing.assert_allclose(model.cluster_centers_, reference.cluster_centers_, rtol=1e-10)
    assert model.n_iter_ == reference.n_iter_


@pytest.mark.parametrize("tol", [1e-4, 1e-2, 10.0])
def test_tolerance_stops_when_the_centres_barely_move_like_sklearn(tol):
    X, _ = make_blobs(n_samples=300, centers=5, cluster_std=2.5, random_state=4)
    start = X[:5].copy()
    model = KMeans(n_clusters=5, init=start, tol=tol).fit(X)
    reference = SkKMeans(n_clusters=5, init=start, n_init=1, tol=tol).fit(X)
    assert model.n_iter_ == reference.n_iter_
    np.testing.assert_allclose(model.inertia_, reference.inertia_, rtol=1e-10)
    if tol == 10.0:
        assert model.n_iter_ == 1


@pytest.mark.parametrize("init, runs", [("random", 10), ("k-means++", 1)])
def test_n_init_auto_makes_as_many_starts_as_sklearn(init, runs, capsys):
    X, _ = load_iris(return_X_y=True)
    KMeans(n_clusters=3, init=init, n_init="auto", random_state=0, verbose=1).fit(X)
    starts = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Iteration 0,")]
    assert len(starts) == runs


def test_warnings_point_at_the_callers_line():
    X, _ = load_iris(return_X_y=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        KMeans(n_clusters=3, init=X[:3], n_init=5).fit(X)
    assert [w.filename for w in caught] == [__file__]
    assert "only one init" in str(caught[0].message)


def test_unknown_algorithm_is_refused_by_name():
    X, _ = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="algorithm must be 'lloyd'.*'elkan'"):
        KMeans(algorithm="elkan").fit(X)
    assert KMeans(n_clusters=2, algorithm="lloyd", random_state=0).fit(X).n_iter_ >= 1
