"""Extremely randomised trees: a decision tree whose splits use one random threshold per feature.

``ExtraTreeClassifier`` / ``ExtraTreeRegressor`` are decision trees with ``splitter='random'``: at
each node, for ``max_features`` features j drawn at random, a threshold t_j is drawn uniformly
between the smallest and the largest value of x_j in the node, and the best of these candidate
splits (largest impurity decrease ΔI) is kept (see ``_random_split``). Alone such a tree is a weak,
high-variance model; it is meant to be averaged (``glassnet.ensemble.ExtraTrees*``).
"""
from __future__ import annotations

from glassnet.tree._classes import DecisionTreeClassifier, DecisionTreeRegressor


class ExtraTreeClassifier(DecisionTreeClassifier):
    """An extremely randomised classification tree (scikit-learn's defaults: splitter='random',
    max_features='sqrt')."""

    def __init__(self, *, criterion="gini", splitter="random", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features="sqrt", random_state=None,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, class_weight=None, ccp_alpha=0.0,
                 monotonic_cst=None):
        super().__init__(criterion=criterion, splitter=splitter, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
                         random_state=random_state, max_leaf_nodes=max_leaf_nodes,
                         min_impurity_decrease=min_impurity_decrease, class_weight=class_weight,
                         ccp_alpha=ccp_alpha, monotonic_cst=monotonic_cst)


class ExtraTreeRegressor(DecisionTreeRegressor):
    """An extremely randomised regression tree (scikit-learn's defaults: splitter='random',
    max_features=1.0)."""

    def __init__(self, *, criterion="squared_error", splitter="random", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=1.0, random_state=None,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, ccp_alpha=0.0, monotonic_cst=None):
        super().__init__(criterion=criterion, splitter=splitter, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
                         random_state=random_state, max_leaf_nodes=max_leaf_nodes,
                         min_impurity_decrease=min_impurity_decrease, ccp_alpha=ccp_alpha,
                         monotonic_cst=monotonic_cst)


__all__ = ["ExtraTreeClassifier", "ExtraTreeRegressor"]
