"""Gradient boosting: gradient descent in function space, one small regression tree per step.

Start from the best constant F₀ (mean, median or log-odds). At stage m compute the negative
gradient of the loss at the current predictions (the "pseudo-residuals")

    r_i = − ∂L(y_i, F(x_i)) / ∂F(x_i),

fit a regression tree h_m (depth ``max_depth``, squared error, Friedman's split criterion) to
them, give each leaf j the value γ_j that best lowers the loss there (a line search), and step

    F_m(x) = F_{m−1}(x) + η · γ_{leaf(x)},     η the learning rate (shrinkage).

| loss            | r_i                    | leaf value γ_j                                   |
|-----------------|------------------------|--------------------------------------------------|
| squared_error   | y − F                  | mean of r in the leaf                            |
| absolute_error  | sign(y − F)            | (lower weighted) median of y − F in the leaf     |
| log_loss, K = 2 | y − p,  p = σ(F)       | Σ r / Σ p(1 − p)   (one Newton step)             |
| log_loss, K > 2 | y_k − p_k (softmax)    | (K−1)/K · Σ r / Σ p_k(1 − p_k), one tree per class|

With ``subsample`` < 1 each tree sees a random fraction of the samples (stochastic gradient
boosting). ``train_score_[m]`` is the loss on the in-bag samples after stage m.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin)
from glassnet.ensemble._base import check_n_estimators
from glassnet.tree import DecisionTreeRegressor
from glassnet.tree._builder import build_tree, presort
from glassnet.tree._classes import validate_features
from glassnet.tree._criteria import weighted_median
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight)


def _softmax(F):
    e = np.exp(F - F.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(F):
    return 1.0 / (1.0 + np.exp(-F))


class BaseGradientBoosting(BaseEstimator):
    """The boosting loop shared by the classifier and the regressor."""

    def _check_settings(self, n_samples):
        n_estimators = check_n_estimators(self.n_estimators)
        if not isinstance(self.learning_rate, numbers.Real) or self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be a float > 0; got {self.learning_rate!r}.")
        if not isinstance(self.subsample, numbers.Real) or not 0.0 < self.subsample <= 1.0:
            raise ValueError(f"subsample must be a float in (0, 1]; got {self.subsample!r}.")
        if self.criterion not in ("friedman_mse", "squared_error"):
            raise ValueError(f"criterion must be 'friedman_mse' or 'squared_error'; got {self.criterion!r}.")
        probe = DecisionTreeRegressor(criterion=self.criterion, max_depth=self.max_depth,
                                      min_samples_split=self.min_samples_split,
                                      min_samples_leaf=self.min_samples_leaf, max_features=self.max_features,
                                      min_impurity_decrease=self.min_impurity_decrease)
        return n_estimators, probe

    def _boost(self, X, Y, sample_weight, n_trees):
        """Y: (n, n_trees) targets (one-hot for multiclass); fills estimators_ and train_score_."""
        n_samples, n_features = X.shape
        n_estimators, probe = self._check_settings(n_samples)
        settings = probe._check_params(n_samples, n_features)
        rng = check_random_state(self.random_state)
        sorted_idx, XT = presort(X), np.ascontiguousarray(X.T)
        F = np.tile(self._init_raw(Y, sample_weight), (n_samples, 1))
        self.estimators_ = np.empty((n_estimators, n_trees), dtype=object)
        self.train_score_ = np.zeros(n_estimators)
        n_inbag = max(1, int(self.subsample * n_samples))
        params = probe.get_params()
        for m in range(n_estimators):
            if self.subsample < 1.0:
                inbag = np.zeros(n_samples, dtype=bool)
                inbag[rng.permutation(n_samples)[:n_inbag]] = True
            else:
                inbag = np.ones(n_samples, dtype=bool)
            w = sample_weight * inbag
            residual = self._negative_gradient(Y, F)
            for k in range(n_trees):
                tree = build_tree(X, residual[:, k], w, criterion=self.criterion, n_classes=0,
                                  random_state=rng, sorted_idx=sorted_idx, XT=XT, **settings)
                leaves = tree.apply(X)
                self._line_search(tree, leaves, inbag, w, Y, F, residual, k)
                F[:, k] += self.learning_rate * tree.value[leaves, 0, 0]
                member = DecisionTreeRegressor(**params)
                member.tree_, member.n_features_in_, member.n_outputs_ = tree, n_features, 1
                member.max_features_ = settings["max_features"]
                self.estimators_[m, k] = member
            self.train_score_[m] = self._loss(Y[inbag], F[inbag], sample_weight[inbag])
        self.n_estimators_ = n_estimators
        self.max_features_ = settings["max_features"]
        return self

    def _raw_predict_stages(self, X):
        check_is_fitted(self, "estimators_")
        X = validate_features(self, X, reset=False)
        F = np.tile(self.init_raw_, (X.shape[0], 1))
        for stage in self.estimators_:
            for k, member in enumerate(stage):
                F[:, k] += self.learning_rate * member.tree_.predict(X)[:, 0]
            yield F.copy()

    def _raw_predict(self, X):
        F = None
        for F in self._raw_predict_stages(X):
            pass
        return F

    @property
    def feature_importances_(self) -> np.ndarray:
        """Impurity decrease per feature averaged over all trees, normalised to sum to one."""
        check_is_fitted(self, "estimators_")
        parts = [m.tree_.compute_feature_importances(normalize=False)
                 for stage in self.estimators_ for m in stage if m.tree_.node_count > 1]
        if not parts:
            return np.zeros(self.n_features_in_)
        mean = np.mean(parts, axis=0)
        return mean / mean.sum()


class GradientBoostingRegressor(RegressorMixin, BaseGradientBoosting):
    """Gradient boosting for regression with loss 'squared_error' or 'absolute_error'."""

    def __init__(self, *, loss="squared_error", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 criterion="friedman_mse", min_samples_split=2, min_samples_leaf=1, max_depth=3,
                 min_impurity_decrease=0.0, random_state=None, max_features=None):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state
        self.max_features = max_features

    def fit(self, X, y, sample_weight=None) -> "GradientBoostingRegressor":
        X, y = validate_features(self, X, y, y_numeric=True)
        if self.loss not in ("squared_error", "absolute_error"):
            raise ValueError(f"loss must be 'squared_error' or 'absolute_error'; got {self.loss!r}.")
        w = check_sample_weight(sample_weight, X)
        if np.any(w < 0) or not np.any(w > 0):
            raise ValueError("sample_weight must be non-negative, and not all weights zero.")
        self._unweighted = sample_weight is None
        Y = y.astype(np.float64)[:, None]
        self.init_raw_ = self._init_raw(Y, w)
        return self._boost(X, Y, w, 1)

    def _init_raw(self, Y, w):
        if self.loss == "squared_error":
            return np.array([np.average(Y[:, 0], weights=w)])
        # the plain median without weights, the lower weighted median with them (as scikit-learn)
        return np.array([weighted_median(Y[:, 0], w, average=self._unweighted)])

    def _negative_gradient(self, Y, F):
        return Y - F if self.loss == "squared_error" else np.sign(Y - F)

    def _line_search(self, tree, leaves, inbag, w, Y, F, residual, k):
        if self.loss == "squared_error":
            return                              # the leaf means already minimise the squared error
        for leaf in np.flatnonzero(tree.children_left == -1):
            members = (leaves == leaf) & inbag & (w > 0)
            if members.any():
                tree.value[leaf, 0, 0] = weighted_median(Y[members, 0] - F[members, 0], w[members],
                                                         average=False)

    def _loss(self, Y, F, w):
        diff = Y[:, 0] - F[:, 0]
        if self.loss == "squared_error":
            return float(np.average(diff * diff, weights=w))
        return float(np.average(np.abs(diff), weights=w))

    def predict(self, X) -> np.ndarray:
        """F₀ + η Σ_m h_m(x)."""
        return self._raw_predict(X)[:, 0]

    def staged_predict(self, X):
        """The prediction after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield F[:, 0]


