"""AdaBoost (SAMME): weak learners trained one after another on re-weighted samples.

Start with equal weights w_i = 1/n. At round m, fit a weak learner h_m (by default a stump, a tree
of depth 1) on the weighted samples and measure its weighted error

    err_m = Σ_i w_i [h_m(x_i) ≠ y_i] / Σ_i w_i.

Give it the say  α_m = η (log((1 − err_m) / err_m) + log(K − 1))  (η the learning rate, K the
number of classes; log(K − 1) = 0 for two classes, the original AdaBoost), and raise the weight of
every misclassified sample:  w_i ← w_i · exp(α_m [h_m(x_i) ≠ y_i]), then renormalise. The next
learner therefore concentrates on the samples the ensemble still gets wrong.
The ensemble votes:  H(x) = argmax_k Σ_m α_m [h_m(x) = k].

Boosting stops early when a learner is perfect (err = 0) or no better than chance (err ≥ 1 − 1/K).
"""
from __future__ import annotations

import inspect
import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator, ClassifierMixin, clone
from glassnet.ensemble._base import MAX_INT, check_n_estimators
from glassnet.tree import DecisionTreeClassifier
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight, validate_data)


class AdaBoostClassifier(ClassifierMixin, BaseEstimator):
    """AdaBoost-SAMME for two or more classes (scikit-learn ≥ 1.4's only algorithm)."""

    def __init__(self, estimator=None, *, n_estimators=50, learning_rate=1.0, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None) -> "AdaBoostClassifier":
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        n_estimators = check_n_estimators(self.n_estimators)
        if not isinstance(self.learning_rate, numbers.Real) or self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be a float > 0; got {self.learning_rate!r}.")
        base = self.estimator if self.estimator is not None else DecisionTreeClassifier(max_depth=1)
        if "sample_weight" not in inspect.signature(base.fit).parameters:
            raise ValueError(f"{type(base).__name__} doesn't support sample_weight, which AdaBoost needs.")
        self.classes_ = np.unique(y)
        self.n_classes_ = K = len(self.classes_)
        w = check_sample_weight(sample_weight, X)
        if np.any(w < 0):
            raise ValueError("sample_weight must be non-negative.")
        if w.sum() <= 0:
            raise ValueError("sample_weight: the weights sum to zero; at least one must be positive.")
        w = w / w.sum()
        zero = w == 0
        rng = check_random_state(self.random_state)
        eps = np.finfo(np.float64).eps
        self.estimators_, weights, errors = [], [], []
        for m in range(n_estimators):
            w = np.clip(w, eps, None)       # keep tiny weights from vanishing
            w[zero] = 0.0
            learner = clone(base)
            if "random_state" in learner.get_params():
                learner.set_params(random_state=int(rng.randint(MAX_INT)))
            learner.fit(X, y, sample_weight=w)
            wrong = learner.predict(X) != y
            err = float(np.average(wrong, weights=w))
            self.estimators_.append(learner)
            if err <= 0:                    # perfect: this learner alone decides
                weights.append(1.0)
                errors.append(0.0)
                break
            if err >= 1.0 - 1.0 / K:        # no better than guessing: drop it and stop
                self.estimators_.pop()
                if not self.estimators_:
                    raise ValueError("BaseClassifier in AdaBoostClassifier ensemble is worse than random, "
                                     "ensemble can not be fit.")
                break
            alpha = self.learning_rate * (np.log((1.0 - err) / err) + np.log(K - 1.0))
            weights.append(alpha)
            errors.append(err)
            if m == n_estimators - 1:
                break
            w = np.exp(np.log(np.where(w > 0, w, 1.0)) + alpha * wrong * (w > 0)) * (w > 0)
            total = w.sum()
            if not np.isfinite(total):
                warnings.warn(f"Sample weights have reached infinite values, at iteration {m}, causing "
                              "overflow. Iterations stopped. Try lowering the learning rate.", stacklevel=2)
                break
            if total <= 0:
                break
            w /= total
        self.estimator_weights_ = np.array(weights)
        self.estimator_errors_ = np.array(errors)
        return self

    def _votes(self, learner, X):
        """SAMME's symmetric coding: +1 for the predicted class, −1/(K − 1) for the others."""
        hit = learner.predict(X)[:, None] == self.classes_[None, :]
        return np.where(hit, 1.0, -1.0 / max(self.n_classes_ - 1, 1))

    def _to_decision(self, votes: np.ndarray) -> np.ndarray:
        if self.n_classes_ == 2:
            return votes[:, 1] - votes[:, 0]
        return votes

    def staged_decision_function(self, X):
        """The decision function after each boosting round (a generator)."""
        check_is_fitted(self, "estimators_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        total, norm = 0.0, 0.0
        for learner, alpha in zip(self.estimators_, self.estimator_weights_):
            total = total + alpha * self._votes(learner, X)
            norm += alpha
            yield self._to_decision(total / norm)

    def decision_function(self, X) -> np.ndarray:
        """f_k(x) = Σ_m α_m c_mk(x) / Σ_m α_m, with c_mk = 1 if h_m(x) = k else −1/(K − 1);
        for two classes the second column minus the first."""
        decision = None
        for decision in self.staged_decision_function(X):
            pass
        return decision

    def _proba(self, decision):
        if self.n_classes_ == 1:
            return np.ones((len(decision), 1))
        if self.n_classes_ == 2:
            decision = np.column_stack([-decision, decision]) / 2.0
        else:
            decision = decision / (self.n_classes_ - 1)
        decision = decision - decision.max(axis=1, keepdims=True)
        e = np.exp(decision)
        return e / e.sum(axis=1, keepdims=True)

    def predict_proba(self, X) -> np.ndarray:
        """softmax of the decision function divided by K − 1 (scikit-learn's SAMME probabilities)."""
        return self._proba(self.decision_function(X))

    def staged_predict_proba(self, X):
        for decision in self.staged_decision_function(X):
            yield self._proba(decision)

    def predict_log_proba(self, X) -> np.ndarray:
        return np.log(self.predict_proba(X))

    def _label(self, decision):
        if self.n_classes_ == 2:
            return self.classes_[(decision > 0).astype(int)]
        return self.classes_[np.argmax(decision, axis=1)]

    def predict(self, X) -> np.ndarray:
        """argmax_k Σ_m α_m [h_m(x) = k]."""
        return self._label(self.decision_function(X))

    def staged_predict(self, X):
        """The prediction after each boosting round (a generator)."""
        for decision in self.staged_decision_function(X):
            yield self._label(decision)

    @property
    def feature_importances_(self) -> np.ndarray:
        """Σ_m α_m · importance(h_m) / Σ_m α_m."""
        check_is_fitted(self, "estimators_")
        parts = [alpha * learner.feature_importances_
                 for learner, alpha in zip(self.estimators_, self.estimator_weights_)]
        return np.sum(parts, axis=0) / np.sum(self.estimator_weights_)


__all__ = ["AdaBoostClassifier"]
