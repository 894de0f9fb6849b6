"""Voting: several different models answer, and the ensemble takes the (weighted) majority.

Hard voting counts the predicted labels: ŷ = argmax_c Σₘ wₘ [ŷₘ = c].
Soft voting averages the predicted probabilities: p̂(c) = Σₘ wₘ p̂ₘ(c) / Σₘ wₘ, ŷ = argmax_c p̂(c),
which lets a confident model outvote two hesitant ones. A regressor averages the predictions.
"""
from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed

from glassnet.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin, clone
from glassnet.utils.available_if import available_if
from glassnet.utils.bunch import Bunch
from glassnet.utils.validation import check_classification_targets, check_is_fitted, column_or_1d, validate_data


def _fit_one(estimator, X, y, sample_weight):
    if sample_weight is None:
        return estimator.fit(X, y)
    import inspect
    if "sample_weight" not in inspect.signature(estimator.fit).parameters:
        raise TypeError(f"Underlying estimator {type(estimator).__name__} does not support sample weights.")
    return estimator.fit(X, y, sample_weight=sample_weight)


def _soft_voting(voting_classifier) -> None:
    if voting_classifier.voting == "hard":
        raise AttributeError(f"predict_proba is not available when voting={voting_classifier.voting!r}")


class _BaseVoting(TransformerMixin, BaseEstimator):
    """The named estimators (``[("lr", LogisticRegression()), ...]``, ``'drop'`` to leave one out)."""

    def __init__(self, estimators, *, weights=None, n_jobs=None, verbose: bool = False):
        self.estimators = estimators
        self.weights = weights
        self.n_jobs = n_jobs
        self.verbose = verbose

    # ------------------------------------------------ parameters, by estimator name
    def _named_pairs(self) -> list:
        """The (name, estimator) pairs, or none while ``estimators`` is not such a list (checked in fit)."""
        pairs = self.estimators if isinstance(self.estimators, (list, tuple)) else []
        return [p for p in pairs if isinstance(p, (list, tuple)) and len(p) == 2 and isinstance(p[0], str)]

    def get_params(self, deep: bool = True) -> dict:
        out = super().get_params(deep=False)
        if deep:
            for name, estimator in self._named_pairs():
                out[name] = estimator
                if hasattr(estimator, "get_params"):
                    out.update((f"{name}__{k}", v) for k, v in estimator.get_params(deep=True).items())
        return out

    def set_params(self, **params):
        names = [name for name, _ in self._named_pairs()]
        own_names = super().get_params(deep=False)
        own = {k: params.pop(k) for k in list(params) if k in own_names}
        super().set_params(**own)
        for name in [k for k in params if k in names]:
            self.estimators = [(n, params.pop(name) if n == name else e) for n, e in self.estimators]
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, delim, sub_key = key.partition("__")
            if not delim or name not in names:
                raise ValueError(f"Invalid parameter {key!r} for estimator {type(self).__name__}. Valid "
                                 f"parameters are: {sorted(self.get_params(deep=False))} and the estimator names {names}.")
            nested.setdefault(name, {})[sub_key] = value
        for name, sub in nested.items():
            dict(self.estimators)[name].set_params(**sub)
        return self

    # ------------------------------------------------ fitting
    def _validate_estimators(self):
        if not self.estimators or not isinstance(self.estimators, (list, tuple)):
            raise ValueError("Invalid 'estimators' attribute, 'estimators' should be a non-empty list of "
                             f"(string, estimator) tuples, got {self.estimators!r}.")
        names = [name for name, _ in self.estimators]
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {names!r}")
        if any("__" in name for name in names):
            raise ValueError(f"Estimator names must not contain __: got {names!r}")
        if self.weights is not None and len(self.weights) != len(self.estimators):
            raise ValueError(f"Number of `estimators` and weights must be equal; got {len(self.weights)} weights, "
                             f"{len(self.estimators)} estimators")
        kept = [(name, est) for name, est in self.estimators if not (isinstance(est, str) and est == "drop")]
        if not kept:
            raise ValueError("All estimators are dropped. At least one is required to be an estimator.")
        return kept

    def _fit_estimators(self, X, y, sample_weight):
        kept = self._validate_estimators()
        validate_data(self, X, ensure_all_finite=False)   # n_features_in_; each estimator checks X itself
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_one)(clone(est), X, y, sample_weight) for _, est in kept)
        fitted = iter(self.estimators_)
        self.named_estimators_ = Bunch(**{name: (est if isinstance(est, str) and est == "drop" else next(fitted))
                                          for name, est in self.estimators})
        return self

    def _check_X(self, X) -> None:
        check_is_fitted(self, "estimators_")
        validate_data(self, X, reset=False, ensure_all_finite=False)

    @staticmethod
    def _target(y):
        if y is None:
            raise ValueError("requires y to be passed, but the target y is None.")
        y = np.asarray(y)
        if y.ndim > 1 and y.shape[1] > 1:
            raise NotImplementedError("Multilabel and multi-output targets are not supported.")
        y = column_or_1d(y, warn=True)
        if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
            raise ValueError("Input y contains NaN or infinity.")
        return y

    @property
    def _weights_not_none(self):
        if self.weights is None:
            return None
        return [w for (_, est), w in zip(self.estimators, self.weights)
                if not (isinstance(est, str) and est == "drop")]

    @property
    def named_estimators(self) -> Bunch:
        return Bunch(**dict(self.estimators))


