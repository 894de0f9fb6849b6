"""Decision-tree hyper-parameters: the values scikit-learn refuses are refused here too, each
error naming its argument; and a tree that is not fitted says so."""
import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

X = np.random.default_rng(0).normal(size=(30, 4))
Y = (X[:, 0] > 0).astype(int)


@pytest.mark.parametrize("params, argument", [
    ({"min_samples_leaf": 0}, "min_samples_leaf"),
    ({"min_samples_leaf": "few"}, "min_samples_leaf"),
    ({"min_samples_leaf": 1.5}, "min_samples_leaf"),
    ({"min_samples_split": 1}, "min_samples_split"),
    ({"min_samples_split": "two"}, "min_samples_split"),
    ({"min_impurity_decrease": -0.1}, "min_impurity_decrease"),
    ({"min_impurity_decrease": "none"}, "min_impurity_decrease"),
    ({"max_features": 5}, "max_features"),
    ({"max_features": True}, "max_features"),
    ({"max_depth": 0}, "max_depth"),
])
def test_bad_parameters_name_the_argument(params, argument):
    with pytest.raises(ValueError, match=argument):
        DecisionTreeClassifier(**params).fit(X, Y)


@pytest.mark.parametrize("max_features, expected", [(1, 1), (3, 3), (4, 4), (0.5, 2), ("sqrt", 2), (None, 4)])
def test_max_features_resolves_like_sklearn(max_features, expected):
    assert DecisionTreeRegressor(max_features=max_features, random_state=0).fit(X, X[:, 1]).max_features_ == expected


def test_fractions_of_the_samples_round_up_and_leaves_respect_them():
    tree = DecisionTreeRegressor(min_samples_leaf=0.2).fit(X, X[:, 1])      # ⌈0.2 · 30⌉ = 6
    leaves = tree.tree_.children_left == -1
    assert tree.tree_.n_node_samples[leaves].min() >= 6


@pytest.mark.parametrize("method", ["get_depth", "get_n_leaves"])
def test_unfitted_tree_says_so(method):
    with pytest.raises(NotFittedError):
        getattr(DecisionTreeClassifier(), method)()
