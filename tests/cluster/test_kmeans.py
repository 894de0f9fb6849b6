"""KMeans: scikit-learn's contract and inertia, seeded starts, the lecture's pictures."""
import numpy as np
import pytest

from glassnet.cluster import KMeans
from glassnet.exceptions import ConvergenceWarning, NotFittedError

sklearn = pytest.importorskip("sklearn")
from sklearn.cluster import KMeans as SkKMeans  # noqa: E402
from sklearn.datasets import load_digits, load_iris, load_wine, make_blobs  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

EXPECTED_FAILED_CHECKS = {
    # scikit-learn lists the same expected failure for its own KMeans: the seeding draws samples
    # with probability ∝ weight, and a weight of 2 is not the same random draw as a repeated row.
    "check_sample_weight_equivalence_on_dense_data": "sample_weight is not equivalent to "
                                                     "removing/repeating samples (random seeding)",
}


def test_check_estimator():
    check_estimator(KMeans(), expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_digits])
@pytest.mark.parametrize("init,n_init", [("k-means++", 1), ("k-means++", 4), ("random", 10)])
def test_inertia_matches_sklearn(loader, init, n_init):
    X, _ = loader(return_X_y=True)
    ours = KMeans(n_clusters=5, init=init, n_init=n_init, random_state=0).fit(X)
    theirs = SkKMeans(n_clusters=5, init=init, n_init=n_init, random_state=0).fit(X)
    assert abs(ours.inertia_ - theirs.inertia_) <= 0.01 * theirs.inertia_
    if init == "k-means++":  # same draws in the same order: the same seeds and the same answer
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-8, atol=1e-8)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.transform(X[:20]),
                               SkKMeans(n_clusters=5, init=ours.cluster_centers_, n_init=1, max_iter=1)
                               .fit(X).transform(X[:20]), rtol=1e-6)


def test_finds_well_separated_blobs_and_array_init():
    X, y = make_blobs(n_samples=300, centers=[[0, 0], [10, 0], [0, 10]], cluster_std=0.5, random_state=0)
    model = KMeans(n_clusters=3, random_state=1).fit(X)
    # the same partition as the generating blobs, up to renaming the clusters
    assert len(np.unique(np.c_[model.labels_, y], axis=0)) == 3
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_)
    # a start at the true centres converges immediately, keeping them
    start = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    fixed = KMeans(n_clusters=3, init=start).fit(X)
    np.testing.assert_allclose(fixed.cluster_centers_, [X[y == c].mean(axis=0) for c in range(3)])
    assert fixed.n_iter_ <= 2
    np.testing.assert_allclose(fixed.transform(start)[[0, 1, 2], [0, 1, 2]], 0.0, atol=0.2)


def test_duplicate_points_warn():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match="distinct clusters"):
        KMeans(n_clusters=3, random_state=0).fit(X)


def test_bad_input():
    X, _ = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        KMeans().predict(X)
    with pytest.raises(ValueError, match="n_samples=5 should be >= n_clusters=8"):
        KMeans().fit(X[:5])
    with pytest.raises(ValueError, match="init"):
        KMeans(init="kmeans").fit(X)
    with pytest.raises(ValueError, match="initial centers"):
        KMeans(n_clusters=2, init=np.zeros((3, 4))).fit(X)
    with pytest.raises(ValueError, match="n_init"):
        KMeans(n_init=0).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        KMeans().fit(np.where(X > 7, np.nan, X))
    with pytest.raises(ValueError, match="4 features"):
        KMeans(n_clusters=3).fit(X).predict(X[:, :2])


def test_verbose_shows_the_inertia_going_down(capsys):
    X, _ = load_iris(return_X_y=True)
    model = KMeans(n_clusters=3, init="random", n_init=1, random_state=3, verbose=1).fit(X)
    printed = [float(line.rsplit(" ", 1)[1].rstrip(".")) for line in capsys.readouterr().out.splitlines()]
    assert len(printed) == model.n_iter_
    assert all(later <= earlier for earlier, later in zip(printed, printed[1:]))
    assert printed[-1] == pytest.approx(model.inertia_, rel=1e-5)  # printed to 6 significant digits


def test_inertia_in_chunks_is_the_weighted_sum_of_squared_differences():
    from glassnet.cluster._kmeans import _inertia
    rng = np.random.RandomState(3)
    X = rng.normal(size=(1003, 4))          # not a multiple of the chunk: the last one is short
    centers = rng.normal(size=(5, 4))
    labels = rng.randint(0, 5, size=1003).astype(np.int32)
    w = rng.uniform(size=1003)
    expected = float(np.sum(w * ((X - centers[labels]) ** 2).sum(axis=1)))
    assert _inertia(X, centers, labels, w, chunk=100) == pytest.approx(expected, rel=1e-12)
    assert _inertia(X, centers, labels, w) == pytest.approx(expected, rel=1e-12)


def test_tolerance_is_relative_to_the_mean_feature_variance():
    # data with a large variance: tol=1e-2 relative stops before exact convergence, as sklearn
    X, _ = make_blobs(3000, 3, centers=6, cluster_std=3.0, random_state=1)
    X = X * 1000.0
    start = X[:6].copy()
    for tol in (1e-2, 1e-6):
        ours = KMeans(6, init=start, n_init=1, tol=tol).fit(X)
        theirs = SkKMeans(6, init=start, n_init=1, tol=tol, algorithm="lloyd").fit(X)
        assert ours.n_iter_ == theirs.n_iter_
        assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-9)