class VotingClassifier(ClassifierMixin, _BaseVoting):
    """Majority (``voting='hard'``) or averaged-probability (``'soft'``) vote of several classifiers.

    The estimators are fitted on the labels encoded 0..k−1 (``le_``); ``classes_`` holds the labels.
    ``transform`` gives each estimator's probabilities (soft; side by side when
    ``flatten_transform``) or predicted codes (hard).
    """

    def __init__(self, estimators, *, voting: str = "hard", weights=None, n_jobs=None,
                 flatten_transform: bool = True, verbose: bool = False):
        super().__init__(estimators, weights=weights, n_jobs=n_jobs, verbose=verbose)
        self.voting = voting
        self.flatten_transform = flatten_transform

    def fit(self, X, y, sample_weight=None) -> "VotingClassifier":
        if self.voting not in ("soft", "hard"):
            raise ValueError(f"Voting must be 'soft' or 'hard'; got (voting={self.voting!r})")
        from glassnet.preprocessing import LabelEncoder
        y = self._target(y)
        check_classification_targets(y)
        self.le_ = LabelEncoder().fit(y)
        self.classes_ = self.le_.classes_
        return self._fit_estimators(X, self.le_.transform(y), sample_weight)

    def _codes(self, X) -> np.ndarray:
        return np.asarray([est.predict(X) for est in self.estimators_]).T.astype(int)

    def predict(self, X) -> np.ndarray:
        """The class with the largest (weighted) vote count, or the largest mean probability."""
        self._check_X(X)
        if self.voting == "soft":
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        codes = self._codes(X)
        weights = self._weights_not_none
        votes = np.apply_along_axis(lambda row: np.bincount(row, weights=weights, minlength=len(self.classes_)),
                                    axis=1, arr=codes)
        return self.classes_[np.argmax(votes, axis=1)]

    def _probabilities(self, X) -> np.ndarray:
        return np.asarray([est.predict_proba(X) for est in self.estimators_])

    @available_if(_soft_voting)
    def predict_proba(self, X) -> np.ndarray:
        """p̂(c | x) = Σₘ wₘ p̂ₘ(c | x) / Σₘ wₘ (soft voting only)."""
        self._check_X(X)
        return np.average(self._probabilities(X), axis=0, weights=self._weights_not_none)

    def transform(self, X) -> np.ndarray:
        """Each estimator's probabilities (soft) or predicted class codes (hard)."""
        self._check_X(X)
        if self.voting == "hard":
            return self._codes(X)
        probabilities = self._probabilities(X)
        return np.hstack(probabilities) if self.flatten_transform else probabilities

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "estimators_")

    def _tag_overrides(self):
        return {"preserves_dtype": []}   # hard voting transforms into class codes


class VotingRegressor(RegressorMixin, _BaseVoting):
    """The (weighted) mean of several regressors' predictions: ŷ = Σₘ wₘ ŷₘ / Σₘ wₘ."""

    def fit(self, X, y, sample_weight=None) -> "VotingRegressor":
        return self._fit_estimators(X, self._target(y), sample_weight)

    def predict(self, X) -> np.ndarray:
        """ŷ = Σₘ wₘ ŷₘ / Σₘ wₘ."""
        return np.average(self.transform(X), axis=1, weights=self._weights_not_none)

    def transform(self, X) -> np.ndarray:
        """Each estimator's prediction, one column per estimator."""
        self._check_X(X)
        return np.column_stack([est.predict(X) for est in self.estimators_])

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "estimators_")
