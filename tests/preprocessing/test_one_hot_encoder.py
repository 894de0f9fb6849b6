import numpy as np
import pytest

from glassnet.preprocessing import OneHotEncoder

skp = pytest.importorskip("sklearn.preprocessing")

X = np.array([["red", "S"], ["green", "M"], ["red", "L"], ["blue", "M"]], dtype=object)


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(OneHotEncoder())


@pytest.mark.parametrize("drop", [None, "first", "if_binary"])
def test_matches_sklearn(drop):
    ours = OneHotEncoder(drop=drop).fit(X)
    theirs = skp.OneHotEncoder(drop=drop, sparse_output=False).fit(X)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    for a, b in zip(ours.categories_, theirs.categories_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ours.inverse_transform(ours.transform(X)), X)


def test_numeric_categories():
    Xn = np.array([[3, 1], [1, 1], [2, 0]])
    np.testing.assert_array_equal(OneHotEncoder().fit_transform(Xn),
                                  skp.OneHotEncoder(sparse_output=False).fit_transform(Xn))


def test_handle_unknown():
    new = np.array([["purple", "S"]], dtype=object)
    with pytest.raises(ValueError, match="unknown categories \\['purple'\\] in column 0"):
        OneHotEncoder().fit(X).transform(new)
    enc = OneHotEncoder(handle_unknown="ignore").fit(X)
    np.testing.assert_array_equal(enc.transform(new), [[0, 0, 0, 0, 0, 1]])
    assert enc.inverse_transform(enc.transform(new))[0, 0] is None


def test_sparse_output_refused():
    with pytest.raises(ValueError, match="sparse_output"):
        OneHotEncoder(sparse_output=True).fit(X)
