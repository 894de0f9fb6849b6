"""Gradient boosting: gradient descent in function space, one small regression tree per step.

Start from the best constant F₀ (mean, median or log-odds). At stage m compute the negative
gradient of the loss at the current predictions (the "pseudo-residuals")

    r_i = − ∂L(y_i, F(x_i)) / ∂F(x_i),

fit a regression tree h_m (depth ``max_depth``, squared error, Friedman's split criterion) to
them, give each leaf j the value γ_j that best lowers the loss there (a line search), and step

    F_m(x) = F_{m−1}(x) + η · γ_{leaf(x)},     η the learning rate (shrinkage).

| loss            | r_i                    | leaf value γ_j                                   |
|-----------------|------------------------|--------------------------------------------------|
| squared_error   | y − F                  | mean of r in the leaf                            |
| absolute_error  | sign(y − F)            | (lower weighted) median of y − F in the leaf     |
| log_loss, K = 2 | y − p,  p = σ(F)       | Σ r / Σ p(1 − p)   (one Newton step)             |
| log_loss, K > 2 | y_k − p_k (softmax)    | (K−1)/K · Σ r / Σ p_k(1 − p_k), one tree per class|

The regressor also offers the 'huber' and 'quantile' losses (``_gb_regression_losses.py``).

With ``subsample`` < 1 each tree sees a random fraction of the samples (stochastic gradient
boosting). ``train_score_[m]`` is the loss on the in-bag samples after stage m; the samples left
out give an honest estimate: ``oob_scores_[m]`` and ``oob_improvement_[m]`` (the drop of the
out-of-bag loss at stage m).

Early stopping (``n_iter_no_change``): a share ``validation_fraction`` of the training data is set
aside (stratified for classifiers); boosting stops when none of the last ``n_iter_no_change``
stages lowered the loss on it by more than ``tol``. ``n_estimators_`` is then the stages kept.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin, clone,
                           is_classifier)
from glassnet.ensemble import _gb_regression_losses as regression_losses
from glassnet.ensemble._base import check_n_estimators
from glassnet.ensemble._gb_verbose import VerboseReporter
from glassnet.tree import DecisionTreeRegressor
from glassnet.tree._builder import build_tree, presort
from glassnet.tree._classes import validate_features
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight)


def _softmax(F):
    e = np.exp(F - F.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(F):
    return 1.0 / (1.0 + np.exp(-F))


class BaseGradientBoosting(BaseEstimator):
    """The boosting loop shared by the classifier and the regressor."""

    def _check_settings(self, n_samples):
        n_estimators = check_n_estimators(self.n_estimators)
        if not isinstance(self.learning_rate, numbers.Real) or self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be a float > 0; got {self.learning_rate!r}.")
        if not isinstance(self.subsample, numbers.Real) or not 0.0 < self.subsample <= 1.0:
            raise ValueError(f"subsample must be a float in (0, 1]; got {self.subsample!r}.")
        if self.criterion not in ("friedman_mse", "squared_error"):
            raise ValueError(f"criterion must be 'friedman_mse' or 'squared_error'; got {self.criterion!r}.")
        if self.n_iter_no_change is not None:
            if not isinstance(self.n_iter_no_change, numbers.Integral) or self.n_iter_no_change < 1:
                raise ValueError(f"n_iter_no_change must be None or an integer >= 1; got {self.n_iter_no_change!r}.")
            if not isinstance(self.validation_fraction, numbers.Real) or not 0 < self.validation_fraction < 1:
                raise ValueError(f"validation_fraction must be a float in (0, 1); got {self.validation_fraction!r}.")
        if not isinstance(self.tol, numbers.Real) or self.tol < 0:
            raise ValueError(f"tol must be a float >= 0; got {self.tol!r}.")
        if self.warm_start:
            raise ValueError("warm_start=True is not offered by glassnet's gradient boosting: fit again with "
                             "the larger n_estimators (the first stages come out the same with the same "
                             "random_state).")
        probe = DecisionTreeRegressor(criterion=self.criterion, max_depth=self.max_depth,
                                      min_samples_split=self.min_samples_split,
                                      min_samples_leaf=self.min_samples_leaf,
                                      min_weight_fraction_leaf=self.min_weight_fraction_leaf,
                                      max_features=self.max_features, max_leaf_nodes=self.max_leaf_nodes,
                                      min_impurity_decrease=self.min_impurity_decrease, ccp_alpha=self.ccp_alpha)
        return n_estimators, probe

    def _fit_boosting(self, X, y, Y, sample_weight, n_trees):
        """Set aside the early-stopping part, fit the start F₀ (``init``), then boost."""
        self._check_settings(X.shape[0])
        validation = None
        if self.n_iter_no_change is not None:
            from glassnet.model_selection import train_test_split
            parts = train_test_split(X, Y, sample_weight, y, random_state=self.random_state,
                                     test_size=self.validation_fraction,
                                     stratify=y if is_classifier(self) else None)
            X, X_val, Y, Y_val, sample_weight, w_val, y, _ = parts
            if is_classifier(self) and len(np.unique(y)) != self.n_classes_:
                raise ValueError("The training data after the early stopping split is missing some classes. "
                                 "Try using another random seed.")
            validation = (X_val, Y_val, w_val)
        self._fit_init(X, y, Y, sample_weight)
        return self._boost(X, Y, sample_weight, n_trees, validation)

    def _fit_init(self, X, y, Y, sample_weight):
        """F₀: the best constant (``init=None``), 0 (``'zero'``) or an estimator's predictions."""
        if self.init is None:
            self.init_ = None
            self.init_raw_ = self._init_raw(Y, sample_weight)
        elif isinstance(self.init, str) and self.init == "zero":
            self.init_ = "zero"
            self.init_raw_ = np.zeros(Y.shape[1])
        elif hasattr(self.init, "fit"):
            self.init_ = clone(self.init)
            if self._unweighted:
                self.init_.fit(X, y)
            else:
                try:
                    self.init_.fit(X, y, sample_weight=sample_weight)
                except TypeError as error:
                    raise ValueError(f"The initial estimator {type(self.init_).__name__} does not support "
                                     "sample weights.") from error
            self.init_raw_ = np.zeros(Y.shape[1])
        else:
            raise ValueError(f"init must be None, 'zero' or an estimator with fit and predict; got {self.init!r}.")

    def _start_raw(self, X):
        """F₀(x) for every row of X: a constant, or the init estimator's raw predictions."""
        F = np.tile(self.init_raw_, (X.shape[0], 1))
        if self.init_ is not None and not isinstance(self.init_, str):
            F = F + self._init_estimator_raw(X)
        return F

    def _boost(self, X, Y, sample_weight, n_trees, validation=None):
        """Y: (n, n_trees) targets (one-hot for multiclass); fills estimators_ and train_score_."""
        n_samples, n_features = X.shape
        n_estimators, probe = self._check_settings(n_samples)
        settings = probe._check_params(n_samples, n_features)
        rng = check_random_state(self.random_state)
        sorted_idx, XT = presort(X), np.ascontiguousarray(X.T)
        F = self._start_raw(X)
        self.estimators_ = np.empty((n_estimators, n_trees), dtype=object)
        self.train_score_ = np.zeros(n_estimators)
        subsampling = self.subsample < 1.0
        if subsampling:
            self.oob_scores_ = np.zeros(n_estimators)
            self.oob_improvement_ = np.zeros(n_estimators)
        if validation is not None:
            X_val, Y_val, w_val = validation
            F_val = self._start_raw(X_val)
            history = np.full(self.n_iter_no_change, np.inf)
        reporter = VerboseReporter(self.verbose, n_estimators) if self.verbose else None
        n_inbag = max(1, int(self.subsample * n_samples))
        params = probe.get_params()
        m = -1
        for m in range(n_estimators):
            if subsampling:
                inbag = np.zeros(n_samples, dtype=bool)
                inbag[rng.permutation(n_samples)[:n_inbag]] = True
                if m == 0:
                    previous_oob = self._loss(Y[~inbag], F[~inbag], sample_weight[~inbag])
            else:
                inbag = np.ones(n_samples, dtype=bool)
            w = sample_weight * inbag
            self._start_stage(Y, F, sample_weight)
            residual = self._negative_gradient(Y, F)
            for k in range(n_trees):
                tree = build_tree(X, residual[:, k], w, criterion=self.criterion, n_classes=0,
                                  random_state=rng, sorted_idx=sorted_idx, XT=XT,
                                  min_weight_leaf=self.min_weight_fraction_leaf * float(w.sum()), **settings)
                tree = probe._limit(tree)
                leaves = tree.apply(X)
                self._line_search(tree, leaves, inbag, w, Y, F, residual, k)
                F[:, k] += self.learning_rate * tree.value[leaves, 0, 0]
                member = DecisionTreeRegressor(**params)
                member.tree_, member.n_features_in_, member.n_outputs_ = tree, n_features, 1
                member.max_features_ = settings["max_features"]
                self.estimators_[m, k] = member
                if validation is not None:
                    F_val[:, k] += self.learning_rate * tree.predict(X_val)[:, 0]
            self.train_score_[m] = self._loss(Y[inbag], F[inbag], sample_weight[inbag])
            if subsampling:
                self.oob_scores_[m] = self._loss(Y[~inbag], F[~inbag], sample_weight[~inbag])
                self.oob_improvement_[m] = previous_oob - self.oob_scores_[m]
                previous_oob = self.oob_scores_[m]
            if reporter is not None:
                reporter.update(m, self.train_score_[m])
            if validation is not None:
                # stop unless this stage beats at least one of the last n_iter_no_change by tol
                loss = self._loss(Y_val, F_val, w_val)
                if np.any(loss + self.tol < history):
                    history[m % len(history)] = loss
                else:
                    break
        kept = m + 1
        self.estimators_ = self.estimators_[:kept]
        self.train_score_ = self.train_score_[:kept]
        if subsampling:
            self.oob_scores_ = self.oob_scores_[:kept]
            self.oob_improvement_ = self.oob_improvement_[:kept]
            self.oob_score_ = float(self.oob_scores_[-1])
        self.n_estimators_ = kept
        self.max_features_ = settings["max_features"]
        return self

    def _start_stage(self, Y, F, sample_weight):
        """Anything a loss re-chooses before each stage (Huber's δ)."""

    def _raw_predict_stages(self, X):
        check_is_fitted(self, "estimators_")
        X = validate_features(self, X, reset=False)
        F = self._start_raw(X)
        for stage in self.estimators_:
            for k, member in enumerate(stage):
                F[:, k] += self.learning_rate * member.tree_.predict(X)[:, 0]
            yield F.copy()

    def _raw_predict(self, X):
        F = None
        for F in self._raw_predict_stages(X):
            pass
        return F

    @property
    def feature_importances_(self) -> np.ndarray:
        """Impurity decrease per feature averaged over all trees, normalised to sum to one."""
        check_is_fitted(self, "estimators_")
        parts = [m.tree_.compute_feature_importances(normalize=False)
                 for stage in self.estimators_ for m in stage if m.tree_.node_count > 1]
        if not parts:
            return np.zeros(self.n_features_in_)
        mean = np.mean(parts, axis=0)
        return mean / mean.sum()


