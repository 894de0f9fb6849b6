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

Several outputs (y of shape (n, k)) are handled by the trees themselves (one tree for all k
targets, see ``glassnet.tree._outputs``); the forest averages their (n, k, ...) predictions.
"""
from __future__ import annotations

import warnings

import numpy as np
from joblib import delayed

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin)
from glassnet.ensemble._base import (MAX_INT, bootstrap_counts, check_n_estimators, parallel, r2,
                                     resolve_max_samples)
from glassnet.exceptions import DataConversionWarning
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor
from glassnet.tree._builder import presort, random_search_planes
from glassnet.tree._classes import class_weights_per_sample, validate_features
from glassnet.tree._outputs import (MultiOutputClassifierMixin, regression_columns, set_classes,
                                    split_probabilities, target_columns)
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight)


def balanced_in_draw(Y: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """class_weight='balanced_subsample': w_c = n / (k·n_c) counted in one tree's bootstrap draw
    (``counts`` draws of each sample; a class the draw missed gets 0), multiplied over the outputs."""
    weight = np.ones(len(counts))
    for column in Y.T:
        classes, codes = np.unique(column, return_inverse=True)
        drawn = np.bincount(codes, weights=counts, minlength=len(classes))
        present = drawn > 0
        per_class = np.zeros(len(classes))
        per_class[present] = counts.sum() / (present.sum() * drawn[present])
        weight *= per_class[codes]
    return weight


class BaseForest(BaseEstimator):
    """Fit B trees in parallel (joblib) on bootstrap samples; average them."""

    _tree_class = None
    _tree_params = ("criterion", "max_depth", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf",
                    "max_features", "max_leaf_nodes", "min_impurity_decrease", "ccp_alpha", "monotonic_cst")

    def _validate_targets(self, X, y, **check):
        """X and y as (n, k) columns; a single column warns as in scikit-learn's forests."""
        X, y = validate_features(self, X, y, multi_output=True, **check)
        if y.ndim == 2 and y.shape[1] == 1:
            warnings.warn("A column-vector y was passed when a 1d array was expected. Please change the shape "
                          "of y to (n_samples,), for example using ravel().", DataConversionWarning, stacklevel=3)
        return X, target_columns(y)

    def _fit_forest(self, X, y_codes, sample_weight, n_classes):
        """Grow the trees; ``n_classes`` lists the classes of each output ([0, ...] for regression)."""
        n_estimators = check_n_estimators(self.n_estimators)
        n_samples = X.shape[0]
        if not self.bootstrap and self.max_samples is not None:
            raise ValueError("max_samples can only be set when bootstrap=True "
                             "(without bootstrap every tree sees every sample).")
        if self.oob_score and not self.bootstrap:
            raise ValueError("oob_score=True needs bootstrap=True: without bootstrap no sample is out of bag.")
        weighted = sample_weight is not None
        sample_weight = check_sample_weight(sample_weight, X)
        if np.any(sample_weight < 0):
            raise ValueError("sample_weight must be non-negative.")
        if not np.any(sample_weight > 0):
            raise ValueError("sample_weight: the weights are all zero; at least one sample needs a positive weight.")
        class_weight = getattr(self, "class_weight", None)
        if class_weight is not None and not (class_weight == "balanced_subsample" and self.bootstrap):
            setting = "balanced" if class_weight == "balanced_subsample" else class_weight
            sample_weight = sample_weight * class_weights_per_sample(
                setting, self._class_targets(y_codes), sample_weight if weighted else None)
            weighted = True
        # with bootstrap, the weights choose the draw and each tree weighs samples by their counts
        draw_weight = sample_weight if (weighted and self.bootstrap) else None
        n_draws = resolve_max_samples(self.max_samples, n_samples,
                                      total_weight=None if draw_weight is None else draw_weight.sum())
        rng = check_random_state(self.random_state)
        seeds = rng.randint(MAX_INT, size=n_estimators)
        kept = self._trees_kept(n_estimators)
        params = {name: getattr(self, name) for name in self._tree_params}
        exhaustive = self._tree_class(**params).splitter == "best"     # random splits need no sorting
        sorted_idx = presort(X) if exhaustive else None
        XT = np.ascontiguousarray(X.T)             # every tree reads the features as planes
        if not exhaustive:
            XT = random_search_planes(XT)
        n_outputs = len(n_classes)
        classify = n_classes[0] > 0

        def grow(seed):
            tree = self._tree_class(**params, random_state=int(seed))
            tree.n_features_in_ = X.shape[1]
            tree.n_outputs_ = n_outputs
            if classify:
                tree.classes_, tree.n_classes_ = self.classes_, self.n_classes_
            if not self.bootstrap:
                return tree._grow(X, y_codes, sample_weight, n_classes, sorted_idx=sorted_idx, XT=XT)
            weight = bootstrap_counts(seed, n_samples, n_draws, draw_weight).astype(np.float64)
            if class_weight == "balanced_subsample":    # classes balanced within this tree's draw
                weight = weight * balanced_in_draw(self._class_targets(y_codes), weight)
            return tree._grow(X, y_codes, weight, n_classes, sorted_idx=sorted_idx, XT=XT)

        grown = parallel(self.n_jobs)(delayed(grow)(s) for s in seeds[len(kept):])
        self.estimators_ = kept + list(grown)
        self._seeds = seeds
        self._n_draws = n_draws
        self._draw_weight = draw_weight
        self.n_outputs_ = n_outputs
        if self.oob_score:
            self._compute_oob(X, y_codes, classify)
        return self

    def _trees_kept(self, n_estimators: int) -> list:
        """With ``warm_start``, the trees of the last fit (the seeds are drawn alike, so adding trees
        gives the same forest as growing them all at once)."""
        previous = getattr(self, "estimators_", None) if self.warm_start else None
        if not previous:
            return []
        if n_estimators < len(previous):
            raise ValueError(f"n_estimators={n_estimators} must be larger or equal to len(estimators_)="
                             f"{len(previous)} when warm_start==True")
        if n_estimators == len(previous):
            warnings.warn("Warm-start fitting without increasing n_estimators does not fit new trees.",
                          UserWarning, stacklevel=4)
        return list(previous)

    @staticmethod
    def _class_targets(y_codes):
        return y_codes.reshape(len(y_codes), -1)

    def _oob_masks(self, n_samples):
        for seed in self._seeds:
            yield bootstrap_counts(seed, n_samples, self._n_draws, self._draw_weight) == 0

    def _compute_oob(self, X, y_codes, classify):
        """Out-of-bag predictions and score: accuracy (of all outputs at once) or mean R² over outputs."""
        n_samples = X.shape[0]
        if classify and self.n_outputs_ > 1 and np.max(self.n_classes_) > 2:
            raise ValueError("The type of target cannot be used to compute OOB estimates. Got "
                             "multiclass-multioutput while only the following are supported: continuous, "
                             "continuous-multioutput, binary, multiclass, multilabel-indicator.")
        total, votes = None, np.zeros(n_samples)
        for tree, oob in zip(self.estimators_, self._oob_masks(n_samples)):
            part = tree.tree_.predict(X[oob])
            total = np.zeros((n_samples,) + part.shape[1:]) if total is None else total
            total[oob] += part
            votes[oob] += 1
        seen = votes > 0
        if not seen.all():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few trees were "
                          "used to compute any reliable OOB estimates.", UserWarning, stacklevel=3)
        total[seen] /= votes[seen].reshape((-1,) + (1,) * (total.ndim - 1))
        codes = y_codes.reshape(n_samples, -1)[seen]
        if classify:                       # scikit-learn's layout: (n, n_classes) or (n, n_classes, k)
            self.oob_decision_function_ = total if self.n_outputs_ == 1 else np.moveaxis(total, 1, 2)
            predicted = np.argmax(total[seen], axis=-1).reshape(len(codes), -1)
            self.oob_score_ = float(np.mean(np.all(predicted == codes, axis=1)))
        else:
            self.oob_prediction_ = regression_columns(total, self.n_outputs_)
            predicted = self.oob_prediction_[seen].reshape(len(codes), -1)
            self.oob_score_ = float(np.mean([r2(codes[:, o], predicted[:, o]) for o in range(codes.shape[1])]))

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


