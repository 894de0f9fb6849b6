"""Splits that keep groups whole: all samples of a patient, a subject, a session on one side.

When samples come in groups (several images of one patient), a random split puts the same
group in both parts and the test score measures memory, not generalisation. These splitters
take ``groups`` (one label per sample) and never cut a group.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.model_selection._split import (BaseCrossValidator, ShuffleSplit, _num_samples,
                                             _validate_shuffle_split, set_kfold_arguments, warn_groups_ignored)
from glassnet.utils.validation import check_random_state, column_or_1d


def _check_groups(groups, n_samples: int, splitter) -> np.ndarray:
    if groups is None:
        raise ValueError(f"The 'groups' parameter should not be None: {type(splitter).__name__} splits by group.")
    groups = column_or_1d(np.asarray(groups))
    if len(groups) != n_samples:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: [{n_samples}, {len(groups)}]")
    return groups


def _masks_to_indices(test_masks):
    for test in test_masks:
        yield np.flatnonzero(~test), np.flatnonzero(test)


class GroupKFold(BaseCrossValidator):
    """k folds of whole groups, each the test set once.

    Without ``shuffle`` the folds are balanced by size: the groups, largest first, each go to
    the fold that has the fewest samples so far (greedy). With ``shuffle`` the groups are put
    in random order (seeded by ``random_state``) and cut into k runs of nearly equal numbers of
    groups. ``n_splits`` may not exceed the number of distinct groups.
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state=None):
        set_kfold_arguments(self, n_splits, shuffle, random_state)

    def split(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        groups = _check_groups(groups, n_samples, self)
        unique, group_of = np.unique(groups, return_inverse=True)
        if self.n_splits > len(unique):
            raise ValueError(f"Cannot have number of splits n_splits={self.n_splits} greater than the number "
                             f"of groups: {len(unique)}.")
        if self.shuffle:
            order = np.arange(len(unique))
            check_random_state(self.random_state).shuffle(order)
            fold_of_group = np.empty(len(unique), dtype=np.intp)
            for fold, members in enumerate(np.array_split(order, self.n_splits)):
                fold_of_group[members] = fold
        else:
            sizes = np.bincount(group_of)
            fold_sizes = np.zeros(self.n_splits)
            fold_of_group = np.empty(len(unique), dtype=np.intp)
            for g in np.argsort(sizes, kind="stable")[::-1]:  # largest first; equal sizes: last group first
                lightest = int(np.argmin(fold_sizes))
                fold_sizes[lightest] += sizes[g]
                fold_of_group[g] = lightest
        fold_of = fold_of_group[group_of]
        yield from _masks_to_indices(fold_of == fold for fold in range(self.n_splits))


class GroupShuffleSplit(ShuffleSplit):
    """Random splits of the groups: ``test_size`` and ``train_size`` count groups, not samples.

    Each split draws a permutation of the distinct groups (as ShuffleSplit does of the samples);
    the samples of the first n_test groups are the test set. Default test_size: 0.2.
    """

    _default_test_size = 0.2

    def __init__(self, n_splits: int = 5, *, test_size=None, train_size=None, random_state=None):
        super().__init__(n_splits, test_size=test_size, train_size=train_size, random_state=random_state)

    def split(self, X, y=None, groups=None):
        n_samples = _num_samples(X)
        groups = _check_groups(groups, n_samples, self)
        unique, group_of = np.unique(groups, return_inverse=True)
        n_train, n_test = _validate_shuffle_split(len(unique), self.test_size, self.train_size,
                                                  self._default_test_size)
        for group_train, group_test in self._iter_indices(len(unique), n_train, n_test, None):
            yield np.flatnonzero(np.isin(group_of, group_train)), np.flatnonzero(np.isin(group_of, group_test))


class LeaveOneGroupOut(BaseCrossValidator):
    """One split per distinct group: that group is the test set, all the others train."""

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        if groups is None:
            raise ValueError("The 'groups' parameter should not be None.")
        return len(np.unique(groups))

    def split(self, X, y=None, groups=None):
        groups = _check_groups(groups, _num_samples(X), self)
        unique = np.unique(groups)
        if len(unique) <= 1:
            raise ValueError(f"The groups parameter contains fewer than 2 unique groups ({unique}). "
                             "LeaveOneGroupOut expects at least 2.")
        yield from _masks_to_indices(groups == g for g in unique)


class TimeSeriesSplit(BaseCrossValidator):
    """Growing windows for data in time order: train on the past, test on what follows.

    Split i (i = 1 … k) tests on the i-th of k blocks of ``test_size`` samples
    (default n // (k + 1)) at the end of the series and trains on everything before it,
    less ``gap`` samples next to the test block, and at most the last ``max_train_size``.
    The samples are never shuffled: a test block always lies after its training data.
    """

    def __init__(self, n_splits: int = 5, *, max_train_size=None, test_size=None, gap: int = 0):
        if not isinstance(n_splits, numbers.Integral) or isinstance(n_splits, bool) or n_splits <= 1:
            raise ValueError(f"k-fold cross-validation requires at least one train/test split by setting "
                             f"n_splits=2 or more, got n_splits={n_splits!r}.")
        self.n_splits = int(n_splits)
        self.max_train_size = max_train_size
        self.test_size = test_size
        self.gap = gap

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        n_samples = _num_samples(X)
        test_size = self.test_size if self.test_size is not None else n_samples // (self.n_splits + 1)
        if self.n_splits + 1 > n_samples:
            raise ValueError(f"Cannot have number of folds={self.n_splits + 1} greater than the number of "
                             f"samples={n_samples}.")
        if n_samples - self.gap - test_size * self.n_splits <= 0:
            raise ValueError(f"Too many splits={self.n_splits} for number of samples={n_samples} with "
                             f"test_size={test_size} and gap={self.gap}.")
        indices = np.arange(n_samples)
        for test_start in range(n_samples - self.n_splits * test_size, n_samples, test_size):
            train_end = test_start - self.gap
            train_start = 0 if self.max_train_size is None else max(0, train_end - self.max_train_size)
            yield indices[train_start:train_end], indices[test_start:test_start + test_size]
