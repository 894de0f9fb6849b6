"""Tests for glassnet/metrics/_report.py: scikit-learn's table, character for character."""
import warnings

import numpy as np
import pytest
import sklearn.metrics as sk

from glassnet.metrics import classification_report

RNG = np.random.RandomState(0)
Y_TRUE = RNG.randint(0, 4, 200)
Y_PRED = np.where(RNG.rand(200) < 0.6, Y_TRUE, RNG.randint(0, 4, 200))


@pytest.mark.parametrize("kwargs", [dict(), dict(digits=4), dict(labels=[0, 1, 2]),
                                    dict(target_names=["cat", "dog", "bird", "a much longer name"]),
                                    dict(sample_weight=RNG.rand(200))])
def test_text_and_dict_match_scikit_learn(kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text, text_ref = classification_report(Y_TRUE, Y_PRED, **kwargs), sk.classification_report(Y_TRUE, Y_PRED, **kwargs)
        if "sample_weight" in kwargs:   # fractional supports print all their digits: the last may differ
            text, text_ref = ([line[:50] for line in t.splitlines()] for t in (text, text_ref))
        assert text == text_ref
        ours = classification_report(Y_TRUE, Y_PRED, output_dict=True, **kwargs)
        theirs = sk.classification_report(Y_TRUE, Y_PRED, output_dict=True, **kwargs)
    assert ours.keys() == theirs.keys()
    for key in theirs:
        if isinstance(theirs[key], dict):
            assert ours[key] == pytest.approx(theirs[key])
        else:
            assert ours[key] == pytest.approx(theirs[key])


def test_string_labels_and_mismatched_names():
    y = np.array(["spam", "ham", "spam", "ham"])
    assert "spam" in classification_report(y, y[::-1])
    with pytest.raises(ValueError, match="target_names"):
        classification_report(y, y, target_names=["a", "b", "c"])
