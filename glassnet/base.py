"""The scikit-learn contract, written out so students can read it.

An estimator is an object that

1. stores its constructor arguments untouched (``__init__`` does no work, no checks);
2. learns in ``fit(X, y)``, which returns ``self``;
3. keeps what it learned in attributes whose names end in ``_`` (``coef_``, ``tree_``);
4. reports and changes its settings with ``get_params`` / ``set_params``, so tools such as
   ``GridSearchCV`` and ``clone`` can copy it with other settings.

The mixins add the shared verbs: ``score`` for classifiers (accuracy) and regressors (R²),
``fit_transform`` for transformers, ``fit_predict`` for clusterers.
"""
from __future__ import annotations

import copy
import inspect

import numpy as np

_DEFAULT_TAGS = {
    "estimator_type": None,
    "requires_y": False,
    "requires_fit": True,
    "allow_nan": False,
    "one_d_array": False,
    "two_d_array": True,
    "categorical": False,
    "string": False,
    "positive_only": False,
    "pairwise": False,
    "one_d_labels": False,
    "two_d_labels": False,
    "multi_output": False,
    "multi_class": True,
    "multi_label": False,
    "poor_score": False,
    "non_deterministic": False,
    "no_validation": False,
    "preserves_dtype": ["float64"],
}


class BaseEstimator:
    """Parameters in, learned attributes out: the base of every classic glassnet model."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        for p in params:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(f"{cls.__name__}: estimators must not take *args in __init__")
        return sorted(p.name for p in params if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep: bool = True) -> dict:
        """The constructor arguments as a dict; with ``deep``, also ``step__param`` of nested estimators."""
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params) -> "BaseEstimator":
        """Change settings, including nested ones written ``estimator__param``; returns self."""
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, delim, sub_key = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {sorted(self._get_param_names())!r}.")
            if delim:
                nested.setdefault(name, {})[sub_key] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        defaults = {}
        init = type(self).__init__
        if init is not object.__init__:
            defaults = {p.name: p.default for p in inspect.signature(init).parameters.values()}
        changed = []
        for name in self._get_param_names():
            value = getattr(self, name, None)
            default = defaults.get(name, inspect.Parameter.empty)
            same = default is value or (_is_scalar(value) and _is_scalar(default) and value == default)
            if not same:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"

    def __getstate__(self):
        return dict(self.__dict__)

    # -------------------------------------------------------------- tags
    def _tag_overrides(self) -> dict:
        """What this class says about itself, as a dict of ``_DEFAULT_TAGS`` keys (e.g. allow_nan)."""
        return {}

    def _get_tags(self) -> dict:
        """Merge ``_tag_overrides`` from the most general class to the most specific one.

        (scikit-learn ≥ 1.6 reads ``__sklearn_tags__`` below; the name ``_more_tags`` it retired
        is avoided on purpose.)
        """
        tags = dict(_DEFAULT_TAGS)
        for klass in reversed(type(self).__mro__):
            more = vars(klass).get("_tag_overrides")
            if more is not None:
                tags.update(more(self))
        return tags

    def __sklearn_tags__(self):
        """Describe this estimator to scikit-learn's tools (only called when scikit-learn is present)."""
        from sklearn.utils import (ClassifierTags, InputTags, RegressorTags, Tags,
                                   TargetTags, TransformerTags)
        t = self._get_tags()
        return Tags(
            estimator_type=t["estimator_type"],
            target_tags=TargetTags(required=t["requires_y"], one_d_labels=t["one_d_labels"],
                                   two_d_labels=t["two_d_labels"], positive_only=False,
                                   multi_output=t["multi_output"], single_output=True),
            transformer_tags=TransformerTags(preserves_dtype=t["preserves_dtype"])
            if isinstance(self, TransformerMixin) else None,
            classifier_tags=ClassifierTags(poor_score=t["poor_score"], multi_class=t["multi_class"],
                                           multi_label=t["multi_label"])
            if t["estimator_type"] == "classifier" else None,
            regressor_tags=RegressorTags(poor_score=t["poor_score"])
            if t["estimator_type"] == "regressor" else None,
            no_validation=t["no_validation"],
            non_deterministic=t["non_deterministic"],
            requires_fit=t["requires_fit"],
            input_tags=InputTags(one_d_array=t["one_d_array"], two_d_array=t["two_d_array"],
                                 categorical=t["categorical"], string=t["string"],
                                 positive_only=t["positive_only"], allow_nan=t["allow_nan"],
                                 pairwise=t["pairwise"]),
        )


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, (str, bool, int, float, np.generic))


class ClassifierMixin:
    """``score`` = accuracy, the fraction of samples whose predicted class is right."""

    _estimator_type = "classifier"

    def _tag_overrides(self):
        return {"estimator_type": "classifier", "requires_y": True}

    def score(self, X, y, sample_weight=None) -> float:
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:  # a column of labels: compare as 1-D, not broadcast to (n, n)
            y = y.ravel()
        correct = (self.predict(X) == y).astype(float)
        if correct.ndim == 2:  # several outputs: a sample counts when all its labels are right
            correct = correct.min(axis=1)
        return float(np.average(correct, weights=sample_weight))


