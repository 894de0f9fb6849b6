"""Bagging (bootstrap aggregating): fit one base model per bootstrap sample, then average.

For b = 1..B: draw a sample of size ``max_samples`` (with replacement when ``bootstrap``) and, if
``max_features`` < 1, a subset of the features; fit a copy of the base estimator on it.
Predict the average, f̂(x) = (1/B) Σ_b f̂_b(x): for classifiers the averaged class probabilities
(or the share of votes when the base model has no ``predict_proba``), then the argmax.
Averaging leaves the bias of one model unchanged and divides the variance of independent errors by
B, which is why bagging helps most for high-variance models such as deep trees.
"""
from __future__ import annotations

import inspect
import warnings

import numpy as np
from joblib import delayed

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin, clone)
from glassnet.ensemble._base import MAX_INT, check_n_estimators, parallel, r2, resolve_max_samples
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight, validate_data)


def _accepts_sample_weight(estimator) -> bool:
    return "sample_weight" in inspect.signature(estimator.fit).parameters


def _draw(seed, n_samples, n_features, n_draws, n_feats, bootstrap, bootstrap_features):
    """Feature indices, then sample indices, of one member (scikit-learn's order of draws)."""
    rng = np.random.RandomState(seed)
    features = (rng.randint(0, n_features, n_feats) if bootstrap_features
                else rng.permutation(n_features)[:n_feats])
    samples = (rng.randint(0, n_samples, n_draws) if bootstrap
               else rng.permutation(n_samples)[:n_draws])
    return np.sort(features) if not bootstrap_features else features, samples


class BaseBagging(BaseEstimator):
    """Shared fit: B clones of the base estimator on resampled rows (and columns), in parallel.

    Subclasses name their default base model (``_default_estimator``), turn one member's
    prediction into an array (``_member_output``) and store the out-of-bag result (``_store_oob``).
    """

    def __init__(self, estimator=None, n_estimators=10, *, max_samples=1.0, max_features=1.0,
                 bootstrap=True, bootstrap_features=False, oob_score=False, n_jobs=None,
                 random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.bootstrap_features = bootstrap_features
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state

    def _fit_bagging(self, X, y_fit, sample_weight):
        n_estimators = check_n_estimators(self.n_estimators)
        n_samples, n_features = X.shape
        n_draws = resolve_max_samples(self.max_samples, n_samples)
        n_feats = resolve_max_samples(self.max_features, n_features, name="max_features")
        if self.oob_score and not self.bootstrap:
            raise ValueError("oob_score=True needs bootstrap=True: without bootstrap no sample is out of bag.")
        base = self.estimator if self.estimator is not None else self._default_estimator()
        use_weight = _accepts_sample_weight(base)
        if sample_weight is not None and not use_weight:
            raise ValueError(f"The base estimator {type(base).__name__} does not support sample_weight.")
        weights = check_sample_weight(sample_weight, X)
        if np.any(weights < 0) or not np.any(weights > 0):
            raise ValueError("sample_weight must be non-negative, and not all weights zero.")
        rng = check_random_state(self.random_state)
        seeds = rng.randint(MAX_INT, size=n_estimators)

        def fit_one(seed):
            features, samples = _draw(seed, n_samples, n_features, n_draws, n_feats,
                                      self.bootstrap, self.bootstrap_features)
            member = clone(base)
            if "random_state" in member.get_params():
                member.set_params(random_state=int(seed))
            if use_weight:    # a bootstrap sample is a weight vector: how often each row was drawn
                w = weights * np.bincount(samples, minlength=n_samples)
                keep = w > 0
                member.fit(X[keep][:, features], y_fit[keep], sample_weight=w[keep])
            else:
                member.fit(X[samples][:, features], y_fit[samples])
            return member, features

        fitted = parallel(self.n_jobs)(delayed(fit_one)(s) for s in seeds)
        self.estimators_ = [m for m, _ in fitted]
        self.estimators_features_ = [f for _, f in fitted]
        self._seeds, self._n_draws, self._n_feats = seeds, n_draws, n_feats
        if self.oob_score:
            self._compute_oob(X, y_fit)
        return self

    def _member_outputs(self, X):
        check_is_fitted(self, "estimators_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return parallel(self.n_jobs)(delayed(self._member_output)(m, X[:, f])
                                     for m, f in zip(self.estimators_, self.estimators_features_))

    def _compute_oob(self, X, y_fit):
        n_samples, n_features = X.shape
        total, votes = None, np.zeros(n_samples)
        for seed, member, features in zip(self._seeds, self.estimators_, self.estimators_features_):
            _, samples = _draw(seed, n_samples, n_features, self._n_draws, self._n_feats,
                               self.bootstrap, self.bootstrap_features)
            oob = np.ones(n_samples, dtype=bool)
            oob[samples] = False
            out = self._member_output(member, X[oob][:, features])
            total = np.zeros((n_samples,) + out.shape[1:]) if total is None else total
            total[oob] += out
            votes[oob] += 1
        seen = votes > 0
        if not seen.all():
            warnings.warn("Some inputs do not have OOB scores. This probably means too few estimators "
                          "were used to compute any reliable OOB estimates.", UserWarning, stacklevel=3)
        total[seen] /= votes[seen].reshape((-1,) + (1,) * (total.ndim - 1))
        self._store_oob(total, seen, y_fit)


class BaggingClassifier(ProbabilisticClassifierMixin, ClassifierMixin, BaseBagging):
    """Bagging for classification; the default base model is a fully grown decision tree."""

    def _default_estimator(self):
        return DecisionTreeClassifier()

    def fit(self, X, y, sample_weight=None) -> "BaggingClassifier":
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        return self._fit_bagging(X, codes, sample_weight)

    def _member_output(self, member, X):
        """One member's class probabilities over all classes (votes if it has no predict_proba)."""
        out = np.zeros((X.shape[0], self.n_classes_))
        if hasattr(member, "predict_proba"):
            out[:, member.classes_.astype(int)] = member.predict_proba(X)
        else:
            out[np.arange(X.shape[0]), member.predict(X).astype(int)] = 1.0
        return out

    def _store_oob(self, total, seen, codes):
        self.oob_decision_function_ = total
        self.oob_score_ = float(np.mean(np.argmax(total[seen], axis=1) == codes[seen]))

    def predict_proba(self, X) -> np.ndarray:
        """(1/B) Σ_b p̂_b(c | x)."""
        return np.mean(self._member_outputs(X), axis=0)


class BaggingRegressor(RegressorMixin, BaseBagging):
    """Bagging for regression; the default base model is a fully grown regression tree."""

    def _default_estimator(self):
        return DecisionTreeRegressor()

    def fit(self, X, y, sample_weight=None) -> "BaggingRegressor":
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        return self._fit_bagging(X, y.astype(np.float64), sample_weight)

    def _member_output(self, member, X):
        return np.asarray(member.predict(X), dtype=np.float64)

    def _store_oob(self, total, seen, y):
        self.oob_prediction_ = total
        self.oob_score_ = r2(y[seen], total[seen])

    def predict(self, X) -> np.ndarray:
        """(1/B) Σ_b ŷ_b(x)."""
        return np.mean(self._member_outputs(X), axis=0)


__all__ = ["BaggingClassifier", "BaggingRegressor"]
