"""pad_sequences as Keras documents it: pre-padding and pre-truncation by default, int32, value 0."""
import numpy as np
import pytest

from glassnet.utils import pad_sequences


def test_defaults_pad_before_to_the_longest_in_int32():
    out = pad_sequences([[1, 2, 3], [4, 5], [6]])
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [[1, 2, 3], [0, 4, 5], [0, 0, 6]])


def test_post_padding_and_a_value():
    out = pad_sequences([[1, 2, 3], [4]], padding="post", value=-1)
    np.testing.assert_array_equal(out, [[1, 2, 3], [4, -1, -1]])


def test_maxlen_truncates_the_start_by_default_and_the_end_with_post():
    np.testing.assert_array_equal(pad_sequences([[1, 2, 3, 4]], maxlen=2), [[3, 4]])
    np.testing.assert_array_equal(pad_sequences([[1, 2, 3, 4]], maxlen=2, truncating="post"), [[1, 2]])


def test_float_values_vectors_and_empty_sequences():
    out = pad_sequences([[0.5], []], maxlen=2, dtype="float32", padding="post")
    np.testing.assert_array_equal(out, [[0.5, 0.0], [0.0, 0.0]])
    vectors = pad_sequences([np.ones((2, 3)), np.ones((1, 3))])
    assert vectors.shape == (2, 2, 3) and vectors[1, 0].sum() == 0 and vectors[1, 1].sum() == 3


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="padding must be 'pre' or 'post', got 'middle'"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="maxlen"):
        pad_sequences([[1]], maxlen=-1)
    with pytest.raises(ValueError, match=r"sequences\[1\]"):
        pad_sequences([[1], 5])