class ProbabilisticClassifierMixin:
    """A classifier that answers with class probabilities p̂(c | x) (``predict_proba``):
    ŷ = classes_[argmax_c p̂(c | x)], and log p̂ for ``predict_log_proba``."""

    def predict_log_proba(self, X) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)  # first: it checks that the model is fitted
        return self.classes_[np.argmax(proba, axis=1)]


class RegressorMixin:
    """``score`` = R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², the share of variance explained."""

    _estimator_type = "regressor"

    def _tag_overrides(self):
        return {"estimator_type": "regressor", "requires_y": True}

    def score(self, X, y, sample_weight=None) -> float:
        from glassnet.metrics import r2_score
        return r2_score(y, self.predict(X), sample_weight=sample_weight)


class TransformerMixin:
    """``fit_transform(X)`` = ``fit(X).transform(X)`` (subclasses may do it in one pass).

    ``set_output(transform="pandas")`` makes ``transform`` and ``fit_transform`` return DataFrames.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from glassnet.utils.set_output import wraps_output
        for name in ("transform", "fit_transform"):
            if name in vars(cls) and callable(vars(cls)[name]):
                setattr(cls, name, wraps_output(vars(cls)[name]))

    def set_output(self, *, transform=None):
        """``'pandas'``: DataFrames out (columns from get_feature_names_out); ``'default'``: arrays."""
        from glassnet.utils.set_output import set_output
        return set_output(self, transform)

    def fit_transform(self, X, y=None, **fit_params):
        if y is None:
            return self.fit(X, **fit_params).transform(X)
        return self.fit(X, y, **fit_params).transform(X)


class ClusterMixin:
    """``fit_predict(X)``: fit, then return ``labels_``."""

    _estimator_type = "clusterer"

    def _tag_overrides(self):
        return {"estimator_type": "clusterer"}

    def fit_predict(self, X, y=None, **fit_params):
        self.fit(X, **fit_params)
        return self.labels_


def clone(estimator, *, safe: bool = True):
    """A new, unfitted estimator with the same settings (nested estimators cloned too)."""
    if isinstance(estimator, (list, tuple, set, frozenset)):
        return type(estimator)(clone(e, safe=safe) for e in estimator)
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        if not safe:
            return copy.deepcopy(estimator)
        raise TypeError(f"Cannot clone {estimator!r}: it has no get_params method, so it is not an estimator.")
    params = estimator.get_params(deep=False)
    new_params = {name: clone(value, safe=False) for name, value in params.items()}
    new = type(estimator)(**new_params)
    if hasattr(estimator, "_sklearn_output_config"):  # set_output is a setting, kept as scikit-learn keeps it
        new._sklearn_output_config = copy.deepcopy(estimator._sklearn_output_config)
    return new


def estimator_type(estimator) -> str | None:
    """What an estimator says it is: 'classifier', 'regressor', 'clusterer', ... or None.

    Read as scikit-learn ≥ 1.6 reads it: first the estimator tags (glassnet's own
    ``_get_tags``, then ``__sklearn_tags__().estimator_type``, which scikit-learn's estimators
    carry instead of the retired ``_estimator_type`` attribute), and ``_estimator_type`` only
    for estimators that have no tags at all (older third-party code).
    """
    if isinstance(estimator, type):
        raise TypeError(f"Expected an estimator instance ({estimator.__name__}()), got the class "
                        f"{estimator.__name__} itself.")
    own_tags = getattr(estimator, "_get_tags", None)
    if own_tags is not None and isinstance(estimator, BaseEstimator):
        return own_tags()["estimator_type"]
    sklearn_tags = getattr(estimator, "__sklearn_tags__", None)
    if sklearn_tags is not None:
        try:
            return sklearn_tags().estimator_type
        except (AttributeError, ImportError):  # half-written tags (mixins only): fall back
            pass
    return getattr(estimator, "_estimator_type", None)


def is_classifier(estimator) -> bool:
    """True when the estimator's tags (or, lacking tags, ``_estimator_type``) say 'classifier'."""
    return estimator_type(estimator) == "classifier"


def is_regressor(estimator) -> bool:
    """True when the estimator's tags (or, lacking tags, ``_estimator_type``) say 'regressor'."""
    return estimator_type(estimator) == "regressor"


def is_clusterer(estimator) -> bool:
    """True when the estimator's tags (or, lacking tags, ``_estimator_type``) say 'clusterer'."""
    return estimator_type(estimator) == "clusterer"


__all__ = ["BaseEstimator", "ClassifierMixin", "ProbabilisticClassifierMixin", "RegressorMixin", "TransformerMixin", "ClusterMixin",
           "clone", "estimator_type", "is_classifier", "is_regressor", "is_clusterer"]
