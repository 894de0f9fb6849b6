"""Cross-validation: fit on k − 1 folds, score on the held-out one, k times.

Every (parameters, split) fit is one ``joblib`` task, so ``n_jobs`` spreads them over local
cores, and ``joblib.parallel_config(backend='dask')`` spreads them over a Dask cluster.
"""
from __future__ import annotations

import numbers
import time
import traceback
import warnings

import numpy as np
from joblib import Parallel, delayed

from glassnet.base import clone, is_classifier
from glassnet.exceptions import FitFailedWarning
from glassnet.model_selection._scorer import check_scoring, score_all
from glassnet.model_selection._split import _num_samples, check_cv, indexable, safe_indexing


def _fit_params_for(params: dict | None, train, n_samples: int) -> dict:
    """Fit parameters with one value per sample (sample_weight, ...) are cut to the training rows."""
    out = {}
    for key, value in (params or {}).items():
        if hasattr(value, "__len__") and not isinstance(value, str) and _num_samples(value) == n_samples:
            out[key] = safe_indexing(value if hasattr(value, "shape") else np.asarray(value), train)
        else:
            out[key] = value
    return out


def fit_and_score(estimator, X, y, scorer, train, test, *, parameters=None, fit_params=None,
                  return_train_score: bool = False, return_estimator: bool = False, error_score=np.nan):
    """Clone-free worker: set ``parameters``, fit on ``train``, score on ``test`` (and ``train``).

    Returns a dict with test_scores, train_scores, fit_time, score_time, n_test_samples,
    estimator, fit_error (the traceback text when the fit raised and error_score is a number).
    """
    if parameters:
        estimator = estimator.set_params(**{k: clone(v, safe=False) for k, v in parameters.items()})
    X_train, X_test = safe_indexing(X, train), safe_indexing(X, test)
    y_train, y_test = safe_indexing(y, train), safe_indexing(y, test)
    result = {"n_test_samples": len(test), "fit_error": None, "parameters": parameters}
    start = time.perf_counter()
    try:
        if y_train is None:
            estimator.fit(X_train, **_fit_params_for(fit_params, train, _num_samples(X)))
        else:
            estimator.fit(X_train, y_train, **_fit_params_for(fit_params, train, _num_samples(X)))
    except Exception:
        if isinstance(error_score, str) and error_score == "raise":
            raise
        if not isinstance(error_score, numbers.Number):
            raise ValueError("error_score must be the string 'raise' or a numeric value.") from None
        result["fit_time"] = time.perf_counter() - start
        result["score_time"] = 0.0
        result["fit_error"] = traceback.format_exc()
        filled = ({name: error_score for name in scorer} if isinstance(scorer, dict) else error_score)
        result["test_scores"] = filled
        if return_train_score:
            result["train_scores"] = filled
    else:
        result["fit_time"] = time.perf_counter() - start
        start = time.perf_counter()
        result["test_scores"] = score_all(scorer, estimator, X_test, y_test)
        result["score_time"] = time.perf_counter() - start
        if return_train_score:
            result["train_scores"] = score_all(scorer, estimator, X_train, y_train)
    if return_estimator:
        result["estimator"] = estimator
    return result


def warn_or_raise_about_fit_failures(results: list[dict], error_score) -> None:
    """All fits failed → ValueError with the first traceback; some failed → FitFailedWarning."""
    errors = [r["fit_error"] for r in results if r["fit_error"] is not None]
    if not errors:
        return
    if len(errors) == len(results):
        raise ValueError(f"All the {len(results)} fits failed. It is very likely that your model is "
                         "misconfigured. You can try to debug the error by setting error_score='raise'.\n"
                         f"Below are more details about the failures:\n{errors[0]}")
    warnings.warn(f"\n{len(errors)} fits failed out of a total of {len(results)}.\nThe score on these "
                  f"train-test partitions for these parameters will be set to {error_score}.\nIf these "
                  "failures are not expected, you can try to debug them by setting error_score='raise'.\n"
                  f"The first failure:\n{errors[0]}", FitFailedWarning, stacklevel=3)


