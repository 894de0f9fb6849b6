"""RobustScaler, MaxAbsScaler and Binarizer against scikit-learn, and check_estimator."""
import numpy as np
import pytest

from glassnet import preprocessing as gp

skp = pytest.importorskip("sklearn.preprocessing")
X = np.random.RandomState(0).randn(40, 3) * [1, 10, 100]
X[:, 2] = 0.0      # a constant column keeps scale 1
X[3, 0] = 50.0     # an outlier: it moves the mean, not the median


@pytest.mark.parametrize("name,kwargs", [
    ("RobustScaler", {}), ("RobustScaler", dict(quantile_range=(10, 90), unit_variance=True)),
    ("RobustScaler", dict(with_centering=False)), ("MaxAbsScaler", {}), ("Binarizer", dict(threshold=0.5)),
])
def test_same_numbers_as_scikit_learn(name, kwargs):
    ours, theirs = getattr(gp, name)(**kwargs).fit(X), getattr(skp, name)(**kwargs).fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X))
    assert not np.allclose(ours.transform(X), X)
    if hasattr(ours, "inverse_transform"):
        np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X, atol=1e-12)


def test_robust_scaler_ignores_the_outlier():
    scaled = gp.RobustScaler().fit(X)
    assert scaled.center_[0] == pytest.approx(np.median(X[:, 0]))
    with pytest.raises(ValueError, match="quantile range"):
        gp.RobustScaler(quantile_range=(80, 20)).fit(X)


@pytest.mark.parametrize("estimator", [gp.RobustScaler(), gp.MaxAbsScaler(), gp.Binarizer()])
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    failed = [c for c in check_estimator(estimator, on_fail=None) if c["status"] == "failed"]
    assert not failed, [c["check_name"] for c in failed]
