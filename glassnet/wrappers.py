"""Networks inside scikit-learn tools: Keras 3's ``keras.wrappers`` (SKLearnClassifier, SKLearnRegressor,
SKLearnTransformer).

    def build(X, y, hidden=16):
        model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(hidden, activation="relu"),
                                  layers.Dense(y.shape[1], activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        return model

    clf = SKLearnClassifier(model=build, model_kwargs={"hidden": 32}, fit_kwargs={"epochs": 20})
    GridSearchCV(clf, {"model_kwargs": [{"hidden": 8}, {"hidden": 32}]}).fit(X, y)

``model`` is either a compiled Model (each ``fit`` trains a fresh clone of it, compiled the same
way) or a function ``model(X=X, y=y, **model_kwargs)`` that returns one compiled. With
``warm_start=True`` a second ``fit`` continues training the model of the first. The classifier
trains on one-hot targets (as Keras's does: the network needs one output unit per class and a
categorical loss) and ``predict`` answers with the original labels. The wrappers follow the
scikit-learn contract (constructor stores, ``fit`` returns self, learned attributes end in ``_``),
so ``clone``, pickling and joblib (and a Dask cluster) work as for the estimators.
"""
from __future__ import annotations

import copy

import numpy as np

from glassnet.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
from glassnet.utils.validation import check_is_fitted, validate_data


def _compiled_clone(model):
    """A fresh copy of ``model``'s architecture, compiled with the same settings (new optimizer state)."""
    from glassnet.models import clone_model
    if not getattr(model, "compiled", False):
        raise RuntimeError(f"the model {model.name!r} given to the wrapper must be compiled (with a loss and an "
                           "optimizer) before fitting")
    clone = clone_model(model)
    optimizer = type(model.optimizer).from_config(model.optimizer.get_config())
    clone.compile(optimizer=optimizer, loss=copy.deepcopy(model.loss),
                  metrics=copy.deepcopy(list(getattr(model, "_metric_specs", None) or [])))
    return clone


class _SKLBase(BaseEstimator):
    """What the three wrappers share: building the model, fitting, predicting."""

    def __init__(self, model, warm_start: bool = False, model_kwargs: dict | None = None,
                 fit_kwargs: dict | None = None):
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def _tag_overrides(self):
        return {"non_deterministic": True, "poor_score": True, "preserves_dtype": []}

    def _get_model(self, X, y):
        from glassnet.models import Model
        if self.warm_start and hasattr(self, "model_"):
            return self.model_
        if isinstance(self.model, Model):
            return _compiled_clone(self.model)
        if not callable(self.model):
            raise TypeError(f"{type(self).__name__}: model must be a compiled keras Model or a function "
                            f"model(X=..., y=..., **model_kwargs) returning one, got {self.model!r}")
        model = self.model(X=X, y=y, **(self.model_kwargs or {}))
        if not isinstance(model, Model):
            raise TypeError(f"{type(self).__name__}: the function {getattr(self.model, '__name__', self.model)!r} "
                            f"must return a keras Model, returned {type(model).__name__}")
        if not getattr(model, "compiled", False):
            raise RuntimeError(f"{type(self).__name__}: the model built by {self.model.__name__!r} must be "
                               "compiled (with a loss and an optimizer)")
        return model

    def fit(self, X, y, **kwargs):
        """Train the network on (X, y); ``kwargs`` join ``fit_kwargs`` for ``model.fit``. Returns self."""
        X, y = validate_data(self, X, y, multi_output=True, dtype=np.float32, allow_nd=True)
        target = self._process_target(y, reset=True)
        model = self._get_model(X, target)
        fit_kwargs = {**(self.fit_kwargs or {}), **kwargs}     # Keras prints progress unless verbose=0
        self.history_ = model.fit(X, target, **fit_kwargs)
        self.model_ = model
        return self

    def _raw_predict(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        X = validate_data(self, X, reset=False, dtype=np.float32, allow_nd=True)
        return np.asarray(self.model_.predict(X))

    def _process_target(self, y, reset: bool = False):
        return y


class SKLearnClassifier(ClassifierMixin, _SKLBase):
    """A Keras classifier as a scikit-learn estimator: one-hot targets in, labels out.

    Attributes
    ----------
    model_ : Model            the trained network
    history_ : History        what ``model_.fit`` returned
    classes_ : ndarray        the labels, in the order of the network's output units
    n_features_in_ : int
    """

    def _process_target(self, y, reset: bool = False):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.ravel()
        if y.ndim != 1:
            raise ValueError(f"SKLearnClassifier: y must be one label per sample (binary or multiclass), got shape "
                             f"{y.shape}")
        if y.dtype.kind == "f" and np.any(y != np.round(y)):
            raise ValueError("SKLearnClassifier: y holds continuous values; use SKLearnRegressor for regression")
        if reset:
            self.classes_ = np.unique(y)
            if len(self.classes_) < 2:
                raise ValueError(f"SKLearnClassifier: needs at least 2 classes in y, got {self.classes_.tolist()}")
        index = np.searchsorted(self.classes_, y)
        return np.eye(len(self.classes_), dtype=np.float32)[index]

    def predict_proba(self, X) -> np.ndarray:
        """The network's output for each class (rows normalised to sum to 1)."""
        out = self._raw_predict(X)
        if out.ndim == 1 or out.shape[1] == 1:           # one sigmoid unit: P(class 1)
            p = out.reshape(-1)
            return np.column_stack([1 - p, p])
        total = out.sum(axis=1, keepdims=True)
        return out / np.where(total == 0, 1, total)

    def predict(self, X) -> np.ndarray:
        """The class whose output unit is largest, as one of ``classes_``."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class SKLearnRegressor(RegressorMixin, _SKLBase):
    """A Keras regressor as a scikit-learn estimator (``score`` is R²)."""

    def _process_target(self, y, reset: bool = False):
        y = np.asarray(y, dtype=np.float32)
        if reset:
            self._y_was_1d = y.ndim == 1
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def predict(self, X) -> np.ndarray:
        out = self._raw_predict(X)
        return out.reshape(-1) if self._y_was_1d and out.ndim == 2 and out.shape[1] == 1 else out


class SKLearnTransformer(TransformerMixin, _SKLBase):
    """A Keras model as a scikit-learn transformer: ``transform(X)`` is ``model_.predict(X)`` (e.g. an encoder)."""

    def transform(self, X) -> np.ndarray:
        return self._raw_predict(X)


__all__ = ["SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"]
