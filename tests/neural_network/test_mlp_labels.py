"""_labels: class labels to the 0/1 targets of the output units and back."""
import numpy as np
import pytest

from glassnet.neural_network._labels import LabelCoder, target_type


def test_two_classes_give_one_column_and_a_threshold():
    coder = LabelCoder().fit(np.array(["no", "yes", "no"]))
    np.testing.assert_array_equal(coder.transform(["yes", "no"]), [[True], [False]])
    np.testing.assert_array_equal(coder.inverse_transform(np.array([0.7, 0.5, 0.2])), ["yes", "no", "no"])


def test_several_classes_are_one_hot_and_decode_by_argmax():
    coder = LabelCoder().fit([3, 1, 2, 1])
    np.testing.assert_array_equal(coder.classes_, [1, 2, 3])
    np.testing.assert_array_equal(coder.transform([2, 3]), [[0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(coder.inverse_transform(np.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])), [3, 1])


def test_classes_given_to_partial_fit_decide_the_coding():
    coder = LabelCoder().fit([0, 1, 2])
    np.testing.assert_array_equal(coder.transform([0, 0]), [[1, 0, 0], [1, 0, 0]])


def test_multilabel_indicator_stays_as_it_is():
    Y = np.array([[1, 0, 1], [0, 0, 1]])
    coder = LabelCoder().fit(Y)
    assert coder.y_type_ == "multilabel-indicator"
    np.testing.assert_array_equal(coder.transform(Y), Y.astype(bool))
    np.testing.assert_array_equal(coder.inverse_transform(np.array([[0.9, 0.1, 0.6]])), [[1, 0, 1]])


def test_one_class_predicts_that_class():
    coder = LabelCoder().fit([5, 5])
    np.testing.assert_array_equal(coder.transform([5]), [[False]])
    np.testing.assert_array_equal(coder.inverse_transform(np.array([0.9, 0.1])), [5, 5])


def test_refuses_continuous_and_multioutput_targets():
    with pytest.raises(ValueError, match="continuous"):
        target_type([0.5, 1.5])
    with pytest.raises(ValueError, match="Multioutput"):
        target_type(np.array([[0, 2], [1, 3]]))
