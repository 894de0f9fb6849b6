"""Extremely randomised trees (Geurts, Ernst & Wehenkel 2006): a forest of random-split trees.

Each of the B trees is grown on the whole training set (``bootstrap=False`` by default) and, at
every node, draws ``max_features`` features j and for each a threshold uniformly at random,

    t_j ~ Uniform(min_{i in node} x_ij, max_{i in node} x_ij),

keeping the candidate (j, t_j) with the largest impurity decrease (``glassnet.tree._random_split``).
The forest averages the trees as a random forest does:
p̂(c | x) = (1/B) Σ_b p̂_b(c | x) (then the argmax), ŷ(x) = (1/B) Σ_b ŷ_b(x).
Random thresholds make the trees more different from each other than bootstrap samples alone
(smaller correlation ρ, hence a smaller variance ρσ² + (1 − ρ)σ²/B of the average) and make each
tree cheaper: no threshold search and no sorting.
"""
from __future__ import annotations

from glassnet.ensemble._forest import RandomForestClassifier, RandomForestRegressor
from glassnet.tree import ExtraTreeClassifier, ExtraTreeRegressor


class ExtraTreesClassifier(RandomForestClassifier):
    """A forest of extremely randomised classification trees (scikit-learn's defaults:
    bootstrap=False, max_features='sqrt'), averaging class shares."""

    _tree_class = ExtraTreeClassifier

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features="sqrt", max_leaf_nodes=None,
                 min_impurity_decrease=0.0, bootstrap=False, oob_score=False, n_jobs=None, random_state=None,
                 verbose=0, warm_start=False, class_weight=None, ccp_alpha=0.0, max_samples=None,
                 monotonic_cst=None):
        super().__init__(n_estimators, criterion=criterion, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
                         max_leaf_nodes=max_leaf_nodes, min_impurity_decrease=min_impurity_decrease,
                         bootstrap=bootstrap, oob_score=oob_score, n_jobs=n_jobs, random_state=random_state,
                         verbose=verbose, warm_start=warm_start, class_weight=class_weight, ccp_alpha=ccp_alpha,
                         max_samples=max_samples, monotonic_cst=monotonic_cst)


class ExtraTreesRegressor(RandomForestRegressor):
    """A forest of extremely randomised regression trees (scikit-learn's defaults: bootstrap=False,
    max_features=1.0), averaging predictions."""

    _tree_class = ExtraTreeRegressor

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=1.0, max_leaf_nodes=None,
                 min_impurity_decrease=0.0, bootstrap=False, oob_score=False, n_jobs=None, random_state=None,
                 verbose=0, warm_start=False, ccp_alpha=0.0, max_samples=None, monotonic_cst=None):
        super().__init__(n_estimators, criterion=criterion, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf, max_features=max_features,
                         max_leaf_nodes=max_leaf_nodes, min_impurity_decrease=min_impurity_decrease,
                         bootstrap=bootstrap, oob_score=oob_score, n_jobs=n_jobs, random_state=random_state,
                         verbose=verbose, warm_start=warm_start, ccp_alpha=ccp_alpha, max_samples=max_samples,
                         monotonic_cst=monotonic_cst)


__all__ = ["ExtraTreesClassifier", "ExtraTreesRegressor"]
