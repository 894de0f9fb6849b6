import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.preprocessing import MinMaxScaler

skp = pytest.importorskip("sklearn.preprocessing")


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(MinMaxScaler())


@pytest.mark.parametrize("kwargs", [{}, {"feature_range": (-1, 1)}, {"clip": True}])
def test_matches_sklearn(kwargs):
    rng = np.random.RandomState(0)
    X, X_new = rng.normal(size=(40, 3)), rng.normal(scale=3, size=(10, 3))
    X[:, 1] = 2.0
    ours, theirs = MinMaxScaler(**kwargs).fit(X), skp.MinMaxScaler(**kwargs).fit(X)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), atol=1e-12)
    for name in ("data_min_", "data_max_", "data_range_", "scale_", "min_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name))
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X, atol=1e-12)


def test_errors():
    with pytest.raises(ValueError, match="feature range"):
        MinMaxScaler(feature_range=(1, 0)).fit([[1.0], [2.0]])
    with pytest.raises(NotFittedError):
        MinMaxScaler().transform([[1.0]])
    with pytest.raises(ValueError, match="infinity"):
        MinMaxScaler().fit([[1.0], [np.inf]])
