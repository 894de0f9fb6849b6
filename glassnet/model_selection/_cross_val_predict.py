"""Out-of-fold predictions: every sample is predicted by the model that did not see it.

For each split of ``cv`` a clone is fitted on the training part and predicts the test part; the
predictions are put back in the samples' original order. The splits must be a partition (each
sample tested exactly once), as k-fold's are.
"""
from __future__ import annotations

import warnings

import numpy as np
from joblib import Parallel, delayed

from glassnet.base import clone, is_classifier
from glassnet.model_selection._split import _num_samples, check_cv, indexable, safe_indexing
from glassnet.model_selection._validation import _fit_params_for

_PROBABILISTIC = ("decision_function", "predict_proba", "predict_log_proba")


def _fit_and_predict(estimator, X, y, train, test, method, params, n_classes):
    fit_params = _fit_params_for(params, train, _num_samples(X))
    y_train = None if y is None else safe_indexing(y, train)
    estimator.fit(safe_indexing(X, train), y_train, **fit_params)
    predictions = getattr(estimator, method)(safe_indexing(X, test))
    if n_classes is None:
        return predictions
    return _all_class_columns(np.asarray(predictions), estimator.classes_, n_classes, method)


def _all_class_columns(predictions, fold_classes, n_classes, method):
    """One column per class of the whole y, even for a class missing from this fold's training part."""
    if len(fold_classes) == n_classes:
        return predictions
    warnings.warn(f"Number of classes in training fold ({len(fold_classes)}) does not match total number "
                  f"of classes ({n_classes}): the missing classes get the lowest score. Stratified folds "
                  "avoid this.", RuntimeWarning, stacklevel=2)
    if method == "decision_function" and predictions.ndim == 1:
        raise ValueError(f"Only {len(fold_classes)} class(es) in a training fold but {n_classes} in y: "
                         "decision_function then gives one column and the classes cannot be matched.")
    # the score of an unseen class: probability 0, log-probability and decision score the lowest float
    fill = 0.0 if method == "predict_proba" else np.finfo(predictions.dtype).min
    full = np.full((predictions.shape[0], n_classes), fill, dtype=predictions.dtype)
    full[:, np.asarray(fold_classes, dtype=int)] = predictions
    return full


def cross_val_predict(estimator, X, y=None, *, groups=None, cv=None, n_jobs=None, verbose: int = 0,
                      params=None, pre_dispatch="2*n_jobs", method: str = "predict"):
    """The prediction for each sample from the model fitted on the folds that exclude it.

    ``method``: ``'predict'``, ``'predict_proba'``, ``'predict_log_proba'`` or
    ``'decision_function'``; for the last three with a classifier, the columns are the classes of
    the whole ``y`` in sorted order (the estimator is fitted on the labels encoded 0..k-1).
    """
    X, y, groups = indexable(X, y, groups)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    splits = list(splitter.split(X, y, groups))
    test_indices = np.concatenate([test for _, test in splits])
    n_samples = _num_samples(X)
    if len(test_indices) != n_samples or not np.array_equal(np.sort(test_indices), np.arange(n_samples)):
        raise ValueError("cross_val_predict only works for partitions: every sample must be in exactly "
                         f"one test set, but the {type(splitter).__name__} splits test "
                         f"{len(np.unique(test_indices))} distinct samples in {len(test_indices)} places "
                         f"out of {n_samples}.")
    if not hasattr(estimator, method):
        raise AttributeError(f"{type(estimator).__name__} has no method {method!r}.")
    n_classes = None
    if method in _PROBABILISTIC and is_classifier(estimator) and y is not None and np.asarray(y).ndim == 1:
        _, y = np.unique(np.asarray(y), return_inverse=True)  # labels 0..k-1, columns in sorted order
        n_classes = int(y.max()) + 1
    predictions = Parallel(n_jobs=n_jobs, verbose=verbose, pre_dispatch=pre_dispatch)(
        delayed(_fit_and_predict)(clone(estimator), X, y, train, test, method, params, n_classes)
        for train, test in splits)
    inverse = np.empty(n_samples, dtype=int)
    inverse[test_indices] = np.arange(n_samples)
    if isinstance(predictions[0], list):  # one array per output (multi-output predict_proba)
        return [np.concatenate([p[k] for p in predictions])[inverse] for k in range(len(predictions[0]))]
    return np.concatenate([np.asarray(p) for p in predictions])[inverse]


__all__ = ["cross_val_predict"]
