"""Splitters: the same indices as scikit-learn for the same seed, and scikit-learn's errors."""
import numpy as np
import pytest

from glassnet.model_selection import (KFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit, check_cv,
                                      train_test_split)

sklearn = pytest.importorskip("sklearn")
import sklearn.model_selection as sk  # noqa: E402
from sklearn.datasets import load_iris, load_wine  # noqa: E402

X_IRIS, Y_IRIS = load_iris(return_X_y=True)


@pytest.mark.parametrize("kwargs", [{"random_state": 0}, {"random_state": 0, "stratify": Y_IRIS},
                                    {"test_size": 0.3, "random_state": 42, "stratify": Y_IRIS},
                                    {"train_size": 50, "random_state": 1}, {"test_size": 17, "random_state": 3},
                                    {"shuffle": False}, {"train_size": 0.5, "test_size": 0.2, "random_state": 5}])
def test_train_test_split_matches_sklearn(kwargs):
    ours = train_test_split(X_IRIS, Y_IRIS, **kwargs)
    theirs = sk.train_test_split(X_IRIS, Y_IRIS, **kwargs)
    assert len(ours) == 4
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


def test_train_test_split_keeps_types_and_proportions():
    X_list = [[i] for i in range(20)]
    y = ["a"] * 15 + ["b"] * 5
    X_tr, X_te, y_tr, y_te = train_test_split(X_list, y, test_size=0.2, stratify=y, random_state=0)
    assert isinstance(X_tr, list) and isinstance(y_te, list)
    assert sorted(y_te) == ["a", "a", "a", "b"]
    assert sorted(x[0] for x in X_tr + X_te) == list(range(20))


@pytest.mark.parametrize("name,kwargs", [("KFold", {}), ("KFold", {"n_splits": 3, "shuffle": True, "random_state": 3}),
                                         ("StratifiedKFold", {}),
                                         ("StratifiedKFold", {"n_splits": 4, "shuffle": True, "random_state": 0}),
                                         ("ShuffleSplit", {"n_splits": 3, "random_state": 0}),
                                         ("StratifiedShuffleSplit", {"n_splits": 3, "test_size": 0.3,
                                                                     "random_state": 2})])
def test_splitters_match_sklearn(name, kwargs):
    ours = {"KFold": KFold, "StratifiedKFold": StratifiedKFold, "ShuffleSplit": ShuffleSplit,
            "StratifiedShuffleSplit": StratifiedShuffleSplit}[name](**kwargs)
    theirs = getattr(sk, name)(**kwargs)
    X, y = load_wine(return_X_y=True)
    pairs = list(zip(ours.split(X, y), theirs.split(X, y)))
    assert len(pairs) == ours.get_n_splits() == theirs.get_n_splits()
    for (tr_a, te_a), (tr_b, te_b) in pairs:
        np.testing.assert_array_equal(tr_a, tr_b)
        np.testing.assert_array_equal(te_a, te_b)


def test_kfold_partitions_every_sample_once():
    folds = [test for _, test in KFold(4).split(np.zeros((10, 1)))]
    assert [len(f) for f in folds] == [3, 3, 2, 2]
    np.testing.assert_array_equal(np.sort(np.concatenate(folds)), np.arange(10))


def test_check_cv_picks_stratified_for_classifiers():
    assert isinstance(check_cv(3, Y_IRIS, classifier=True), StratifiedKFold)
    assert type(check_cv(3, Y_IRIS + 0.5, classifier=True)) is KFold
    assert type(check_cv(None, None)) is KFold and check_cv(None).n_splits == 5
    splits = [(np.arange(5), np.arange(5, 10))]
    assert list(check_cv(splits).split()) == splits
    with pytest.raises(ValueError, match="Expected cv"):
        check_cv("five")


def test_bad_input():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        train_test_split(X_IRIS, Y_IRIS[:-1])
    with pytest.raises(ValueError, match=r"test_size=1.5 should be either positive"):
        train_test_split(X_IRIS, test_size=1.5)
    with pytest.raises(ValueError, match="At least one array"):
        train_test_split()
    with pytest.raises(ValueError, match="least populated class in y has only 1 member"):
        train_test_split(X_IRIS[:51], stratify=Y_IRIS[:51], random_state=0)
    with pytest.raises(ValueError, match="n_splits=2 or more"):
        KFold(1)
    with pytest.raises(ValueError, match="random_state has no effect"):
        KFold(3, random_state=0)
    with pytest.raises(ValueError, match="greater than the number of samples"):
        list(KFold(5).split(np.zeros((3, 1))))
    with pytest.raises(ValueError, match="cannot be greater than the number of members in each class"):
        list(StratifiedKFold(4).split(np.zeros((6, 1)), [0, 0, 0, 1, 1, 1]))
    with pytest.warns(UserWarning, match="least populated class"):
        list(StratifiedKFold(3).split(np.zeros((8, 1)), [0, 0, 0, 0, 0, 0, 1, 1]))
