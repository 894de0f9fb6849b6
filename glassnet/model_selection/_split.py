"""Ways to split data into training and test parts: hold-out, k-fold, stratified, shuffled.

The random splits draw in the same order as scikit-learn's, so a ``random_state`` gives the
same split in both libraries (a course's numbers come out the same after changing the import).
"""
from __future__ import annotations

import numbers
import warnings
from math import ceil, floor

import numpy as np

from glassnet.utils.validation import check_random_state, column_or_1d


def _as_indexable(x):
    """Array-likes that only offer ``__array__`` become arrays; sparse matrices are refused."""
    if x is None:
        return None
    if hasattr(x, "sparse") or type(x).__module__.startswith("scipy.sparse"):
        raise TypeError("glassnet does not support sparse input: sparse input is not supported; "
                        "convert it with .toarray().")
    if not hasattr(x, "shape") and not hasattr(x, "__len__") and hasattr(x, "__array__"):
        return np.asarray(x)
    return x


def indexable(*arrays) -> list:
    """Make each array indexable by rows and check that they all have the same number of samples."""
    arrays = [_as_indexable(a) for a in arrays]
    lengths = [_num_samples(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    return arrays


def _num_samples(x) -> int:
    if not hasattr(x, "shape") and not hasattr(x, "__len__") and hasattr(x, "__array__"):
        x = np.asarray(x)
    if hasattr(x, "shape") and len(getattr(x, "shape")) > 0:
        return int(x.shape[0])
    if hasattr(x, "__len__"):
        return len(x)
    raise TypeError(f"Expected a sequence or an array, got {type(x).__name__}.")


def safe_indexing(x, indices):
    """Rows ``indices`` of an array, a DataFrame/Series (.iloc) or a list."""
    if x is None:
        return None
    if hasattr(x, "iloc"):
        return x.iloc[indices]
    if hasattr(x, "shape"):
        return x[indices]
    return [x[i] for i in indices]


def warn_groups_ignored(splitter, groups) -> None:
    """Splitters that do not use ``groups`` say so when given some (a group split was meant)."""
    if groups is not None:
        warnings.warn(f"The groups parameter is ignored by {type(splitter).__name__}", UserWarning, stacklevel=3)


class BaseCrossValidator:
    """A splitter: ``split(X, y, groups)`` yields (train indices, test indices) pairs."""

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return self.n_splits

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({params})"


def set_kfold_arguments(splitter, n_splits, shuffle, random_state) -> None:
    """Check and store the arguments every k-fold splitter takes (scikit-learn's messages)."""
    if not isinstance(n_splits, numbers.Integral) or isinstance(n_splits, bool):
        raise ValueError(f"The number of folds must be of Integral type. {n_splits!r} of type "
                         f"{type(n_splits)} was passed.")
    if n_splits <= 1:
        raise ValueError("k-fold cross-validation requires at least one train/test split by setting "
                         f"n_splits=2 or more, got n_splits={n_splits}.")
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False; got {shuffle}")
    if not shuffle and random_state is not None:
        raise ValueError("Setting a random_state has no effect since shuffle is False. You should "
                         "leave random_state to its default (None), or set shuffle=True.")
    splitter.n_splits = int(n_splits)
    splitter.shuffle = shuffle
    splitter.random_state = random_state


class KFold(BaseCrossValidator):
    """k consecutive folds; each is the test set once while the other k − 1 train.

    The first n mod k folds get ⌊n/k⌋ + 1 samples, the others ⌊n/k⌋. ``shuffle`` permutes the
    indices once before cutting (seeded by ``random_state``).
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state=None):
        set_kfold_arguments(self, n_splits, shuffle, random_state)

    def _check_n(self, n_samples: int) -> None:
        if self.n_splits > n_samples:
            raise ValueError(f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                             f"number of samples: n_samples={n_samples}.")

    def _test_folds(self, n_samples: int, y) -> list[np.ndarray]:
        indices = np.arange(n_samples)
        if self.shuffle:
            check_random_state(self.random_state).shuffle(indices)
        sizes = np.full(self.n_splits, n_samples // self.n_splits)
        sizes[: n_samples % self.n_splits] += 1
        return np.split(indices, np.cumsum(sizes)[:-1])

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        n_samples = _num_samples(X)
        self._check_n(n_samples)
        for test in self._test_folds(n_samples, y):
            mask = np.zeros(n_samples, dtype=bool)
            mask[test] = True
            yield np.flatnonzero(~mask), np.flatnonzero(mask)


class StratifiedKFold(KFold):
    """k folds that keep the class proportions of y in every fold.

    Samples of each class are dealt to the folds round-robin (in blocks, so the data order is
    kept as far as possible); ``shuffle`` shuffles each class's fold assignment.
    """

    def _test_folds(self, n_samples: int, y) -> list[np.ndarray]:
        if y is None:
            raise ValueError("StratifiedKFold needs y (the class labels) to stratify on; got y=None.")
        y = column_or_1d(np.asarray(y))
        if y.dtype.kind == "f" and not np.all(np.mod(y, 1) == 0):
            raise ValueError("Supported target types are: ('binary', 'multiclass'). Got 'continuous' instead.")
        rng = check_random_state(self.random_state)
        _, first_seen, inverse = np.unique(y, return_index=True, return_inverse=True)
        _, class_order = np.unique(first_seen, return_inverse=True)  # classes by first appearance
        y_encoded = class_order[inverse]
        n_classes = len(first_seen)
        counts = np.bincount(y_encoded)
        if np.all(self.n_splits > counts):
            raise ValueError(f"n_splits={self.n_splits} cannot be greater than the number of members in each class.")
        if self.n_splits > counts.min():
            warnings.warn(f"The least populated class in y has only {counts.min()} members, which is less "
                          f"than n_splits={self.n_splits}.", UserWarning, stacklevel=3)
        y_sorted = np.sort(y_encoded)
        allocation = np.array([np.bincount(y_sorted[i:: self.n_splits], minlength=n_classes)
                               for i in range(self.n_splits)])
        fold_of = np.empty(n_samples, dtype=np.intp)
        for k in range(n_classes):
            folds_for_class = np.arange(self.n_splits).repeat(allocation[:, k])
            if self.shuffle:
                rng.shuffle(folds_for_class)
            fold_of[y_encoded == k] = folds_for_class
        return [np.flatnonzero(fold_of == i) for i in range(self.n_splits)]

    def split(self, X, y, groups=None):
        n_samples = _num_samples(X)
        if y is not None and _num_samples(y) != n_samples:
            raise ValueError(f"Found input variables with inconsistent numbers of samples: "
                             f"[{n_samples}, {_num_samples(y)}]")
        yield from super().split(X, y, groups)


def _validate_shuffle_split(n_samples: int, test_size, train_size, default_test_size: float):
    """Turn sizes given as fractions or counts into (n_train, n_test), with scikit-learn's errors."""
    if test_size is None and train_size is None:
        test_size = default_test_size
    kinds = {}
    for name, size in (("test_size", test_size), ("train_size", train_size)):
        kind = np.asarray(size).dtype.kind if size is not None else None
        if size is not None and kind not in ("i", "f"):
            raise ValueError(f"Invalid value for {name}: {size!r}")
        if (kind == "i" and (size >= n_samples or size <= 0)) or (kind == "f" and (size <= 0 or size >= 1)):
            raise ValueError(f"{name}={size} should be either positive and smaller than the number of "
                             f"samples {n_samples} or a float in the (0, 1) range")
        kinds[name] = kind
    if kinds["train_size"] == "f" and kinds["test_size"] == "f" and train_size + test_size > 1:
        raise ValueError(f"The sum of test_size and train_size = {train_size + test_size}, should be in "
                         "the (0, 1) range. Reduce test_size and/or train_size.")
    n_test = ceil(test_size * n_samples) if kinds["test_size"] == "f" else test_size
    n_train = floor(train_size * n_samples) if kinds["train_size"] == "f" else train_size
    if train_size is None:
        n_train = n_samples - n_test
    elif test_size is None:
        n_test = n_samples - n_train
    if n_train + n_test > n_samples:
        raise ValueError(f"The sum of train_size and test_size = {n_train + n_test}, should be smaller "
                         f"than the number of samples {n_samples}. Reduce test_size and/or train_size.")
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        raise ValueError(f"With n_samples={n_samples}, test_size={test_size} and train_size={train_size}, "
                         "the resulting train set will be empty. Adjust any of the aforementioned parameters.")
    return n_train, n_test


class ShuffleSplit(BaseCrossValidator):
    """``n_splits`` independent random splits: permute, the first n_test are the test set."""

    _default_test_size = 0.1

    def __init__(self, n_splits: int = 10, *, test_size=None, train_size=None, random_state=None):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        warn_groups_ignored(self, groups)
        n_samples = _num_samples(X)
        n_train, n_test = _validate_shuffle_split(n_samples, self.test_size, self.train_size,
                                                  self._default_test_size)
        yield from self._iter_indices(n_samples, n_train, n_test, y)

    def _iter_indices(self, n_samples, n_train, n_test, y):
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            permutation = rng.permutation(n_samples)
            yield permutation[n_test:n_test + n_train], permutation[:n_test]


class StratifiedShuffleSplit(ShuffleSplit):
    """Random splits that keep the class proportions: each class contributes ≈ its share to both parts."""

    def _iter_indices(self, n_samples, n_train, n_test, y):
        if y is None:
            raise ValueError("StratifiedShuffleSplit needs y (the class labels) to stratify on; got y=None.")
        y = column_or_1d(np.asarray(y))
        classes, y_indices = np.unique(y, return_inverse=True)
        n_classes = classes.shape[0]
        counts = np.bincount(y_indices)
        if counts.min() < 2:
            raise ValueError("The least populated class in y has only 1 member, which is too few. The "
                             "minimum number of groups for any class cannot be less than 2.")
        if n_train < n_classes:
            raise ValueError(f"The train_size = {n_train} should be greater or equal to the number of "
                             f"classes = {n_classes}")
        if n_test < n_classes:
            raise ValueError(f"The test_size = {n_test} should be greater or equal to the number of "
                             f"classes = {n_classes}")
        class_indices = np.split(np.argsort(y_indices, kind="mergesort"), np.cumsum(counts)[:-1])
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            n_i = _approximate_mode(counts, n_train, rng)
            t_i = _approximate_mode(counts - n_i, n_test, rng)
            train, test = [], []
            for i in range(n_classes):
                members = class_indices[i].take(rng.permutation(counts[i]), mode="clip")
                train.extend(members[: n_i[i]])
                test.extend(members[n_i[i]: n_i[i] + t_i[i]])
            yield rng.permutation(train), rng.permutation(test)


def _approximate_mode(class_counts: np.ndarray, n_draws: int, rng) -> np.ndarray:
    """How many of each class to draw so the draw's proportions are closest to the counts'.

    Floor the exact shares, then hand the missing draws to the largest remainders (ties at random).
    """
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    if need > 0:
        remainder = continuous - floored
        for value in np.sort(np.unique(remainder))[::-1]:
            (candidates,) = np.where(remainder == value)
            take = min(len(candidates), need)
            floored[rng.choice(candidates, size=take, replace=False)] += 1
            need -= take
            if need == 0:
                break
    return floored.astype(int)


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle: bool = True,
                     stratify=None):
    """Split arrays into random train and test parts: [X_train, X_test, y_train, y_test, ...].

    ``test_size`` defaults to 0.25; ``stratify=y`` keeps the class proportions in both parts.
    """
    if not arrays:
        raise ValueError("At least one array required as input")
    arrays = indexable(*arrays)
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _validate_shuffle_split(n_samples, test_size, train_size, default_test_size=0.25)
    if not shuffle:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    else:
        splitter_class = StratifiedShuffleSplit if stratify is not None else ShuffleSplit
        splitter = splitter_class(test_size=n_test, train_size=n_train, random_state=random_state)
        train, test = next(splitter.split(arrays[0], stratify))
    out = []
    for a in arrays:
        out += [safe_indexing(a, train), safe_indexing(a, test)]
    return out


class _PredefinedSplits(BaseCrossValidator):
    """Wrap an iterable of (train, test) pairs so it can be iterated again."""

    def __init__(self, splits):
        self.splits = [(np.asarray(tr), np.asarray(te)) for tr, te in splits]
        self.n_splits = len(self.splits)

    def split(self, X=None, y=None, groups=None):
        yield from self.splits


def check_cv(cv=5, y=None, *, classifier: bool = False):
    """An int (or None → 5) becomes StratifiedKFold for classification labels, else KFold."""
    cv = 5 if cv is None else cv
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if classifier and y is not None:
            y_arr = np.asarray(y)
            if y_arr.ndim == 2 and y_arr.shape[1] == 1:  # a column vector of labels is still 1 target
                y_arr = y_arr.ravel()
            discrete = y_arr.ndim == 1 and (y_arr.dtype.kind in "biuUSO" or
                                            (y_arr.dtype.kind == "f" and np.all(np.isfinite(y_arr))
                                                 and np.all(np.mod(y_arr, 1) == 0)))
            if discrete:
                return StratifiedKFold(cv)
        return KFold(cv)
    if hasattr(cv, "split") and hasattr(cv, "get_n_splits"):
        return cv
    if hasattr(cv, "__iter__") and not isinstance(cv, str):
        return _PredefinedSplits(cv)
    raise ValueError(f"Expected cv as an integer, cross-validation object (from glassnet.model_selection) "
                     f"or an iterable. Got {cv!r}.")
