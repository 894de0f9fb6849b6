"""Pipelines: chain transformers and a final estimator so they fit, predict and tune as one model.

    model = make_pipeline(StandardScaler(), PolynomialFeatures(3), Ridge(alpha=0.1))
    model.fit(X_train, y_train)          # each transformer: fit_transform, then the last step: fit
    model.predict(X_test)                # each transformer: transform, then the last step: predict

Because every step is fitted only on the training data it sees, a pipeline inside
cross-validation never leaks the test folds' statistics into the scaler. Parameters of the steps
are reachable as ``<step>__<param>`` (``GridSearchCV(model, {"ridge__alpha": [0.1, 1]})``).
"""
from __future__ import annotations

import time
from collections import Counter

import numpy as np

from glassnet.base import BaseEstimator, estimator_type
from glassnet.utils.validation import check_is_fitted


def _final_method(name: str):
    """Pass X through every transformer, then call ``name`` on the last step."""
    def method(self, X, **params):
        self._check_fitted()
        Xt = X
        for _, _, transformer in self._iter(with_final=False):
            Xt = transformer.transform(Xt)
        return getattr(self.steps[-1][1], name)(Xt, **params)
    method.__name__ = name
    method.__doc__ = f"Transform X with every step but the last, then return the last step's ``{name}``."
    return method


def _available_if_final_has(name: str):
    """A property that exists only when the final estimator has ``name`` (like scikit-learn's available_if)."""
    bound = _final_method(name)

    def getter(self):
        final = self._final_estimator
        if final != "passthrough" and not hasattr(final, name):
            raise AttributeError(f"This {type(final).__name__!r} has no attribute {name!r}")
        return bound.__get__(self, type(self))
    return property(getter, doc=bound.__doc__)


