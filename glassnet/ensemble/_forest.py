"""Random forests: many decorrelated trees, averaged.

Each tree b = 1..B is grown on a bootstrap sample (n draws with replacement, ~63 % distinct
samples) and, at each node, searches only a random subset of ``max_features`` features. The
forest predicts the average:  p̂(c | x) = (1/B) Σ_b p̂_b(c | x)  (classification, then the argmax),
ŷ(x) = (1/B) Σ_b ŷ_b(x)  (regression). Averaging B trees whose errors are only weakly correlated
(ρ) shrinks the variance from σ² to ρσ² + (1 − ρ)σ²/B, which is why the trees are grown deep.

The samples a tree never saw (out of bag) give a free test set: ``oob_score=True`` scores each
sample with the trees that did not train on it.

All trees share one presorting of X (see ``glassnet.tree._builder``); a bootstrap sample is a
weight vector (how often each sample was drawn), and samples drawn zero times are left out.
"""
from __future__ import annotations

import warnings

import numpy as np
from joblib import delayed

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin)
from glassnet.ensemble._base import (MAX_INT, bootstrap_counts, check_n_estimators, parallel, r2,
                                     resolve_max_samples)
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor
from glassnet.tree._builder import presort
from glassnet.tree._classes import validate_features
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight)


class BaseForest(BaseEstimator):
    """Fit B trees in parallel (joblib) on bootstrap samples; average them."""

    _tree_class = None
    _tree_params = ("criterion", "max_depth", "min_samples_split", "min_samples_leaf",
                    "max_features", "min_impurity_decrease")

    def _fit_forest(self, X, y_codes, sample_weight, n_classes):
        n_estimators = check_n_estimators(self.n_estimators)
        n_samples = X.shape[0]
        if not self.bootstrap and self.max_samples is not None:
            raise ValueError("max_samples can only be set when bootstrap=True "
                             "(without bootstrap every tree sees every sample).")
        if self.oob_score and not self.bootstrap:
            raise ValueError("oob_score=True needs bootstrap=True: without bootstrap no sample is out of bag.")
        n_draws = resolve_max_samples(self.max_samples, n_samples)
        sample_weight = check_sample_weight(sample_weight, X)
        if np.any(sample_weight < 0):
            raise ValueError("sample_weight must be non-negative.")
        if not np.any(sample_weight > 0):
            raise ValueError("sample_weight: the weights are all zero; at least one sample needs a positive weight.")
        rng = check_random_state(self.random_state)
        seeds = rng.randint(MAX_INT, size=n_estimators)
        sorted_idx = presort(X)
        XT = np.ascontiguousarray(X.T)
        params = {name: getattr(self, name) for name in self._tree_params}

        def grow(seed):
            tree = self._tree_class(**params, random_state=int(seed))
            tree.n_features_in_ = X.shape[1]
            tree.n_outputs_ = 1
            if n_classes:
                tree.classes_, tree.n_classes_ = self.classes_, n_classes
            weight = sample_weight * bootstrap_counts(seed, n_samples, n_draws) if self.bootstrap \
                else sample_weight
            if not np.any(weight > 0):       # a bootstrap that drew only zero-weight samples
                weight = sample_weight
            return tree._grow(X, y_codes, weight, n_classes, sorted_idx=sorted_idx, XT=XT)

        self.estimators_ = parallel(self.n_jobs)(delayed(grow)(s) for s in seeds)
        self._seeds = seeds
        self._n_draws = n_draws
        self.n_outputs_ = 1
        if self.oob_score:
            self._compute_oob(X, y_codes, n_classes)
        return self

    def _oob_masks(self, n_samples):
        for seed in self._seeds:
            yield bootstrap_counts(seed, n_samples, self._n_draws) == 0

    def _compute_oob(self, X, y_codes, n_classes):
        n_samples = X.shape[0]
        width = max(n_classes, 1)
        total = np.zeros((n_samples, width))
        votes = np.zeros(n_samples)
        for tree, oob in zip(self.estimators_, self._oob_masks(n_samples)):
            total[oob] += tree.tree_.predict(X[oob])
            votes[oob] += 1
        seen = votes > 0
        if not seen.all():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few trees were "
                          "used to compute any reliable OOB estimates.", UserWarning, stacklevel=3)
        total[seen] /= votes[seen, None]
        if n_classes:
            self.oob_decision_function_ = total
            self.oob_score_ = float(np.mean(np.argmax(total[seen], axis=1) == y_codes[seen]))
        else:
            self.oob_prediction_ = total[:, 0]
            self.oob_score_ = r2(y_codes[seen], total[seen, 0])

    def _mean_prediction(self, X) -> np.ndarray:
        check_is_fitted(self, "estimators_")
        X = validate_features(self, X, reset=False)
        parts = parallel(self.n_jobs)(delayed(t.tree_.predict)(X) for t in self.estimators_)
        return np.mean(parts, axis=0)

    def apply(self, X) -> np.ndarray:
        """Leaf index of each sample in each tree, shape (n_samples, n_estimators)."""
        check_is_fitted(self, "estimators_")
        X = validate_features(self, X, reset=False)
        return np.column_stack([t.tree_.apply(X) for t in self.estimators_])

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean over the trees of each tree's normalised impurity decrease, renormalised."""
        check_is_fitted(self, "estimators_")
        parts = [t.tree_.compute_feature_importances() for t in self.estimators_ if t.tree_.node_count > 1]
        if not parts:
            return np.zeros(self.n_features_in_)
        mean = np.mean(parts, axis=0)
        return mean / mean.sum()


class RandomForestClassifier(ProbabilisticClassifierMixin, ClassifierMixin, BaseForest):
    """A random forest of classification trees (bootstrap + feature bagging), averaging class shares."""

    _tree_class = DecisionTreeClassifier

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features="sqrt", min_impurity_decrease=0.0, bootstrap=True,
                 oob_score=False, n_jobs=None, random_state=None, max_samples=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.max_samples = max_samples

    def fit(self, X, y, sample_weight=None) -> "RandomForestClassifier":
        X, y = validate_features(self, X, y)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        return self._fit_forest(X, codes, sample_weight, self.n_classes_)

    def predict_proba(self, X) -> np.ndarray:
        """(1/B) Σ_b p̂_b(c | x): the trees' class shares, averaged."""
        return self._mean_prediction(X)


class RandomForestRegressor(RegressorMixin, BaseForest):
    """A random forest of regression trees (bootstrap + feature bagging), averaging predictions."""

    _tree_class = DecisionTreeRegressor

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, max_features=1.0, min_impurity_decrease=0.0,
                 bootstrap=True, oob_score=False, n_jobs=None, random_state=None, max_samples=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.max_samples = max_samples

    def fit(self, X, y, sample_weight=None) -> "RandomForestRegressor":
        X, y = validate_features(self, X, y, y_numeric=True)
        return self._fit_forest(X, y.astype(np.float64), sample_weight, 0)

    def predict(self, X) -> np.ndarray:
        """(1/B) Σ_b ŷ_b(x)."""
        return self._mean_prediction(X)[:, 0]


__all__ = ["RandomForestClassifier", "RandomForestRegressor"]