def _stack(results: list[dict], key: str, multimetric: bool) -> dict | np.ndarray:
    if multimetric:
        names = results[0][key].keys()
        return {name: np.array([r[key][name] for r in results], dtype=float) for name in names}
    return np.array([r[key] for r in results], dtype=float)


def cross_validate(estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None, verbose: int = 0,
                   params=None, pre_dispatch="2*n_jobs", return_train_score: bool = False,
                   return_estimator: bool = False, return_indices: bool = False, error_score=np.nan) -> dict:
    """Scores of ``estimator`` over the folds of ``cv``: a dict of arrays, one value per fold.

    Keys: fit_time, score_time, test_score (test_<name> for several metrics), train_score when
    asked, estimator (the fitted clones) and indices when asked.
    """
    X, y, groups = indexable(X, y, groups)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorers = check_scoring(estimator, scoring)
    multimetric = isinstance(scorers, dict)
    splits = list(splitter.split(X, y, groups))
    results = Parallel(n_jobs=n_jobs, verbose=verbose, pre_dispatch=pre_dispatch)(
        delayed(fit_and_score)(clone(estimator), X, y, scorers, train, test, fit_params=params,
                               return_train_score=return_train_score, return_estimator=return_estimator,
                               error_score=error_score)
        for train, test in splits)
    warn_or_raise_about_fit_failures(results, error_score)
    out = {"fit_time": np.array([r["fit_time"] for r in results]),
           "score_time": np.array([r["score_time"] for r in results])}
    if return_estimator:
        out["estimator"] = [r["estimator"] for r in results]
    if return_indices:
        out["indices"] = {"train": [tr for tr, _ in splits], "test": [te for _, te in splits]}
    for kind in ("test",) + (("train",) if return_train_score else ()):
        scores = _stack(results, f"{kind}_scores", multimetric)
        if multimetric:
            out.update({f"{kind}_{name}": values for name, values in scores.items()})
        else:
            out[f"{kind}_score"] = scores
    return out


def cross_val_score(estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None,
                    verbose: int = 0, params=None, pre_dispatch="2*n_jobs", error_score=np.nan) -> np.ndarray:
    """One score per fold: the held-out estimate of how well the model generalises."""
    if scoring is not None and not (isinstance(scoring, str) or callable(scoring)):
        raise ValueError(f"cross_val_score takes a single metric; got scoring={scoring!r}. "
                         "Use cross_validate for several.")
    return cross_validate(estimator, X, y, groups=groups, scoring=scoring, cv=cv, n_jobs=n_jobs,
                          verbose=verbose, params=params, pre_dispatch=pre_dispatch,
                          error_score=error_score)["test_score"]


def validation_curve(estimator, X, y, *, param_name: str, param_range, groups=None, cv=None, scoring=None,
                     n_jobs=None, pre_dispatch="all", verbose: int = 0, error_score=np.nan, params=None):
    """Train and test scores as one hyper-parameter varies: arrays of shape (len(param_range), n_folds).

    Low train and test scores: under-fitting (bias); high train, low test: over-fitting (variance).
    """
    X, y, groups = indexable(X, y, groups)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    splits = list(splitter.split(X, y, groups))
    results = Parallel(n_jobs=n_jobs, pre_dispatch=pre_dispatch, verbose=verbose)(
        delayed(fit_and_score)(clone(estimator), X, y, scorer, train, test, parameters={param_name: v},
                               fit_params=params, return_train_score=True, error_score=error_score)
        for v in param_range for train, test in splits)
    warn_or_raise_about_fit_failures(results, error_score)
    shape = (len(param_range), len(splits))
    train = _stack(results, "train_scores", False).reshape(shape)
    test = _stack(results, "test_scores", False).reshape(shape)
    return train, test


def _absolute_train_sizes(train_sizes, n_max: int) -> np.ndarray:
    sizes = np.asarray(train_sizes)
    if sizes.dtype.kind == "f":
        if sizes.min() <= 0 or sizes.max() > 1:
            raise ValueError(f"train_sizes has been interpreted as fractions of the maximum number of "
                             f"training samples and must be within (0, 1], but is within "
                             f"[{sizes.min()}, {sizes.max()}].")
        sizes = np.clip((sizes * n_max).astype(int), 1, n_max)
    elif sizes.min() <= 0 or sizes.max() > n_max:
        raise ValueError(f"train_sizes has been interpreted as absolute numbers of training samples and "
                         f"must be within (0, {n_max}], but is within [{sizes.min()}, {sizes.max()}].")
    unique = np.unique(sizes)
    if unique.size != sizes.size:
        warnings.warn(f"Removed duplicate entries from 'train_sizes'. Number of ticks will be less than "
                      f"the size of 'train_sizes': {unique.size} instead of {sizes.size}.",
                      RuntimeWarning, stacklevel=3)
    return unique


