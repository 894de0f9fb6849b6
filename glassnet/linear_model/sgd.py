"""Stochastic gradient descent for linear models: one sample at a time, w ← w − η ∂L/∂w."""
from __future__ import annotations

import numpy as np

from glassnet.base import RegressorMixin
from glassnet.linear_model import _sgd_losses as losses
from glassnet.linear_model._base import LinearClassifierMixin
from glassnet.linear_model._sgd_base import _BaseSGD
from glassnet.linear_model.logistic_regression import sigmoid
from glassnet.utils.available_if import available_if
from glassnet.utils.class_weight import compute_class_weight
from glassnet.utils.validation import (check_classification_targets, check_is_fitted, check_random_state,
                                       validate_data)


def _needs_probability_loss(sgd) -> None:
    if sgd.loss not in ("log_loss", "modified_huber"):
        raise AttributeError(f"probability estimates are not available for loss={sgd.loss!r}; use "
                             "loss='log_loss' or 'modified_huber'.")


class SGDClassifier(LinearClassifierMixin, _BaseSGD):
    """Linear classifier s = w·x + b trained by stochastic gradient descent on a per-sample loss.

    ``loss``: 'hinge' (linear SVM, the default), 'log_loss' (logistic regression, gives
    ``predict_proba``), 'modified_huber', 'perceptron', 'squared_error'. Labels become y ∈ {−1, +1}
    (+1 for ``classes_[1]``; one-vs-rest for more classes). See :class:`_BaseSGD` for the update rule.

    Parameters follow scikit-learn's SGDClassifier (not offered: ``average``). Weights:
    ``fit(X, y, sample_weight=c)`` and ``class_weight`` (a dict {label: weight}, 'balanced' =
    n / (k · n_class), or None) multiply a sample's gradient step by c_i · class_weight[y_i]; with
    one-vs-rest, problem j weighs its own class by class_weight[j] and the rest by 1, as scikit-learn.
    ``verbose`` > 0 prints scikit-learn's line per epoch (norm, non-zeros, bias, samples seen, mean
    loss, objective). ``n_jobs`` is accepted and ignored (the problems run one after the other).

    Attributes
    ----------
    classes_, coef_ (1 or k, n_features), intercept_ (1 or k,), n_iter_ (epochs), t_ (updates + 1)
    """

    def __init__(self, loss: str = "hinge", *, penalty="l2", alpha: float = 0.0001, l1_ratio: float = 0.15,
                 fit_intercept: bool = True, max_iter: int = 1000, tol=1e-3, shuffle: bool = True, verbose: int = 0,
                 epsilon: float = 0.1, n_jobs=None, random_state=None, learning_rate: str = "optimal",
                 eta0: float = 0.01, power_t: float = 0.5, early_stopping: bool = False,
                 validation_fraction: float = 0.1, n_iter_no_change: int = 5, class_weight=None,
                 warm_start: bool = False):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start

    def _targets(self, y):
        """±1 targets: one column for two classes, one per class (one-vs-rest) for more."""
        if len(self.classes_) == 2:
            return np.where(y == self.classes_[1], 1.0, -1.0)[:, None]
        return np.where(y[:, None] == self.classes_[None, :], 1.0, -1.0)

    def _problem_weights(self, y, sample_weight):
        """(n, 1 or k): sample_weight × class weight, per problem; None when every weight is 1.

        Binary: the class weight of the sample's label. One-vs-rest, problem j: class_weight[j]
        for the samples of class j, 1 for the rest (scikit-learn's positive and negative weights).
        """
        class_weights = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        if len(self.classes_) == 2:
            weights = (sample_weight * np.where(y == self.classes_[1], class_weights[1], class_weights[0]))[:, None]
        else:
            weights = sample_weight[:, None] * np.where(y[:, None] == self.classes_[None, :], class_weights, 1.0)
        return None if np.all(weights == 1.0) else weights

    def _fit(self, X, y, *, max_iter, stop, reset, classes=None, sample_weight=None):
        self._check_params(losses.CLASSIFICATION)
        X, y = validate_data(self, X, y, reset=reset, dtype=np.float64)
        check_classification_targets(y)
        if reset:
            self.classes_ = np.unique(y if classes is None else classes)
            if len(self.classes_) < 2:
                raise ValueError(f"The number of classes has to be greater than one; got "
                                 f"{len(self.classes_)} class: {self.classes_.tolist()!r}")
        elif not np.isin(y, self.classes_).all():
            raise ValueError(f"y contains classes not seen before: {np.setdiff1d(y, self.classes_).tolist()!r}")
        sample_weight = self._check_sample_weight(sample_weight, X)
        weights = self._problem_weights(y, sample_weight)
        rows = 1 if len(self.classes_) == 2 else len(self.classes_)
        previous = getattr(self, "coef_", None)
        keep = (not reset or self.warm_start) and previous is not None and previous.shape == (rows, X.shape[1])
        W = previous.copy() if keep else np.zeros((rows, X.shape[1]))
        b = self.intercept_.copy() if keep else np.zeros(rows)
        if not keep or reset:
            self.t_ = 1.0
        rng = check_random_state(self.random_state)
        train, val = self._split_validation(len(y), rng, y if stop else None) if stop else (np.arange(len(y)), None)
        self._check_validation_weights(sample_weight, val)
        validation = None
        if val is not None:
            Xv, yv, wv = X[val], y[val], sample_weight[val]
            # the accuracy weighted by sample_weight, as scikit-learn's score
            validation = lambda W_, b_: float(np.average(self._labels(Xv @ W_.T + b_) == yv, weights=wv))  # noqa: E731
        Y = self._targets(y)
        n_iter, converged = self._train(X[train], Y[train], W, b, losses.CLASSIFICATION, max_iter=max_iter,
                                        rng=rng, stop=stop, validation=validation,
                                        weights=None if weights is None else weights[train])
        self.coef_, self.intercept_ = W, b
        self.n_iter_ = n_iter
        if stop:
            self._warn_if_not_converged(converged)
        return self

    def _labels(self, scores):
        if scores.shape[1] == 1:
            return self.classes_[(scores[:, 0] > 0).astype(np.int64)]
        return self.classes_[np.argmax(scores, axis=1)]

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None) -> "SGDClassifier":
        """Train on (X, y); ``sample_weight`` (n,) scales each sample's steps (None: all 1)."""
        if coef_init is not None:
            self.coef_ = np.atleast_2d(np.asarray(coef_init, dtype=np.float64))
            self.intercept_ = np.zeros(len(self.coef_)) if intercept_init is None else \
                np.atleast_1d(np.asarray(intercept_init, dtype=np.float64))
            saved, self.warm_start = self.warm_start, True
            try:
                return self._fit(X, y, max_iter=self.max_iter, stop=True, reset=True, sample_weight=sample_weight)
            finally:
                self.warm_start = saved
        return self._fit(X, y, max_iter=self.max_iter, stop=True, reset=True, sample_weight=sample_weight)

    def partial_fit(self, X, y, classes=None, sample_weight=None) -> "SGDClassifier":
        """One epoch over (X, y), continuing from the current weights (online learning).

        ``classes`` (all labels that will ever be seen) is required on the first call;
        ``class_weight='balanced'`` is refused, since one batch does not show the class frequencies.
        """
        first = not hasattr(self, "classes_")
        if first and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        if first and isinstance(self.class_weight, str) and self.class_weight == "balanced":
            raise ValueError("class_weight 'balanced' is not supported for partial_fit: one batch does not "
                             "show the class frequencies. Compute the weights once with "
                             "compute_class_weight('balanced', classes=classes, y=y) on (a large sample of) "
                             "the whole training target and pass them as class_weight={label: weight}.")
        if not first and classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"`classes={classes!r}` is not the same as on the first call to partial_fit "
                             f"({self.classes_.tolist()!r}).")
        return self._fit(X, y, max_iter=1, stop=False, reset=first, classes=classes, sample_weight=sample_weight)

    @available_if(_needs_probability_loss)
    def predict_proba(self, X) -> np.ndarray:
        """P(class | x), for loss='log_loss' (σ(s), one-vs-rest normalised) or 'modified_huber'."""
        scores = self.decision_function(X)
        if self.loss == "log_loss":
            p = sigmoid(np.asarray(scores, dtype=np.float64))
        else:
            p = (np.clip(scores, -1, 1) + 1) / 2
        if p.ndim == 1:
            return np.column_stack([1 - p, p])
        total = p.sum(axis=1, keepdims=True)
        return np.where(total == 0, 1.0 / p.shape[1], p / np.where(total == 0, 1, total))

    @available_if(_needs_probability_loss)
    def predict_log_proba(self, X) -> np.ndarray:
        """log P(class | x), for the same losses as ``predict_proba``."""
        return np.log(self.predict_proba(X))


