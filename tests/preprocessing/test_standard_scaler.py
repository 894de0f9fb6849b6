import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.preprocessing import StandardScaler

skp = pytest.importorskip("sklearn.preprocessing")


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(StandardScaler())


@pytest.mark.parametrize("kwargs", [{}, {"with_mean": False}, {"with_std": False}])
def test_matches_sklearn(kwargs):
    X = np.random.RandomState(0).normal(3, 5, size=(50, 4))
    X[:, 2] = 7.0  # constant column: scale 1, not a division by zero
    ours, theirs = StandardScaler(**kwargs).fit(X), skp.StandardScaler(**kwargs).fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-12)
    for name in ("mean_", "var_", "scale_"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X)


def test_transform_standardises_and_keeps_float32():
    X = np.random.RandomState(1).uniform(0, 100, size=(200, 3)).astype(np.float32)
    Z = StandardScaler().fit_transform(X)
    assert Z.dtype == np.float32
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(Z.std(axis=0), 1, atol=1e-5)


def test_errors():
    with pytest.raises(NotFittedError):
        StandardScaler().transform([[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        StandardScaler().fit([[1.0], [np.nan]])
    with pytest.raises(ValueError, match="2D"):
        StandardScaler().fit([1.0, 2.0])
    with pytest.raises(ValueError, match="features"):
        StandardScaler().fit([[1.0, 2.0]]).transform([[1.0]])
