"""LabelBinarizer and label_binarize give scikit-learn's indicator matrices."""
import numpy as np
import pytest

from glassnet.preprocessing import LabelBinarizer, label_binarize

skp = pytest.importorskip("sklearn.preprocessing")

TARGETS = [[1, 2, 6, 4, 2], ["a", "b", "a"], [0, 1, 1, 0], np.array([[0, 1, 1], [1, 0, 0]]), ["x", "x"]]


@pytest.mark.parametrize("y", TARGETS)
def test_transform_and_back_as_scikit_learn(y):
    ours, theirs = LabelBinarizer().fit(y), skp.LabelBinarizer().fit(y)
    np.testing.assert_array_equal(ours.transform(y), theirs.transform(y))
    assert ours.y_type_ == theirs.y_type_
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.inverse_transform(ours.transform(y)), y)


def test_binary_gives_one_column_and_unknown_labels_a_row_of_negatives():
    np.testing.assert_array_equal(label_binarize(["no", "yes"], classes=["no", "yes"]), [[0], [1]])
    np.testing.assert_array_equal(label_binarize([1, 6, 7], classes=[1, 2, 4, 6]),
                                  skp.label_binarize([1, 6, 7], classes=[1, 2, 4, 6]))
    assert label_binarize([7], classes=[1, 2, 4])[0].tolist() == [0, 0, 0]


def test_custom_labels_and_threshold():
    lb = LabelBinarizer(neg_label=-1, pos_label=2)
    np.testing.assert_array_equal(lb.fit_transform([0, 1, 2, 1]),
                                  skp.LabelBinarizer(neg_label=-1, pos_label=2).fit_transform([0, 1, 2, 1]))
    binary = LabelBinarizer().fit(["a", "b"])
    np.testing.assert_array_equal(binary.inverse_transform(np.array([[0.2], [0.7]]), threshold=0.5), ["a", "b"])
    with pytest.raises(ValueError, match="neg_label"):
        LabelBinarizer(neg_label=1, pos_label=1).fit([0, 1])
    with pytest.raises(ValueError, match="continuous"):
        LabelBinarizer().fit([0.5, 1.5])