class SGDRegressor(RegressorMixin, _BaseSGD):
    """Linear regression ŷ = w·x + b trained by stochastic gradient descent.

    ``loss``: 'squared_error' (least squares), 'huber', 'epsilon_insensitive'. Default step size
    'invscaling': η = eta0 / t^0.25. See :class:`_BaseSGD` for the update rule. Scale the features.
    ``fit(X, y, sample_weight=c)`` multiplies sample i's gradient step by c_i, as scikit-learn's;
    ``verbose`` > 0 prints its line per epoch. Not offered: ``average``.

    Attributes
    ----------
    coef_ (n_features,), intercept_ (1,), n_iter_ (epochs), t_ (updates + 1)
    path_ : (updates + 1, n_features + 1), with ``record_path=True``: θ = (w₁, …, w_d, b) at the
        start and after every single-sample update (the zig-zag path of SGD).
    """

    def __init__(self, loss: str = "squared_error", *, penalty="l2", alpha: float = 0.0001,
                 l1_ratio: float = 0.15, fit_intercept: bool = True, max_iter: int = 1000, tol=1e-3,
                 shuffle: bool = True, verbose: int = 0, epsilon: float = 0.1, random_state=None,
                 learning_rate: str = "invscaling", eta0: float = 0.01, power_t: float = 0.25,
                 early_stopping: bool = False, validation_fraction: float = 0.1, n_iter_no_change: int = 5,
                 warm_start: bool = False, record_path: bool = False):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.warm_start = warm_start
        self.record_path = record_path

    def _fit(self, X, y, *, max_iter, stop, reset, sample_weight=None):
        self._check_params(losses.REGRESSION)
        X, y = validate_data(self, X, y, reset=reset, y_numeric=True, dtype=np.float64)
        y = y.astype(np.float64)
        sample_weight = self._check_sample_weight(sample_weight, X)
        weights = None if np.all(sample_weight == 1.0) else sample_weight[:, None]
        previous = getattr(self, "coef_", None)
        keep = (not reset or self.warm_start) and previous is not None and previous.shape == (X.shape[1],)
        W = previous.copy()[None, :] if keep else np.zeros((1, X.shape[1]))
        b = self.intercept_.copy() if keep else np.zeros(1)
        if not keep or reset:
            self.t_ = 1.0
        rng = check_random_state(self.random_state)
        train, val = self._split_validation(len(y), rng) if stop else (np.arange(len(y)), None)
        self._check_validation_weights(sample_weight, val)
        validation = None
        if val is not None:
            from glassnet.metrics import r2_score
            Xv, yv, wv = X[val], y[val], sample_weight[val]
            # one validation row: R² is undefined (NaN, with a warning), so, as in scikit-learn, no epoch
            # counts as stalled and training runs max_iter epochs
            validation = lambda W_, b_: float(r2_score(yv, Xv @ W_[0] + b_[0], sample_weight=wv))  # noqa: E731
        path = [np.concatenate([W[0], b])] if self.record_path else None
        n_iter, converged = self._train(X[train], y[train, None], W, b, losses.REGRESSION, max_iter=max_iter,
                                        rng=rng, stop=stop, validation=validation, path=path,
                                        weights=None if weights is None else weights[train])
        if path is not None:
            self.path_ = np.array(path)
        self.coef_, self.intercept_ = W[0], b
        self.n_iter_ = n_iter
        if stop:
            self._warn_if_not_converged(converged)
        return self

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None) -> "SGDRegressor":
        """Train on (X, y); ``sample_weight`` (n,) scales each sample's steps (None: all 1)."""
        if coef_init is not None:
            self.coef_ = np.asarray(coef_init, dtype=np.float64).ravel()
            self.intercept_ = np.zeros(1) if intercept_init is None else \
                np.atleast_1d(np.asarray(intercept_init, dtype=np.float64))
            saved, self.warm_start = self.warm_start, True
            try:
                return self._fit(X, y, max_iter=self.max_iter, stop=True, reset=True, sample_weight=sample_weight)
            finally:
                self.warm_start = saved
        return self._fit(X, y, max_iter=self.max_iter, stop=True, reset=True, sample_weight=sample_weight)

    def partial_fit(self, X, y, sample_weight=None) -> "SGDRegressor":
        """One epoch over (X, y), continuing from the current weights (online learning)."""
        return self._fit(X, y, max_iter=1, stop=False, reset=not hasattr(self, "coef_"), sample_weight=sample_weight)

    def predict(self, X) -> np.ndarray:
        """ŷ = X·w + b."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_[0]
