import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.preprocessing import LabelEncoder

skp = pytest.importorskip("sklearn.preprocessing")


def test_matches_sklearn():
    y = ["paris", "tokyo", "paris", "amsterdam"]
    ours, theirs = LabelEncoder().fit(y), skp.LabelEncoder().fit(y)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.transform(y), theirs.transform(y))
    np.testing.assert_array_equal(LabelEncoder().fit_transform(y), theirs.transform(y))
    np.testing.assert_array_equal(ours.inverse_transform([2, 0]), ["tokyo", "amsterdam"])


def test_unseen_label_is_named():
    enc = LabelEncoder().fit([1, 2, 2, 6])
    with pytest.raises(ValueError, match="unseen labels: \\[3\\]"):
        enc.transform([1, 3])
    with pytest.raises(ValueError, match="unseen labels"):
        enc.inverse_transform([5])


def test_errors():
    with pytest.raises(NotFittedError):
        LabelEncoder().transform([1])
    with pytest.raises(ValueError, match="1d array"):
        LabelEncoder().fit(np.zeros((3, 2)))
