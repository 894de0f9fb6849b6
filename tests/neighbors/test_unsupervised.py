"""NearestNeighbors finds scikit-learn's neighbours and passes check_estimator."""
import numpy as np
import pytest

from glassnet.neighbors import NearestNeighbors

skn = pytest.importorskip("sklearn.neighbors")
X = np.random.RandomState(0).randn(50, 3)
Q = np.random.RandomState(1).randn(5, 3)


@pytest.mark.parametrize("p", [1, 2, 3])
def test_kneighbors_as_scikit_learn(p):
    ours, theirs = NearestNeighbors(n_neighbors=4, p=p).fit(X), skn.NearestNeighbors(n_neighbors=4, p=p).fit(X)
    for args in [(Q,), ()]:   # () asks for the neighbours of the training points, themselves excluded
        (d1, i1), (d2, i2) = ours.kneighbors(*args), theirs.kneighbors(*args)
        np.testing.assert_allclose(d1, d2)
        np.testing.assert_array_equal(i1, i2)


def test_radius_neighbors_as_scikit_learn():
    ours, theirs = NearestNeighbors(radius=1.0).fit(X), skn.NearestNeighbors(radius=1.0).fit(X)
    (d1, i1), (d2, i2) = ours.radius_neighbors(Q, sort_results=True), theirs.radius_neighbors(Q, sort_results=True)
    assert sum(len(i) for i in i1) > 0
    for a, b in zip(i1, i2):
        np.testing.assert_array_equal(a, b)


def test_check_estimator_and_bad_k():
    from sklearn.utils.estimator_checks import check_estimator
    failed = [c for c in check_estimator(NearestNeighbors(), on_fail=None) if c["status"] == "failed"]
    assert not failed, [c["check_name"] for c in failed]
    with pytest.raises(ValueError, match="n_neighbors"):
        NearestNeighbors(n_neighbors=0).fit(X)
