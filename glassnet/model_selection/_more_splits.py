"""More ways to split: repeated k-fold, leave-one-out, leave-p-out, and a split fixed in advance.

Repeating k-fold with fresh shuffles averages out the luck of one particular cut: with r
repeats the n_splits · r scores estimate the same quantity as one k-fold, with less variance.
Leave-one-out is k-fold with k = n (n fits, each tested on one sample).
"""
from __future__ import annotations

import numbers
from itertools import combinations

import numpy as np

from glassnet.model_selection._split import (BaseCrossValidator, KFold, StratifiedKFold, _num_samples,
                                             warn_groups_ignored)
from glassnet.utils.validation import check_random_state


class _Repeated(BaseCrossValidator):
    splitter = KFold

    def __init__(self, *, n_splits: int = 5, n_repeats: int = 10, random_state=None):
        if not isinstance(n_repeats, numbers.Integral) or isinstance(n_repeats, bool):
            raise ValueError(f"Number of repetitions must be of Integral type, got n_repeats={n_repeats!r}.")
        if n_repeats <= 0:
            raise ValueError(f"Number of repetitions must be greater than 0, got n_repeats={n_repeats}.")
        self.splitter(n_splits)  # checks n_splits with k-fold's own messages
        self.n_splits, self.n_repeats, self.random_state = n_splits, n_repeats, random_state

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        rng = check_random_state(self.random_state)  # one generator: each repeat shuffles afresh
        for _ in range(self.n_repeats):
            yield from self.splitter(self.n_splits, shuffle=True, random_state=rng).split(X, y)

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return self.n_splits * self.n_repeats


class RepeatedKFold(_Repeated):
    """k-fold ``n_repeats`` times, shuffled differently each time (``n_splits · n_repeats`` splits)."""


class RepeatedStratifiedKFold(_Repeated):
    """Stratified k-fold ``n_repeats`` times, shuffled differently each time."""

    splitter = StratifiedKFold

    def split(self, X, y, groups=None):
        return super().split(X, y, groups)


class LeaveOneOut(BaseCrossValidator):
    """n splits: sample i alone is the test set of split i."""

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        n_samples = self.get_n_splits(X)
        for i in range(n_samples):
            yield np.r_[np.arange(i), np.arange(i + 1, n_samples)], np.array([i])

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        n_samples = _num_samples(X)
        if n_samples <= 1:
            raise ValueError(f"Cannot perform LeaveOneOut with n_samples={n_samples}.")
        return n_samples

    def __repr__(self) -> str:
        return "LeaveOneOut()"


class LeavePOut(BaseCrossValidator):
    """C(n, p) splits: every set of p samples is the test set once (test sets overlap when p > 1)."""

    def __init__(self, p: int):
        if not isinstance(p, numbers.Integral) or isinstance(p, bool) or p < 1:
            raise ValueError(f"p must be a positive integer, got p={p!r}.")
        self.p = int(p)

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        n_samples = _num_samples(X)
        self.get_n_splits(X)
        for test in combinations(range(n_samples), self.p):
            test = np.array(test)
            yield np.setdiff1d(np.arange(n_samples), test), test

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        n_samples = _num_samples(X)
        if n_samples <= self.p:
            raise ValueError(f"p={self.p} must be strictly less than the number of samples={n_samples}")
        from math import comb
        return comb(n_samples, self.p)


class PredefinedSplit(BaseCrossValidator):
    """The folds given in advance: ``test_fold[i]`` is the fold sample i is tested in (−1: never)."""

    def __init__(self, test_fold):
        self.test_fold = np.asarray(test_fold, dtype=int).ravel()
        self.unique_folds = np.unique(self.test_fold)
        self.unique_folds = self.unique_folds[self.unique_folds != -1]

    def split(self, X=None, y=None, groups=None):
        warn_groups_ignored(self, groups)
        indices = np.arange(len(self.test_fold))
        for fold in self.unique_folds:
            is_test = self.test_fold == fold
            yield indices[~is_test], indices[is_test]

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return len(self.unique_folds)

    def __repr__(self) -> str:
        return f"PredefinedSplit(test_fold={self.test_fold!r})"


__all__ = ["RepeatedKFold", "RepeatedStratifiedKFold", "LeaveOneOut", "LeavePOut", "PredefinedSplit"]
