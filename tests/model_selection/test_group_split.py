"""Tests for glassnet/model_selection/_group_split.py (and the groups warning of the other splitters)."""
import warnings

import numpy as np
import pytest
from sklearn import model_selection as sk

from glassnet.model_selection import (GroupKFold, GroupShuffleSplit, KFold, LeaveOneGroupOut, ShuffleSplit,
                                      StratifiedKFold, StratifiedShuffleSplit, TimeSeriesSplit,
                                      cross_val_score)

RNG = np.random.RandomState(0)
X = RNG.randn(60, 2)
y = np.arange(60) % 2
GROUPS = RNG.randint(0, 11, size=60)


def _same_splits(ours, theirs, groups=GROUPS):
    a = list(ours.split(X, y, groups))
    b = list(theirs.split(X, y, groups))
    assert len(a) == len(b) > 0
    for (train, test), (train_ref, test_ref) in zip(a, b):
        np.testing.assert_array_equal(np.sort(train), np.sort(train_ref))
        np.testing.assert_array_equal(np.sort(test), np.sort(test_ref))
    return a


def test_group_kfold_keeps_groups_whole_and_balances_folds():
    splits = _same_splits(GroupKFold(4), sk.GroupKFold(4))
    for train, test in splits:
        assert not set(GROUPS[train]) & set(GROUPS[test])
    sizes = [len(test) for _, test in splits]
    assert max(sizes) - min(sizes) <= np.bincount(GROUPS).max()
    assert sorted(np.concatenate([test for _, test in splits]).tolist()) == list(range(60))
    shuffled = _same_splits(GroupKFold(4, shuffle=True, random_state=0),
                            sk.GroupKFold(4, shuffle=True, random_state=0))
    for train, test in shuffled:
        assert not set(GROUPS[train]) & set(GROUPS[test])
    with pytest.raises(ValueError, match="groups"):
        list(GroupKFold(4).split(X, y))
    with pytest.raises(ValueError, match="number of groups"):
        list(GroupKFold(20).split(X, y, GROUPS))


def test_group_shuffle_split_is_scikit_learns():
    splits = _same_splits(GroupShuffleSplit(5, test_size=0.3, random_state=1),
                          sk.GroupShuffleSplit(5, test_size=0.3, random_state=1))
    for train, test in splits:
        assert not set(GROUPS[train]) & set(GROUPS[test])
        assert len(set(GROUPS[test])) == 4      # ceil(0.3 · 11 groups)


def test_leave_one_group_out():
    splits = _same_splits(LeaveOneGroupOut(), sk.LeaveOneGroupOut())
    assert LeaveOneGroupOut().get_n_splits(groups=GROUPS) == len(np.unique(GROUPS)) == len(splits)


@pytest.mark.parametrize("kwargs", [dict(), dict(n_splits=3, gap=2), dict(max_train_size=10, test_size=7)])
def test_time_series_split_is_scikit_learns(kwargs):
    splits = _same_splits(TimeSeriesSplit(**kwargs), sk.TimeSeriesSplit(**kwargs), groups=None)
    for train, test in splits:
        assert train.max() < test.min()        # the past trains, the future tests
    with pytest.raises(ValueError, match="Too many splits"):
        list(TimeSeriesSplit(10, test_size=10).split(X))


@pytest.mark.parametrize("splitter", [KFold(3), StratifiedKFold(3), ShuffleSplit(3, random_state=0),
                                      StratifiedShuffleSplit(3, random_state=0), TimeSeriesSplit(3)])
def test_splitters_that_ignore_groups_warn(splitter):
    with pytest.warns(UserWarning, match=f"groups parameter is ignored by {type(splitter).__name__}"):
        list(splitter.split(X, y, GROUPS))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(splitter.split(X, y))


def test_cross_val_score_with_groups():
    from glassnet.linear_model import LogisticRegression
    scores = cross_val_score(LogisticRegression(), X, y, groups=GROUPS, cv=GroupKFold(3))
    assert scores.shape == (3,)
    with pytest.warns(UserWarning, match="ignored by KFold"):
        cross_val_score(LogisticRegression(), X, y, groups=GROUPS, cv=KFold(3))