class GradientBoostingClassifier(ProbabilisticClassifierMixin, ClassifierMixin, BaseGradientBoosting):
    """Gradient boosting for classification with the log loss (binary and multinomial)."""

    def __init__(self, *, loss="log_loss", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 criterion="friedman_mse", min_samples_split=2, min_samples_leaf=1, max_depth=3,
                 min_impurity_decrease=0.0, random_state=None, max_features=None):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state
        self.max_features = max_features

    def fit(self, X, y, sample_weight=None) -> "GradientBoostingClassifier":
        X, y = validate_features(self, X, y)
        check_classification_targets(y)
        if self.loss != "log_loss":
            raise ValueError(f"loss must be 'log_loss'; got {self.loss!r}.")
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = K = len(self.classes_)
        if K < 2:
            raise ValueError(f"y needs samples of at least 2 classes in the data, but the data contains "
                             f"only one class: {self.classes_[0]!r}.")
        w = check_sample_weight(sample_weight, X)
        if np.any(w < 0) or not np.any(w > 0):
            raise ValueError("sample_weight must be non-negative, and not all weights zero.")
        Y = codes[:, None].astype(np.float64) if K == 2 else np.eye(K)[codes]
        self.init_raw_ = self._init_raw(Y, w)
        return self._boost(X, Y, w, 1 if K == 2 else K)

    def _init_raw(self, Y, w):
        eps = np.finfo(np.float64).eps
        p = np.clip(np.average(Y, axis=0, weights=w), eps, 1 - eps)
        if Y.shape[1] == 1:
            return np.log(p / (1 - p))                       # the log-odds of the prior
        log_p = np.log(p)
        return log_p - log_p.mean()                          # log-priors, centred

    def _proba_raw(self, F):
        return _sigmoid(F) if F.shape[1] == 1 else _softmax(F)

    def _negative_gradient(self, Y, F):
        return Y - self._proba_raw(F)

    def _line_search(self, tree, leaves, inbag, w, Y, F, residual, k):
        K = self.n_classes_
        r = residual[:, k]
        p = Y[:, k] - r
        weight = w * inbag
        n_nodes = tree.node_count
        numerator = np.bincount(leaves, weights=weight * r, minlength=n_nodes)
        denominator = np.bincount(leaves, weights=weight * p * (1 - p), minlength=n_nodes)
        if K > 2:
            numerator *= (K - 1) / K
        leaf = tree.children_left == -1
        safe = np.abs(denominator) >= 1e-150
        values = np.where(safe, numerator / np.where(safe, denominator, 1.0),
                          np.where(numerator == 0, 0.0, np.sign(numerator) * 1e150))
        tree.value[leaf, 0, 0] = values[leaf]

    def _loss(self, Y, F, w):
        if F.shape[1] == 1:                  # binomial deviance = 2 · log loss (as scikit-learn)
            f, y = F[:, 0], Y[:, 0]
            return float(2 * np.average(np.logaddexp(0, f) - y * f, weights=w))
        log_p = F - F.max(axis=1, keepdims=True)
        log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
        return float(np.average(-(Y * log_p).sum(axis=1), weights=w))

    def decision_function(self, X) -> np.ndarray:
        """The raw score F(x): log-odds for two classes, one column per class otherwise."""
        F = self._raw_predict(X)
        return F[:, 0] if F.shape[1] == 1 else F

    def staged_decision_function(self, X):
        for F in self._raw_predict_stages(X):
            yield F[:, 0] if F.shape[1] == 1 else F

    def _to_proba(self, F):
        if F.shape[1] == 1:
            p = _sigmoid(F[:, 0])
            return np.column_stack([1 - p, p])
        return _softmax(F)

    def predict_proba(self, X) -> np.ndarray:
        """σ(F) for two classes, softmax(F) otherwise."""
        return self._to_proba(self._raw_predict(X))

    def staged_predict_proba(self, X):
        """Class probabilities after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield self._to_proba(F)

    def staged_predict(self, X):
        """Predicted labels after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield self.classes_[np.argmax(self._to_proba(F), axis=1)]


__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]
