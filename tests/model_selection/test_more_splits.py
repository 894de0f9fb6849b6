"""Repeated k-fold, leave-one-out, leave-p-out and predefined splits give scikit-learn's splits."""
import numpy as np
import pytest

from glassnet import model_selection as gms

sms = pytest.importorskip("sklearn.model_selection")

X = np.random.RandomState(0).randn(30, 2)
y = np.r_[np.zeros(12), np.ones(10), np.full(8, 2)].astype(int)


def _same_splits(ours, theirs, X, y):
    a, b = list(ours.split(X, y)), list(theirs.split(X, y))
    assert len(a) == len(b) == ours.get_n_splits(X, y)
    for (tr1, te1), (tr2, te2) in zip(a, b):
        np.testing.assert_array_equal(tr1, tr2)
        np.testing.assert_array_equal(te1, te2)


@pytest.mark.parametrize("name,kwargs", [
    ("RepeatedKFold", dict(n_splits=3, n_repeats=4, random_state=0)),
    ("RepeatedStratifiedKFold", dict(n_splits=4, n_repeats=3, random_state=np.random.RandomState(5))),
    ("LeaveOneOut", {}),
    ("LeavePOut", dict(p=2)),
    ("PredefinedSplit", dict(test_fold=np.arange(30) % 4 - 1)),
])
def test_same_splits_as_scikit_learn(name, kwargs):
    theirs_kwargs = dict(kwargs)
    if isinstance(kwargs.get("random_state"), np.random.RandomState):
        theirs_kwargs["random_state"] = np.random.RandomState(5)
    _same_splits(getattr(gms, name)(**kwargs), getattr(sms, name)(**theirs_kwargs), X, y)


def test_repeats_are_shuffled_differently():
    splits = list(gms.RepeatedKFold(n_splits=3, n_repeats=2, random_state=0).split(X))
    assert not np.array_equal(splits[0][1], splits[3][1])
    assert sorted(np.concatenate([te for _, te in splits[:3]])) == list(range(30))


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="n_repeats"):
        gms.RepeatedKFold(n_repeats=0)
    with pytest.raises(ValueError, match="n_splits"):
        gms.RepeatedStratifiedKFold(n_splits=1)
    with pytest.raises(ValueError, match="p=40"):
        gms.LeavePOut(40).get_n_splits(X)
    with pytest.raises(ValueError, match="X"):
        gms.LeaveOneOut().get_n_splits()


def test_groups_are_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="groups parameter is ignored by LeaveOneOut"):
        next(gms.LeaveOneOut().split(X, y, groups=y))
