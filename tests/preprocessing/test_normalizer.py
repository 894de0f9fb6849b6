"""normalize, Normalizer and scale against scikit-learn."""
import numpy as np
import pytest

from glassnet.preprocessing import Normalizer, normalize, scale

skp = pytest.importorskip("sklearn.preprocessing")
X = np.random.RandomState(0).randn(20, 3)
X[0] = 0.0   # a zero row stays zero


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
def test_normalize_rows_and_columns(norm):
    np.testing.assert_allclose(normalize(X, norm), skp.normalize(X, norm))
    np.testing.assert_allclose(normalize(X, norm, axis=0), skp.normalize(X, norm, axis=0))
    np.testing.assert_allclose(Normalizer(norm).fit_transform(X), skp.Normalizer(norm).fit_transform(X))
    assert not np.allclose(normalize(X, norm), X)


def test_normalize_returns_norms_and_leaves_input_alone():
    before = X.copy()
    out, norms = normalize(X, return_norm=True)
    np.testing.assert_allclose(norms, np.linalg.norm(X, axis=1))
    np.testing.assert_array_equal(X, before)
    with pytest.raises(ValueError, match="norm"):
        normalize(X, "l3")


def test_scale_along_each_axis():
    np.testing.assert_allclose(scale(X), skp.scale(X))
    np.testing.assert_allclose(scale(X, axis=1), skp.scale(X, axis=1))
    np.testing.assert_allclose(scale(X, with_std=False), skp.scale(X, with_std=False))
    np.testing.assert_allclose(scale(X).std(axis=0), 1.0)


def test_normalizer_passes_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    failed = [c for c in check_estimator(Normalizer(), on_fail=None) if c["status"] == "failed"]
    assert not failed, [c["check_name"] for c in failed]
