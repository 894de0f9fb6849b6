import numpy as np
import pytest

from glassnet.preprocessing import PolynomialFeatures

skp = pytest.importorskip("sklearn.preprocessing")


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(PolynomialFeatures())


@pytest.mark.parametrize("kwargs", [{}, {"degree": 3}, {"degree": 3, "interaction_only": True},
                                    {"include_bias": False}, {"degree": (2, 3)},
                                    {"degree": (2, 3), "include_bias": False}, {"degree": 0}])
def test_matches_sklearn(kwargs):
    X = np.random.RandomState(0).normal(size=(20, 3))
    ours, theirs = PolynomialFeatures(**kwargs).fit(X), skp.PolynomialFeatures(**kwargs).fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12)
    np.testing.assert_array_equal(ours.powers_, theirs.powers_)
    assert ours.n_output_features_ == theirs.n_output_features_
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert list(ours.get_feature_names_out(["a", "b", "c"])) == list(theirs.get_feature_names_out(["a", "b", "c"]))


def test_lecture_example():
    out = PolynomialFeatures(2).fit_transform([[2.0, 3.0]])
    np.testing.assert_array_equal(out, [[1, 2, 3, 4, 6, 9]])


def test_errors():
    with pytest.raises(ValueError, match="degree"):
        PolynomialFeatures(degree=-1).fit([[1.0]])
    with pytest.raises(ValueError, match="empty"):
        PolynomialFeatures(degree=0, include_bias=False).fit([[1.0]])
