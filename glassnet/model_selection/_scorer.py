"""Scorers: turn a metric into ``scorer(estimator, X, y) -> float``, where higher is always better.

Losses are negated (``'neg_mean_squared_error'`` is −MSE) so that a search can always maximise.
"""
from __future__ import annotations


class _Scorer:
    """sign · metric(y, response), the response being predict, predict_proba or decision_function."""

    def __init__(self, score_func, sign: int = 1, response_method: str = "predict", name: str = "",
                 **kwargs):
        self._score_func = score_func
        self._sign = sign
        self._response_method = response_method
        self._name = name
        self._kwargs = kwargs

    def __repr__(self) -> str:
        return f"make_scorer({getattr(self._score_func, '__name__', self._score_func)}, sign={self._sign})"

    def _response(self, estimator, X):
        method = self._response_method
        if method == "predict":
            return estimator.predict(X)
        if method == "threshold":  # a ranking score: the decision function, else P(positive class)
            if hasattr(estimator, "decision_function"):
                return estimator.decision_function(X)
            proba = estimator.predict_proba(X)
            return proba[:, 1] if proba.shape[1] == 2 else proba
        if method == "proba_then_decision":  # top-k accuracy: probabilities first, as scikit-learn's scorer
            if not hasattr(estimator, "predict_proba"):
                return estimator.decision_function(X)
            proba = estimator.predict_proba(X)
            return proba[:, 1] if proba.shape[1] == 2 else proba
        return getattr(estimator, method)(X)

    def __call__(self, estimator, X, y_true, sample_weight=None) -> float:
        kwargs = dict(self._kwargs)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        if self._response_method == "predict_proba" and "labels" in kwargs and kwargs["labels"] is None:
            kwargs["labels"] = getattr(estimator, "classes_", None)
        return self._sign * float(self._score_func(y_true, self._response(estimator, X), **kwargs))


def make_scorer(score_func, *, response_method: str = "predict", greater_is_better: bool = True, **kwargs):
    """Wrap a metric ``score_func(y_true, y_pred, **kwargs)``; losses need ``greater_is_better=False``."""
    return _Scorer(score_func, 1 if greater_is_better else -1, response_method,
                   getattr(score_func, "__name__", "score"), **kwargs)


def _builtin_scorers() -> dict:
    from glassnet import metrics as m
    scorers = {
        "accuracy": _Scorer(m.accuracy_score),
        "r2": _Scorer(m.r2_score),
        "neg_mean_squared_error": _Scorer(m.mean_squared_error, -1),
        "neg_root_mean_squared_error": _Scorer(m.root_mean_squared_error, -1),
        "neg_mean_absolute_error": _Scorer(m.mean_absolute_error, -1),
        "neg_log_loss": _Scorer(m.log_loss, -1, "predict_proba", labels=None),
        "roc_auc": _Scorer(m.roc_auc_score, 1, "threshold"),
        "roc_auc_ovr": _Scorer(m.roc_auc_score, 1, "predict_proba", multi_class="ovr"),
        "roc_auc_ovo": _Scorer(m.roc_auc_score, 1, "predict_proba", multi_class="ovo"),
        "roc_auc_ovr_weighted": _Scorer(m.roc_auc_score, 1, "predict_proba", multi_class="ovr", average="weighted"),
        "roc_auc_ovo_weighted": _Scorer(m.roc_auc_score, 1, "predict_proba", multi_class="ovo", average="weighted"),
        "balanced_accuracy": _Scorer(m.balanced_accuracy_score),
        "top_k_accuracy": _Scorer(m.top_k_accuracy_score, 1, "proba_then_decision"),
        "matthews_corrcoef": _Scorer(m.matthews_corrcoef),
        "average_precision": _Scorer(m.average_precision_score, 1, "threshold"),
        "neg_brier_score": _Scorer(m.brier_score_loss, -1, "predict_proba"),
        "explained_variance": _Scorer(m.explained_variance_score),
        "neg_max_error": _Scorer(m.max_error, -1),
        "neg_median_absolute_error": _Scorer(m.median_absolute_error, -1),
        "neg_mean_absolute_percentage_error": _Scorer(m.mean_absolute_percentage_error, -1),
        "neg_mean_squared_log_error": _Scorer(m.mean_squared_log_error, -1),
    }
    for name, func in (("precision", m.precision_score), ("recall", m.recall_score), ("f1", m.f1_score),
                       ("jaccard", m.jaccard_score)):
        scorers[name] = _Scorer(func)
        for average in ("macro", "micro", "weighted"):
            scorers[f"{name}_{average}"] = _Scorer(func, average=average)
    for name in ("adjusted_rand_score", "adjusted_mutual_info_score", "homogeneity_score", "completeness_score",
                 "v_measure_score", "mutual_info_score", "normalized_mutual_info_score", "rand_score",
                 "fowlkes_mallows_score"):
        scorers[name] = _Scorer(getattr(m, name))
    return scorers


def get_scorer_names() -> list[str]:
    return sorted(_builtin_scorers())


def get_scorer(scoring):
    """A scorer from its name ('accuracy', 'r2', 'neg_mean_squared_error', 'f1', ...) or itself."""
    if callable(scoring):
        return scoring
    scorers = _builtin_scorers()
    if scoring not in scorers:
        raise ValueError(f"{scoring!r} is not a valid scoring value. Use glassnet.model_selection."
                         f"get_scorer_names() to get valid options: {sorted(scorers)}.")
    return scorers[scoring]


def _passthrough_score(estimator, X, y, sample_weight=None) -> float:
    """scoring=None: the estimator's own ``score`` (accuracy for classifiers, R² for regressors)."""
    if sample_weight is not None:
        return float(estimator.score(X, y, sample_weight=sample_weight))
    return float(estimator.score(X, y))


def check_scoring(estimator, scoring=None):
    """Resolve ``scoring`` to one scorer, or to a dict {name: scorer} when several are asked for."""
    if scoring is None:
        if not hasattr(estimator, "score"):
            raise TypeError(f"If no scoring is specified, the estimator passed should have a 'score' "
                            f"method. The estimator {estimator!r} does not.")
        return _passthrough_score
    if isinstance(scoring, str) or callable(scoring):
        return get_scorer(scoring)
    if isinstance(scoring, (list, tuple, set)):
        names = list(scoring)
        if len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"scoring as a list must hold distinct strings, got {scoring!r}.")
        return {name: get_scorer(name) for name in names}
    if isinstance(scoring, dict):
        return {name: get_scorer(s) for name, s in scoring.items()}
    raise ValueError(f"scoring must be None, a string, a callable, a list of strings or a dict; got {scoring!r}.")


def score_all(scorers, estimator, X, y) -> dict | float:
    """Apply one scorer (→ float) or a dict of them (→ dict of floats)."""
    if isinstance(scorers, dict):
        return {name: scorer(estimator, X, y) for name, scorer in scorers.items()}
    return scorers(estimator, X, y)


__all__ = ["make_scorer", "get_scorer", "get_scorer_names", "check_scoring"]