def learning_curve(estimator, X, y, *, groups=None, train_sizes=np.linspace(0.1, 1.0, 5), cv=None,
                   scoring=None, n_jobs=None, pre_dispatch="all", verbose: int = 0, shuffle: bool = False,
                   random_state=None, error_score=np.nan, return_times: bool = False, params=None,
                   exploit_incremental_learning: bool = False):
    """Train and test scores as the training set grows (the first m samples of each training fold).

    Returns (train_sizes_abs, train_scores, test_scores[, fit_times, score_times]), the score
    arrays of shape (n_sizes, n_folds). Curves that meet early and low mean more data won't help.

    ``exploit_incremental_learning=True`` trains one model per fold with ``partial_fit``, one
    chunk of new samples per size, instead of a fresh fit per size (online learning: the curve
    then shows what one model learns as data arrives).
    """
    from glassnet.utils.validation import check_random_state
    X, y, groups = indexable(X, y, groups)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    splits = list(splitter.split(X, y, groups))
    rng = check_random_state(random_state)
    if shuffle:
        splits = [(rng.permutation(train), test) for train, test in splits]
    sizes = _absolute_train_sizes(train_sizes, len(splits[0][0]))
    if exploit_incremental_learning:
        if not hasattr(estimator, "partial_fit"):
            raise ValueError(f"An estimator must support the partial_fit interface to exploit incremental "
                             f"learning; {type(estimator).__name__} has no partial_fit.")
        classes = np.unique(y) if is_classifier(estimator) else None
        per_fold = Parallel(n_jobs=n_jobs, pre_dispatch=pre_dispatch, verbose=verbose)(
            delayed(_incremental_fit_and_score)(clone(estimator), X, y, classes, train, test, sizes, scorer,
                                                params)
            for train, test in splits)
        results = [r for fold in per_fold for r in fold]
    else:
        results = Parallel(n_jobs=n_jobs, pre_dispatch=pre_dispatch, verbose=verbose)(
            delayed(fit_and_score)(clone(estimator), X, y, scorer, train[:m], test, fit_params=params,
                                   return_train_score=True, error_score=error_score)
            for train, test in splits for m in sizes)
    warn_or_raise_about_fit_failures(results, error_score)
    shape = (len(splits), len(sizes))
    out = [sizes]
    for key in ("train_scores", "test_scores", "fit_time", "score_time"):
        if key in ("fit_time", "score_time") and not return_times:
            continue
        values = np.array([r[key] for r in results], dtype=float)
        out.append(values.reshape(shape).T)
    return tuple(out)


def _incremental_fit_and_score(estimator, X, y, classes, train, test, sizes, scorer, params):
    """One model per fold: partial_fit on samples [previous size, size) of the fold, then score."""
    X_test, y_test = safe_indexing(X, test), safe_indexing(y, test)
    results, done = [], 0
    for m in sizes:
        chunk = train[done:m]
        start = time.perf_counter()
        if classes is None:
            estimator.partial_fit(safe_indexing(X, chunk), safe_indexing(y, chunk), **(params or {}))
        else:
            estimator.partial_fit(safe_indexing(X, chunk), safe_indexing(y, chunk), classes=classes,
                                  **(params or {}))
        fit_time = time.perf_counter() - start
        done = m
        start = time.perf_counter()
        test_scores = score_all(scorer, estimator, X_test, y_test)
        score_time = time.perf_counter() - start
        train_scores = score_all(scorer, estimator, safe_indexing(X, train[:m]), safe_indexing(y, train[:m]))
        results.append({"test_scores": test_scores, "train_scores": train_scores, "fit_time": fit_time,
                        "score_time": score_time, "fit_error": None})
    return results