class RandomForestClassifier(MultiOutputClassifierMixin, ProbabilisticClassifierMixin, ClassifierMixin,
                             BaseForest):
    """A random forest of classification trees (bootstrap + feature bagging), averaging class shares."""

    _tree_class = DecisionTreeClassifier

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features="sqrt", max_leaf_nodes=None,
                 min_impurity_decrease=0.0, bootstrap=True, oob_score=False, n_jobs=None, random_state=None,
                 verbose=0, warm_start=False, class_weight=None, ccp_alpha=0.0, max_samples=None,
                 monotonic_cst=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples
        self.monotonic_cst = monotonic_cst

    def fit(self, X, y, sample_weight=None) -> "RandomForestClassifier":
        X, Y = self._validate_targets(X, y)
        check_classification_targets(Y)
        codes, n_classes = set_classes(self, Y)
        if self.n_outputs_ > 1:
            self.n_classes_ = n_classes            # a list in scikit-learn's forests
        return self._fit_forest(X, codes, sample_weight, n_classes)

    def predict_proba(self, X):
        """(1/B) Σ_b p̂_b(c | x): the trees' class shares, averaged (a list of k arrays for k outputs)."""
        return split_probabilities(self._mean_prediction(X), self.n_outputs_, np.atleast_1d(self.n_classes_))


class RandomForestRegressor(RegressorMixin, BaseForest):
    """A random forest of regression trees (bootstrap + feature bagging), averaging predictions."""

    _tree_class = DecisionTreeRegressor

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=1.0,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, bootstrap=True, oob_score=False, n_jobs=None,
                 random_state=None, verbose=0, warm_start=False, ccp_alpha=0.0, max_samples=None,
                 monotonic_cst=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples
        self.monotonic_cst = monotonic_cst

    def fit(self, X, y, sample_weight=None) -> "RandomForestRegressor":
        X, Y = self._validate_targets(X, y, y_numeric=True)
        Y = Y.astype(np.float64)
        targets = Y[:, 0] if Y.shape[1] == 1 else Y
        return self._fit_forest(X, targets, sample_weight, [0] * Y.shape[1])

    def predict(self, X) -> np.ndarray:
        """(1/B) Σ_b ŷ_b(x), shape (n_samples,) or (n_samples, k)."""
        return regression_columns(self._mean_prediction(X), self.n_outputs_)


__all__ = ["RandomForestClassifier", "RandomForestRegressor"]
