"""Hyper-parameter search: cross-validate every candidate, keep the best, refit it on all the data."""
from __future__ import annotations

import numbers
import time

import numpy as np
from joblib import Parallel, delayed

from glassnet.base import BaseEstimator, clone, estimator_type, is_classifier
from glassnet.utils.validation import check_is_fitted
from glassnet.model_selection._param_grid import ParameterGrid, ParameterSampler
from glassnet.model_selection._scorer import check_scoring
from glassnet.model_selection._split import check_cv, indexable
from glassnet.model_selection._validation import fit_and_score, warn_or_raise_about_fit_failures


def _rank_min(values: np.ndarray) -> np.ndarray:
    """Rank 1 for the smallest value; ties share the lowest rank of their group (1, 2, 2, 4)."""
    return (np.searchsorted(np.sort(values), values, side="left") + 1).astype(np.int32)


class _DelegateToBest:
    """``search.predict(X)`` calls ``search.best_estimator_.predict(X)``; absent if the model lacks it."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, search, owner=None):
        if search is None:
            return self
        target = getattr(search, "best_estimator_", None)
        target = search.estimator if target is None else target
        if not hasattr(target, self.name):
            raise AttributeError(f"{type(target).__name__!r} object has no attribute {self.name!r}")

        def call(*args, **kwargs):
            return getattr(search._best_for(self.name), self.name)(*args, **kwargs)

        call.__name__ = self.name
        call.__doc__ = f"``best_estimator_.{self.name}``: the refitted best model's {self.name}."
        return call


class BaseSearchCV(BaseEstimator):
    """What grid and random search share; subclasses say which candidates to try."""

    def __init__(self, estimator, *, scoring=None, n_jobs=None, refit=True, cv=None, verbose: int = 0,
                 pre_dispatch="2*n_jobs", error_score=np.nan, return_train_score: bool = False):
        self.estimator = estimator
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score

    @property
    def _estimator_type(self):
        return estimator_type(self.estimator)

    def _tag_overrides(self):
        return {"estimator_type": self._estimator_type, "requires_y": is_classifier(self.estimator)}

    def __sklearn_tags__(self):
        """The tags of the estimator being tuned: a search over a classifier is a classifier, and so on."""
        from sklearn.utils import get_tags
        tags = BaseEstimator.__sklearn_tags__(self)
        inner = get_tags(self.estimator)
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = inner.classifier_tags
        tags.regressor_tags = inner.regressor_tags
        tags.transformer_tags = inner.transformer_tags
        tags.input_tags = inner.input_tags
        tags.target_tags = inner.target_tags
        return tags

    def _candidates(self) -> list[dict]:
        raise TypeError(f"{type(self).__name__} is abstract: use GridSearchCV or RandomizedSearchCV.")

    def _refit_metric(self, scorers) -> str:
        if not isinstance(scorers, dict):
            return "score"
        if self.refit is False or callable(self.refit) or (isinstance(self.refit, str) and self.refit in scorers):
            return self.refit if isinstance(self.refit, str) else None
        raise ValueError("For multi-metric scoring, the parameter refit must be set to a scorer key or a "
                         "callable to refit an estimator with the best parameter setting on the whole data "
                         "and make the best_* attributes available for that metric. If this is not needed, "
                         f"refit should be set to False explicitly. {self.refit!r} was passed.")

    def fit(self, X, y=None, *, groups=None, **params) -> "BaseSearchCV":
        """Cross-validate every candidate (one joblib task per candidate and fold), then refit the best."""
        X, y, groups = indexable(X, y, groups)
        requires_y = getattr(self.estimator, "_get_tags", lambda: {})().get("requires_y", False)
        if y is None and (requires_y or is_classifier(self.estimator)):
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None.")
        scorers = check_scoring(self.estimator, self.scoring)
        refit_metric = self._refit_metric(scorers)
        splitter = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        splits = list(splitter.split(X, y, groups))
        candidates = list(self._candidates())
        if not splits or not candidates:
            raise ValueError("No fits were performed. Was the CV iterator empty? Were there no candidates?")
        results = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, pre_dispatch=self.pre_dispatch)(
            delayed(fit_and_score)(clone(self.estimator), X, y, scorers, train, test, parameters=candidate,
                                   fit_params=params, return_train_score=self.return_train_score,
                                   error_score=self.error_score)
            for candidate in candidates for train, test in splits)
        warn_or_raise_about_fit_failures(results, self.error_score)
        self.multimetric_ = isinstance(scorers, dict)
        self.scorer_ = scorers
        self.n_splits_ = len(splits)
        self.cv_results_ = _format_results(candidates, len(splits), results, self.multimetric_,
                                           self.return_train_score)
        if self.refit is not False or not self.multimetric_:
            if callable(self.refit):
                self.best_index_ = int(self.refit(self.cv_results_))
            else:
                self.best_index_ = int(np.argmin(self.cv_results_[f"rank_test_{refit_metric}"]))
                self.best_score_ = float(self.cv_results_[f"mean_test_{refit_metric}"][self.best_index_])
            self.best_params_ = self.cv_results_["params"][self.best_index_]
        if self.refit:
            best = clone(self.estimator).set_params(**{k: clone(v, safe=False) for k, v in self.best_params_.items()})
            start = time.perf_counter()
            best.fit(X, **params) if y is None else best.fit(X, y, **params)
            self.refit_time_ = time.perf_counter() - start
            self.best_estimator_ = best
            if hasattr(best, "n_features_in_"):
                self.n_features_in_ = best.n_features_in_
        return self

    def _best_for(self, method: str):
        if not self.refit:
            raise AttributeError(f"This {type(self).__name__} instance was initialized with `refit=False`. "
                                 f"{method} is available only after refitting on the best parameters. You can "
                                 "refit an estimator manually using the `best_params_` attribute")
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_

    predict = _DelegateToBest("predict")
    predict_proba = _DelegateToBest("predict_proba")
    predict_log_proba = _DelegateToBest("predict_log_proba")
    decision_function = _DelegateToBest("decision_function")
    transform = _DelegateToBest("transform")
    inverse_transform = _DelegateToBest("inverse_transform")

    @property
    def classes_(self):
        return self._best_for("classes_").classes_

    def score(self, X, y=None) -> float:
        """The refit metric (``scoring``, or the model's own score) of the best model on (X, y)."""
        best = self._best_for("score")
        scorer = self.scorer_[self.refit] if self.multimetric_ else self.scorer_
        return float(scorer(best, X, y))


def _masked_param_column(candidates: list[dict], name: str) -> np.ma.MaskedArray:
    """param_<name>: the value each candidate used, masked where the candidate has no such key."""
    present = [name in c for c in candidates]
    values = [c.get(name) for c in candidates]
    kinds = {type(v) for v, p in zip(values, present) if p}
    if len(kinds) == 1 and issubclass(kinds.pop(), (numbers.Number, str)) and all(present):
        data = np.array(values)
    else:
        data = np.empty(len(values), dtype=object)
        data[:] = values
    return np.ma.MaskedArray(data, mask=[not p for p in present])


def _format_results(candidates, n_splits: int, results: list[dict], multimetric: bool,
                    return_train_score: bool) -> dict:
    """scikit-learn's ``cv_results_`` layout: one entry per column, one row per candidate."""
    n = len(candidates)
    out = {}
    for key in ("fit_time", "score_time"):
        times = np.array([r[key] for r in results], dtype=float).reshape(n, n_splits)
        out[f"mean_{key}"] = times.mean(axis=1)
        out[f"std_{key}"] = times.std(axis=1)
    for name in sorted({k for c in candidates for k in c}):
        out[f"param_{name}"] = _masked_param_column(candidates, name)
    out["params"] = candidates
    names = list(results[0]["test_scores"]) if multimetric else ["score"]
    for metric in names:
        for kind in ("test",) + (("train",) if return_train_score else ()):
            scores = np.array([r[f"{kind}_scores"][metric] if multimetric else r[f"{kind}_scores"]
                               for r in results], dtype=float).reshape(n, n_splits)
            for i in range(n_splits):
                out[f"split{i}_{kind}_{metric}"] = scores[:, i]
            means = scores.mean(axis=1)
            out[f"mean_{kind}_{metric}"] = means
            out[f"std_{kind}_{metric}"] = scores.std(axis=1)
            if kind == "test":
                if np.isnan(means).all():
                    out[f"rank_test_{metric}"] = np.ones(n, dtype=np.int32)
                else:  # a failed candidate (NaN) ranks last
                    filled = np.nan_to_num(means, nan=np.nanmin(means) - 1)
                    out[f"rank_test_{metric}"] = _rank_min(-filled)
    return out


class GridSearchCV(BaseSearchCV):
    """Exhaustive search: cross-validate every combination in ``param_grid``.

    Parameters
    ----------
    estimator : estimator to tune
    param_grid : dict of lists, or a list of such dicts
    scoring : None (the estimator's score), a name ('accuracy', 'r2', 'neg_mean_squared_error',
        'f1', ...), a callable scorer(estimator, X, y), or a list/dict of them
    n_jobs : int, parallel fits through joblib (-1: all cores; a Dask cluster under
        ``joblib.parallel_config(backend='dask')``)
    refit : bool, scorer name or callable, default=True
    cv : int, splitter or iterable of (train, test), default=5 (stratified for classifiers)
    return_train_score : bool, default=False
    error_score : 'raise' or a number, default=nan
    """

    def __init__(self, estimator, param_grid, *, scoring=None, n_jobs=None, refit=True, cv=None,
                 verbose: int = 0, pre_dispatch="2*n_jobs", error_score=np.nan, return_train_score: bool = False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv, verbose=verbose,
                         pre_dispatch=pre_dispatch, error_score=error_score,
                         return_train_score=return_train_score)
        self.param_grid = param_grid

    def _candidates(self):
        return ParameterGrid(self.param_grid)


class RandomizedSearchCV(BaseSearchCV):
    """Random search: ``n_iter`` candidates drawn from ``param_distributions``.

    A value is a list (one entry drawn uniformly) or a distribution with ``rvs`` (a
    ``scipy.stats`` object such as ``loguniform(1e-4, 1e2)``). Other parameters as GridSearchCV.
    """

    def __init__(self, estimator, param_distributions, *, n_iter: int = 10, scoring=None, n_jobs=None,
                 refit=True, cv=None, verbose: int = 0, pre_dispatch="2*n_jobs", random_state=None,
                 error_score=np.nan, return_train_score: bool = False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv, verbose=verbose,
                         pre_dispatch=pre_dispatch, error_score=error_score,
                         return_train_score=return_train_score)
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state

    def _candidates(self):
        return ParameterSampler(self.param_distributions, self.n_iter, random_state=self.random_state)