class GradientBoostingRegressor(RegressorMixin, BaseGradientBoosting):
    """Gradient boosting for regression with loss 'squared_error' or 'absolute_error'."""

    def __init__(self, *, loss="squared_error", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 criterion="friedman_mse", min_samples_split=2, min_samples_leaf=1, max_depth=3,
                 min_impurity_decrease=0.0, init=None, random_state=None, max_features=None, alpha=0.9,
                 verbose=0, warm_start=False, validation_fraction=0.1, n_iter_no_change=None, tol=1e-4,
                 min_weight_fraction_leaf=0.0, max_leaf_nodes=None, ccp_alpha=0.0):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.alpha = alpha
        self.verbose = verbose
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_leaf_nodes = max_leaf_nodes
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> "GradientBoostingRegressor":
        X, y = validate_features(self, X, y, y_numeric=True)
        if self.loss not in regression_losses.LOSSES:
            raise ValueError(f"loss must be one of {list(regression_losses.LOSSES)!r}; got {self.loss!r}.")
        if self.loss in ("huber", "quantile") and not (isinstance(self.alpha, numbers.Real) and 0 < self.alpha < 1):
            raise ValueError(f"alpha must be a float in (0, 1) for loss={self.loss!r}; got {self.alpha!r}.")
        w = check_sample_weight(sample_weight, X)
        if np.any(w < 0) or not np.any(w > 0):
            raise ValueError("sample_weight must be non-negative, and not all weights zero.")
        self._unweighted = sample_weight is None
        self._delta = 1.0
        Y = y.astype(np.float64)[:, None]
        return self._fit_boosting(X, y, Y, w, 1)

    def _init_raw(self, Y, w):
        return np.array([regression_losses.init_value(self.loss, Y[:, 0], w, self._unweighted, self.alpha)])

    def _init_estimator_raw(self, X):
        return np.asarray(self.init_.predict(X), dtype=np.float64).reshape(-1, 1)

    def _start_stage(self, Y, F, sample_weight):
        if self.loss == "huber":
            self._delta = regression_losses.huber_delta(Y[:, 0], F[:, 0], sample_weight, self.alpha)

    def _negative_gradient(self, Y, F):
        return regression_losses.negative_gradient(self.loss, Y, F, self.alpha, self._delta)

    def _line_search(self, tree, leaves, inbag, w, Y, F, residual, k):
        if self.loss == "squared_error":
            return                              # the leaf means already minimise the squared error
        for leaf in np.flatnonzero(tree.children_left == -1):
            members = (leaves == leaf) & inbag & (w > 0)
            if members.any():
                tree.value[leaf, 0, 0] = regression_losses.leaf_value(
                    self.loss, Y[members, 0] - F[members, 0], w[members], self.alpha, self._delta)

    def _loss(self, Y, F, w):
        return regression_losses.loss_value(self.loss, Y[:, 0], F[:, 0], w, self.alpha, self._delta)

    def predict(self, X) -> np.ndarray:
        """F₀ + η Σ_m h_m(x)."""
        return self._raw_predict(X)[:, 0]

    def staged_predict(self, X):
        """The prediction after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield F[:, 0]


class GradientBoostingClassifier(ProbabilisticClassifierMixin, ClassifierMixin, BaseGradientBoosting):
    """Gradient boosting for classification with the log loss (binary and multinomial)."""

    def __init__(self, *, loss="log_loss", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 criterion="friedman_mse", min_samples_split=2, min_samples_leaf=1, max_depth=3,
                 min_impurity_decrease=0.0, init=None, random_state=None, max_features=None, verbose=0,
                 warm_start=False, validation_fraction=0.1, n_iter_no_change=None, tol=1e-4,
                 min_weight_fraction_leaf=0.0, max_leaf_nodes=None, ccp_alpha=0.0):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.verbose = verbose
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_leaf_nodes = max_leaf_nodes
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> "GradientBoostingClassifier":
        X, y = validate_features(self, X, y)
        check_classification_targets(y)
        if self.loss != "log_loss":
            raise ValueError(f"loss must be 'log_loss'; got {self.loss!r}.")
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = K = len(self.classes_)
        if K < 2:
            raise ValueError(f"y needs samples of at least 2 classes in the data, but the data contains "
                             f"only one class: {self.classes_[0]!r}.")
        w = check_sample_weight(sample_weight, X)
        if np.any(w < 0) or not np.any(w > 0):
            raise ValueError("sample_weight must be non-negative, and not all weights zero.")
        self._unweighted = sample_weight is None
        Y = codes[:, None].astype(np.float64) if K == 2 else np.eye(K)[codes]
        return self._fit_boosting(X, y, Y, w, 1 if K == 2 else K)

    def _init_raw(self, Y, w):
        eps = np.finfo(np.float64).eps
        p = np.clip(np.average(Y, axis=0, weights=w), eps, 1 - eps)
        if Y.shape[1] == 1:
            return np.log(p / (1 - p))                       # the log-odds of the prior
        log_p = np.log(p)
        return log_p - log_p.mean()                          # log-priors, centred

    def _init_estimator_raw(self, X):
        """log-odds (two classes) or log-probabilities of the init estimator's predict_proba."""
        eps = np.finfo(np.float64).eps
        p = np.clip(self.init_.predict_proba(X), eps, 1 - eps)
        if p.shape[1] == 2:
            return np.log(p[:, 1] / p[:, 0])[:, None]
        return np.log(p)

    def _proba_raw(self, F):
        return _sigmoid(F) if F.shape[1] == 1 else _softmax(F)

    def _negative_gradient(self, Y, F):
        return Y - self._proba_raw(F)

    def _line_search(self, tree, leaves, inbag, w, Y, F, residual, k):
        K = self.n_classes_
        r = residual[:, k]
        p = Y[:, k] - r
        weight = w * inbag
        n_nodes = tree.node_count
        numerator = np.bincount(leaves, weights=weight * r, minlength=n_nodes)
        denominator = np.bincount(leaves, weights=weight * p * (1 - p), minlength=n_nodes)
        if K > 2:
            numerator *= (K - 1) / K
        leaf = tree.children_left == -1
        safe = np.abs(denominator) >= 1e-150
        values = np.where(safe, numerator / np.where(safe, denominator, 1.0),
                          np.where(numerator == 0, 0.0, np.sign(numerator) * 1e150))
        tree.value[leaf, 0, 0] = values[leaf]

    def _loss(self, Y, F, w):
        if F.shape[1] == 1:                  # binomial deviance = 2 · log loss (as scikit-learn)
            f, y = F[:, 0], Y[:, 0]
            return float(2 * np.average(np.logaddexp(0, f) - y * f, weights=w))
        log_p = F - F.max(axis=1, keepdims=True)
        log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
        return float(np.average(-(Y * log_p).sum(axis=1), weights=w))

    def decision_function(self, X) -> np.ndarray:
        """The raw score F(x): log-odds for two classes, one column per class otherwise."""
        F = self._raw_predict(X)
        return F[:, 0] if F.shape[1] == 1 else F

    def staged_decision_function(self, X):
        for F in self._raw_predict_stages(X):
            yield F[:, 0] if F.shape[1] == 1 else F

    def _to_proba(self, F):
        if F.shape[1] == 1:
            p = _sigmoid(F[:, 0])
            return np.column_stack([1 - p, p])
        return _softmax(F)

    def predict_proba(self, X) -> np.ndarray:
        """σ(F) for two classes, softmax(F) otherwise."""
        return self._to_proba(self._raw_predict(X))

    def staged_predict_proba(self, X):
        """Class probabilities after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield self._to_proba(F)

    def staged_predict(self, X):
        """Predicted labels after each stage (a generator)."""
        for F in self._raw_predict_stages(X):
            yield self.classes_[np.argmax(self._to_proba(F), axis=1)]


__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]