class Pipeline(BaseEstimator):
    """A sequence of (name, transformer) steps ending with any estimator.

    ``fit(X, y)`` runs ``X = step.fit_transform(X, y)`` for each transformer and then
    ``final.fit(X, y)``; ``predict``, ``predict_proba``, ``score``, ... transform X through the
    fitted transformers and ask the final step. A step may be ``'passthrough'`` or None (skipped).

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        The names must be unique and must not contain '__'.
    memory : None
        Must be None: glassnet does not cache fitted transformers (scikit-learn's ``memory`` is a
        joblib cache directory); anything else raises a ValueError in ``fit``.
    verbose : bool, default=False
        Print the time each step takes to fit.
    """

    def __init__(self, steps, *, memory=None, verbose: bool = False):
        self.steps = steps
        self.memory = memory
        self.verbose = verbose

    # -------------------------------------------------------------- parameters
    def get_params(self, deep: bool = True) -> dict:
        """``steps``, ``memory``, ``verbose``, each step by name, and with ``deep`` each ``name__param``."""
        out = {"steps": self.steps, "memory": self.memory, "verbose": self.verbose}
        if not deep or not self._step_names():
            return out
        for name, estimator in self.steps:
            out[name] = estimator
            if hasattr(estimator, "get_params"):
                out.update((f"{name}__{key}", value) for key, value in estimator.get_params(deep=True).items())
        return out

    def set_params(self, **params) -> "Pipeline":
        """Set ``steps``, replace a step by name (``scaler=MinMaxScaler()``), or set ``name__param``."""
        if "steps" in params:
            self.steps = params.pop("steps")
        names = self._step_names()
        for name in list(params):
            if name in names:
                index = names.index(name)
                self.steps = list(self.steps)
                self.steps[index] = (name, params.pop(name))
        direct = {k: params.pop(k) for k in list(params) if k in ("memory", "verbose")}
        for key, value in direct.items():
            setattr(self, key, value)
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, delim, sub_key = key.partition("__")
            if not delim or name not in names:
                raise ValueError(f"Invalid parameter {name!r} for estimator {self!r}. Valid parameters are: "
                                 f"{sorted(self.get_params(deep=False)) + names!r}.")
            nested.setdefault(name, {})[sub_key] = value
        step_of = dict(self.steps) if nested else {}
        for name, sub_params in nested.items():
            step_of[name].set_params(**sub_params)
        return self

    # -------------------------------------------------------------- steps
    def _step_names(self) -> list:
        """Names of the steps (none while ``steps`` is not yet a list of pairs; fit checks it)."""
        try:
            return [name for name, _ in self.steps]
        except (TypeError, ValueError):
            return []

    def _validate_steps(self):
        if not isinstance(self.steps, (list, tuple)) or not self.steps:
            raise ValueError(f"steps must be a non-empty list of (name, estimator) tuples, got {self.steps!r}.")
        for step in self.steps:
            if not (isinstance(step, tuple) and len(step) == 2 and isinstance(step[0], str)):
                raise TypeError(f"Each step must be a (name, estimator) tuple, got {step!r}.")
        names = [name for name, _ in self.steps]
        duplicates = [name for name, count in Counter(names).items() if count > 1]
        if duplicates:
            raise ValueError(f"Names provided are not unique: {names!r} (repeated: {duplicates!r}).")
        for name in names:
            if "__" in name:
                raise ValueError(f"Estimator names must not contain __: got {name!r}.")
            if name in ("steps", "memory", "verbose"):
                raise ValueError(f"Estimator names conflict with constructor arguments: {name!r}.")
        for name, transformer in self.steps[:-1]:
            if transformer is None or transformer == "passthrough":
                continue
            if not (hasattr(transformer, "fit") or hasattr(transformer, "fit_transform")) or not hasattr(
                    transformer, "transform"):
                raise TypeError(f"All intermediate steps should be transformers and implement fit and transform "
                                f"or be the string 'passthrough'. {transformer!r} (step {name!r}) doesn't.")
        final = self.steps[-1][1]
        if final is not None and final != "passthrough" and not hasattr(final, "fit"):
            raise TypeError(f"Last step of Pipeline should implement fit or be the string 'passthrough'. "
                            f"{final!r} doesn't.")

    def set_output(self, *, transform=None) -> "Pipeline":
        """Set the output container (``'pandas'`` or ``'default'``) of every step that has one."""
        for _, step in self.steps:
            if hasattr(step, "set_output") and step not in (None, "passthrough"):
                step.set_output(transform=transform)
        return self

    def _iter(self, with_final: bool = True):
        stop = len(self.steps) if with_final else len(self.steps) - 1
        for index, (name, step) in enumerate(self.steps[:stop]):
            if step is not None and not (isinstance(step, str) and step == "passthrough"):
                yield index, name, step

    @property
    def _final_estimator(self):
        final = self.steps[-1][1]
        return "passthrough" if final is None else final

    @property
    def named_steps(self) -> dict:
        """The steps by name: ``pipe.named_steps['ridge'].coef_``."""
        return dict(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index):
        """``pipe[0]`` a step, ``pipe['scaler']`` a step by name, ``pipe[:-1]`` a sub-pipeline."""
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise ValueError("Pipeline slicing only supports a step of 1.")
            return type(self)(self.steps[index], memory=self.memory, verbose=self.verbose)
        if isinstance(index, str):
            return self.named_steps[index]
        return self.steps[index][1]

    def _check_fitted(self):
        final = self._final_estimator
        if final == "passthrough":
            for _, _, step in self._iter(with_final=False):
                check_is_fitted(step)
        else:
            check_is_fitted(final)

    # -------------------------------------------------------------- fitting
    def _log(self, index: int, name: str, seconds: float) -> None:
        if self.verbose:
            message = f"(step {index + 1} of {len(self.steps)}) Processing {name}, total={seconds:6.1f}s"
            print(f"[Pipeline] {message:.>70}")

    def _fit_transformers(self, X, y, params):
        self._validate_steps()
        if self.memory is not None:
            raise ValueError(f"memory={self.memory!r}: glassnet's Pipeline does not cache transformers; "
                             "use memory=None.")
        Xt = X
        for index, name, transformer in self._iter(with_final=False):
            # fitted in place, like scikit-learn's Pipeline without a cache
            step_params = params.get(name, {})
            start = time.perf_counter()
            if hasattr(transformer, "fit_transform"):
                Xt = transformer.fit_transform(Xt, y, **step_params)
            else:
                Xt = transformer.fit(Xt, y, **step_params).transform(Xt)
            self._log(index, name, time.perf_counter() - start)
        return Xt

    @staticmethod
    def _split_params(params: dict) -> dict:
        by_step: dict[str, dict] = {}
        for key, value in params.items():
            name, delim, param = key.partition("__")
            if not delim:
                raise ValueError(f"Pipeline.fit does not accept the {key!r} parameter. Pass parameters to a "
                                 f"step as stepname__parameter, e.g. `Pipeline.fit(X, y, logisticregression__"
                                 f"sample_weight=sample_weight)`.")
            by_step.setdefault(name, {})[param] = value
        return by_step

    def fit(self, X, y=None, **params) -> "Pipeline":
        """Fit each transformer on the output of the previous one, then the final estimator."""
        by_step = self._split_params(params)
        Xt = self._fit_transformers(X, y, by_step)
        final = self._final_estimator
        if final != "passthrough":
            start = time.perf_counter()
            final.fit(Xt, y, **by_step.get(self.steps[-1][0], {}))
            self._log(len(self.steps) - 1, self.steps[-1][0], time.perf_counter() - start)
        return self

    @property
    def fit_transform(self):
        """Fit every step and return the last step's output (the last step must transform)."""
        final = self._final_estimator
        if final != "passthrough" and not (hasattr(final, "fit_transform") or hasattr(final, "transform")):
            raise AttributeError(f"This {type(final).__name__!r} has no attribute 'fit_transform'")

        def fit_transform(X, y=None, **params):
            by_step = self._split_params(params)
            Xt = self._fit_transformers(X, y, by_step)
            last_step = self._final_estimator
            if last_step == "passthrough":
                return Xt
            last = by_step.get(self.steps[-1][0], {})
            if hasattr(last_step, "fit_transform"):
                return last_step.fit_transform(Xt, y, **last)
            return last_step.fit(Xt, y, **last).transform(Xt)
        return fit_transform

    @property
    def fit_predict(self):
        """Fit the transformers, then the final step's ``fit_predict`` (clusterers)."""
        if not hasattr(self._final_estimator, "fit_predict"):
            raise AttributeError(f"This {type(self._final_estimator).__name__!r} has no attribute 'fit_predict'")

        def fit_predict(X, y=None, **params):
            by_step = self._split_params(params)
            Xt = self._fit_transformers(X, y, by_step)
            return self._final_estimator.fit_predict(Xt, y, **by_step.get(self.steps[-1][0], {}))
        return fit_predict

    def __sklearn_is_fitted__(self) -> bool:
        """Fitted when its steps are (a pipeline keeps no learned attribute of its own)."""
        try:
            self._check_fitted()
        except (ValueError, AttributeError, TypeError):
            return False
        return True

    predict = _available_if_final_has("predict")
    predict_proba = _available_if_final_has("predict_proba")
    predict_log_proba = _available_if_final_has("predict_log_proba")
    decision_function = _available_if_final_has("decision_function")
    score_samples = _available_if_final_has("score_samples")

    @property
    def transform(self):
        """Transform X through every step (the last one must be a transformer or 'passthrough')."""
        final = self._final_estimator
        if final != "passthrough" and not hasattr(final, "transform"):
            raise AttributeError(f"This {type(final).__name__!r} has no attribute 'transform'")

        def transform(X):
            self._check_fitted()
            Xt = X
            for _, _, step in self._iter():
                Xt = step.transform(Xt)
            return Xt
        return transform

    @property
    def inverse_transform(self):
        """Undo the transformers in reverse order (each must have ``inverse_transform``)."""
        for _, _, step in self._iter():
            if not hasattr(step, "inverse_transform"):
                raise AttributeError(f"This {type(step).__name__!r} has no attribute 'inverse_transform'")

        def inverse_transform(Xt):
            self._check_fitted()
            for _, _, step in reversed(list(self._iter())):
                Xt = step.inverse_transform(Xt)
            return Xt
        return inverse_transform

    @property
    def score(self):
        """Transform X, then the final step's ``score(Xt, y)`` (accuracy or R²)."""
        final = self._final_estimator
        if final != "passthrough" and not hasattr(final, "score"):
            raise AttributeError(f"This {type(final).__name__!r} has no attribute 'score'")

        def score(X, y=None, sample_weight=None):
            self._check_fitted()
            Xt = X
            for _, _, step in self._iter(with_final=False):
                Xt = step.transform(Xt)
            kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
            return self.steps[-1][1].score(Xt, y, **kwargs)
        return score

    # -------------------------------------------------------------- what the final step knows
    @property
    def classes_(self):
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self):
        for _, _, step in self._iter():
            return step.n_features_in_
        raise AttributeError("Pipeline has no fitted step with n_features_in_")

    @property
    def feature_names_in_(self):
        for _, _, step in self._iter():
            return step.feature_names_in_
        raise AttributeError("Pipeline has no fitted step with feature_names_in_")

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = input_features
        for _, name, step in self._iter():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(f"Estimator {name} does not provide get_feature_names_out.")
            names = step.get_feature_names_out(names)
        return names

    @property
    def _estimator_type(self):
        final = self._final_estimator
        return None if final in (None, "passthrough") else estimator_type(final)

    def _get_tags(self) -> dict:
        tags = super()._get_tags()
        final = self._final_estimator
        tags["estimator_type"] = self._estimator_type  # also for a scikit-learn final step
        if final != "passthrough" and hasattr(final, "_get_tags"):
            final_tags = final._get_tags()
            for key in ("estimator_type", "requires_y", "multi_output", "multi_class", "poor_score",
                        "one_d_labels", "two_d_labels", "non_deterministic"):
                tags[key] = final_tags[key]
        if self.steps:
            first = self.steps[0][1]
            if hasattr(first, "_get_tags") and first != "passthrough":
                first_tags = first._get_tags()
                for key in ("allow_nan", "categorical", "string", "pairwise"):
                    tags[key] = first_tags[key]
        return tags

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        final = self._final_estimator
        if final != "passthrough" and hasattr(final, "__sklearn_tags__"):
            final_tags = final.__sklearn_tags__()
            tags.estimator_type = final_tags.estimator_type
            tags.classifier_tags = final_tags.classifier_tags
            tags.regressor_tags = final_tags.regressor_tags
            tags.target_tags = final_tags.target_tags
            tags.transformer_tags = final_tags.transformer_tags
        return tags

    def __repr__(self) -> str:
        if not self._step_names():
            return f"Pipeline(steps={self.steps!r})"
        inner = ", ".join(f"({name!r}, {step!r})" for name, step in self.steps)
        return f"Pipeline(steps=[{inner}])"


def _name_of(estimator) -> str:
    return estimator.lower() if isinstance(estimator, str) else type(estimator).__name__.lower()


def make_pipeline(*steps, memory=None, verbose: bool = False) -> Pipeline:
    """A Pipeline whose step names are the lower-cased class names (``standardscaler``, ``ridge``;
    repeated names get a suffix ``-1``, ``-2``)."""
    names = [_name_of(step) for step in steps]
    counts = Counter(names)
    seen: Counter = Counter()
    unique = []
    for name in names:
        if counts[name] > 1:
            seen[name] += 1
            unique.append(f"{name}-{seen[name]}")
        else:
            unique.append(name)
    return Pipeline(list(zip(unique, steps)), memory=memory, verbose=verbose)


__all__ = ["Pipeline", "make_pipeline"]
