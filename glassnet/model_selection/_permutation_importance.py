"""Permutation importance: how much worse is the model when one feature is shuffled?

For feature j: score the fitted model on (X, y), then on copies of X whose column j is
permuted (``n_repeats`` times), which breaks the link between that feature and y while keeping
its distribution. importance_j = baseline score − permuted score, averaged over the repeats.
A feature the model ignores gets ≈ 0; model-agnostic, and measured on the data given (use
held-out data to see what matters for generalisation, not for memorising).
"""
from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed

from glassnet.model_selection._scorer import check_scoring
from glassnet.utils.bunch import Bunch
from glassnet.utils.validation import check_random_state


def _score(estimator, scorer, X, y, sample_weight):
    if isinstance(scorer, dict):
        return {name: _score(estimator, s, X, y, sample_weight) for name, s in scorer.items()}
    if sample_weight is not None:
        return scorer(estimator, X, y, sample_weight=sample_weight)
    return scorer(estimator, X, y)


def _permuted_scores(estimator, X, y, sample_weight, column, seed, n_repeats, scorer, rows):
    """Scores with column ``column`` shuffled, ``n_repeats`` times (a fresh generator from ``seed``)."""
    rng = check_random_state(seed)
    if rows is not None:
        X, y = X[rows], y[rows]
        sample_weight = None if sample_weight is None else sample_weight[rows]
    X_permuted = X.copy()
    order = np.arange(X.shape[0])
    scores = []
    for _ in range(n_repeats):
        rng.shuffle(order)
        X_permuted[:, column] = X_permuted[order, column]     # scikit-learn composes the shuffles
        scores.append(_score(estimator, scorer, X_permuted, y, sample_weight))
    return scores


def _importances(baseline, scores):
    importances = baseline - np.array(scores)
    return Bunch(importances_mean=importances.mean(axis=1), importances_std=importances.std(axis=1),
                 importances=importances)


def permutation_importance(estimator, X, y, *, scoring=None, n_repeats: int = 5, n_jobs=None, random_state=None,
                           sample_weight=None, max_samples=1.0):
    """Importance of every feature of a fitted ``estimator`` (see the module docstring).

    Returns a Bunch with ``importances_mean`` and ``importances_std`` of shape (n_features,) and
    ``importances`` (n_features, n_repeats); with several scorers, one such Bunch per scorer.
    One joblib task per feature.
    """
    X = np.asarray(X) if not hasattr(X, "iloc") else X.to_numpy()
    y = np.asarray(y)
    sample_weight = None if sample_weight is None else np.asarray(sample_weight)
    random_state = check_random_state(random_state)
    seed = random_state.randint(np.iinfo(np.int32).max + 1)   # every feature draws the same permutations
    n = X.shape[0]
    if isinstance(max_samples, float):
        if not 0 < max_samples <= 1:
            raise ValueError(f"max_samples must be in (0, 1] as a float, got {max_samples!r}.")
        k = int(max_samples * n)
    else:
        k = int(max_samples)
        if not 0 < k <= n:
            raise ValueError(f"max_samples must be <= n_samples ({n}) and > 0, got {max_samples!r}.")
    rows = None if k >= n else random_state.choice(n, k, replace=False)
    scorer = check_scoring(estimator, scoring)
    baseline = _score(estimator, scorer, X, y, sample_weight)
    scores = Parallel(n_jobs=n_jobs)(
        delayed(_permuted_scores)(estimator, X, y, sample_weight, j, seed, n_repeats, scorer, rows)
        for j in range(X.shape[1]))
    if isinstance(baseline, dict):
        return Bunch({name: _importances(baseline[name], [[s[name] for s in feature] for feature in scores])
                      for name in baseline})
    return _importances(baseline, scores)


__all__ = ["permutation_importance"]
