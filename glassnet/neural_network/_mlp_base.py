"""What MLPClassifier and MLPRegressor share: initialisation, the training loops, and the stopping rules.

Training minimises J = loss + α/(2·n)·Σ‖Wₗ‖² (``_mlp_maths.py``) with one of three solvers:

- 'sgd' and 'adam' (``_mlp_optimizers.py``): each epoch shuffles the samples (``shuffle``), cuts
  them into mini-batches of ``batch_size`` ('auto' = min(200, n)) and takes one step per batch.
  An epoch whose loss fails to fall by ``tol`` (or, with ``early_stopping``, whose score on a
  held-out ``validation_fraction`` fails to rise by ``tol``) counts as no improvement; after
  ``n_iter_no_change`` of those in a row training stops ('adaptive' first divides η by 5).
- 'lbfgs' (``_mlp_lbfgs.py``): SciPy's quasi-Newton L-BFGS-B on the whole training set.

The weights start as scikit-learn's do (Glorot & Bengio 2010), drawn from ``random_state`` in
the same order, layer by layer, W before b:

    Wₗ, bₗ ~ U(−r, r),   r = √(6 / (fan_in + fan_out))   (√(2 / …) for the logistic activation)
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.neural_network._mlp_lbfgs import fit_lbfgs
from glassnet.neural_network._mlp_maths import loss_and_gradients, predict_output
from glassnet.neural_network._mlp_optimizers import AdamSolver, SGDSolver
from glassnet.neural_network._mlp_params import (STOCHASTIC_SOLVERS, check_mlp_params,
                                                 hidden_layer_sizes_of)
from glassnet.utils.validation import check_is_fitted, check_random_state, check_sample_weight


def glorot_uniform(rng: np.random.RandomState, fan_in: int, fan_out: int, activation: str, dtype):
    """W ~ U(−r, r) of shape (fan_in, fan_out) and b ~ U(−r, r), r = √(factor / (fan_in + fan_out))."""
    factor = 2.0 if activation == "logistic" else 6.0
    bound = np.sqrt(factor / (fan_in + fan_out))
    W = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(dtype, copy=False)
    b = rng.uniform(-bound, bound, fan_out).astype(dtype, copy=False)
    return W, b


def mini_batches(n_samples: int, batch_size: int):
    """Slices [0, b), [b, 2b), …, the last one shorter when b does not divide n."""
    for start in range(0, n_samples, batch_size):
        yield slice(start, min(start + batch_size, n_samples))


class BaseMultilayerPerceptron(BaseEstimator):
    """A fully connected feed-forward network trained by backpropagation (see the module docstring)."""

    # ------------------------------------------------------------------ fit
    def _fit(self, X, y, sample_weight=None, incremental: bool = False):
        check_mlp_params(self)
        hidden_sizes = hidden_layer_sizes_of(self.hidden_layer_sizes)
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, Y = self._validate_input(X, y, incremental, reset=first_pass)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
            if not sample_weight.sum() > 0:
                raise ValueError("Sample weights sum to zero (or less): at least one sample_weight must "
                                 f"be positive to train on, got a sum of {sample_weight.sum()}.")
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        layer_units = [X.shape[1], *hidden_sizes, Y.shape[1]]
        if not first_pass and [W.shape[0] for W in self.coefs_] + [self.coefs_[-1].shape[1]] != layer_units:
            raise ValueError(f"{type(self).__name__}: warm_start/partial_fit continue the network of "
                             f"layer sizes {[W.shape[0] for W in self.coefs_] + [self.n_outputs_]}, "
                             f"but this call asks for {layer_units} (hidden_layer_sizes or the number "
                             "of outputs changed). Fit afresh with warm_start=False.")
        self.n_outputs_ = Y.shape[1]
        self._random_state = check_random_state(self.random_state)
        if first_pass:
            self._initialize(Y, layer_units, X.dtype)
        Y = Y.astype(X.dtype)
        if self.solver in STOCHASTIC_SOLVERS:
            self._fit_stochastic(X, Y, sample_weight, incremental)
        else:
            fit_lbfgs(self, X, Y, sample_weight)
        if not all(np.isfinite(w).all() for w in self.coefs_ + self.intercepts_):
            raise ValueError("Solver produced non-finite parameter weights. The input data may contain "
                             "large values and need to be preprocessed (e.g. with StandardScaler), or "
                             "learning_rate_init is too large.")
        return self

    def _initialize(self, Y: np.ndarray, layer_units: list, dtype) -> None:
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(layer_units)
        self.out_activation_ = self._output_activation()
        self.coefs_, self.intercepts_ = [], []
        for fan_in, fan_out in zip(layer_units[:-1], layer_units[1:]):
            W, b = glorot_uniform(self._random_state, fan_in, fan_out, self.activation, dtype)
            self.coefs_.append(W)
            self.intercepts_.append(b)
        if self.solver in STOCHASTIC_SOLVERS:
            self._reset_stopping_rule()

    def _reset_stopping_rule(self) -> None:
        """The per-epoch record (loss_curve_, validation scores) and the no-improvement counter."""
        self._best_coefs = [W.copy() for W in self.coefs_]
        self._best_intercepts = [b.copy() for b in self.intercepts_]
        self.loss_curve_ = []
        self._no_improvement_count = 0
        if self.early_stopping:
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
            self.best_loss_ = None
        else:
            self.best_loss_ = np.inf
            self.validation_scores_ = None
            self.best_validation_score_ = None

    def _loss_and_gradients(self, X, Y, sample_weight):
        return loss_and_gradients(X, Y, sample_weight, self.coefs_, self.intercepts_,
                                  hidden=self.activation, output=self.out_activation_,
                                  loss=self._loss_name(), alpha=self.alpha)

    # ------------------------------------------------------------------ sgd and adam
    def _make_solver(self, params: list):
        if self.solver == "sgd":
            return SGDSolver(params, self.learning_rate_init, self.learning_rate, self.momentum,
                             self.nesterovs_momentum, self.power_t)
        return AdamSolver(params, self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)

    def _fit_stochastic(self, X, Y, sample_weight, incremental: bool) -> None:
        if not hasattr(self, "loss_curve_"):              # warm start from an lbfgs fit
            self._reset_stopping_rule()
        params = self.coefs_ + self.intercepts_          # the solver moves these arrays in place
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_solver(params)
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")
        X_val = Y_val = sw_val = None
        if self.early_stopping:
            X, X_val, Y, Y_val, sample_weight, sw_val = self._validation_split(X, Y, sample_weight)
        n_samples = X.shape[0]
        order = np.arange(n_samples)
        if self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            if self.batch_size > n_samples:
                warnings.warn(f"Got `batch_size` less than 1 or larger than sample size "
                              f"(batch_size={self.batch_size}, n_samples={n_samples}). It is going "
                              "to be clipped", UserWarning, stacklevel=4)
            batch_size = int(np.clip(self.batch_size, 1, n_samples))

        self.n_iter_ = 0
        for _ in range(self.max_iter):
            if self.shuffle:
                permutation = np.arange(n_samples)
                self._random_state.shuffle(permutation)
                order = order[permutation]
            total_loss = 0.0
            for batch in mini_batches(n_samples, batch_size):
                rows = order[batch] if self.shuffle else batch
                sw = None if sample_weight is None else sample_weight[rows]
                loss, coef_grads, intercept_grads = self._loss_and_gradients(X[rows], Y[rows], sw)
                total_loss += loss * (batch.stop - batch.start)
                self._optimizer.update(params, coef_grads + intercept_grads)
            self.n_iter_ += 1
            self.loss_ = total_loss / n_samples
            self.t_ += n_samples
            self.loss_curve_.append(self.loss_)
            if self.verbose:
                print(f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}")
            self._count_epochs_without_improvement(X_val, Y_val, sw_val)
            self._optimizer.end_epoch(self.t_)
            if self._no_improvement_count > self.n_iter_no_change:
                what = "Validation score" if self.early_stopping else "Training loss"
                message = (f"{what} did not improve more than tol={self.tol:f} for "
                           f"{self.n_iter_no_change} consecutive epochs.")
                if self._optimizer.stop_on_plateau(message, self.verbose):
                    break
                self._no_improvement_count = 0
            if incremental:
                break
            if self.n_iter_ == self.max_iter:
                warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached and "
                              "the optimization hasn't converged yet.", ConvergenceWarning, stacklevel=4)
        if self.early_stopping:
            self.coefs_, self.intercepts_ = self._best_coefs, self._best_intercepts

    def _validation_split(self, X, Y, sample_weight):
        """Hold out ``validation_fraction`` of the samples (stratified for one-output classifiers)."""
        from glassnet.model_selection import train_test_split
        # scikit-learn stratifies only a one-column classification target (two classes)
        stratify = Y[:, 0] > 0.5 if self._is_classifier() and self.n_outputs_ == 1 else None
        arrays = (X, Y) if sample_weight is None else (X, Y, sample_weight)
        parts = train_test_split(*arrays, random_state=self._random_state,
                                 test_size=self.validation_fraction, stratify=stratify)
        X, X_val, Y, Y_val = parts[:4]
        sample_weight, sw_val = parts[4:] if sample_weight is not None else (None, None)
        if X_val.shape[0] < 2:
            raise ValueError("The validation set is too small. Increase 'validation_fraction' or the "
                             f"size of your dataset (validation_fraction={self.validation_fraction}, "
                             f"{X_val.shape[0]} validation sample(s)).")
        return X, X_val, Y, Y_val, sample_weight, sw_val

    def _count_epochs_without_improvement(self, X_val, Y_val, sw_val) -> None:
        if self.early_stopping:
            score = self._validation_score(X_val, Y_val, sw_val)
            self.validation_scores_.append(score)
            if self.verbose:
                print(f"Validation score: {score:f}")
            if score < self.best_validation_score_ + self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if score > self.best_validation_score_:
                self.best_validation_score_ = score
                self._best_coefs = [W.copy() for W in self.coefs_]
                self._best_intercepts = [b.copy() for b in self.intercepts_]
        else:
            if self.loss_curve_[-1] > self.best_loss_ - self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            self.best_loss_ = min(self.best_loss_, self.loss_curve_[-1])

    # ------------------------------------------------------------------ predictions
    def _network_output(self, X) -> np.ndarray:
        """ŷ = a_L for already validated X."""
        return predict_output(X, self.coefs_, self.intercepts_, self.activation, self.out_activation_)

    def _forward_checked(self, X) -> np.ndarray:
        from glassnet.utils.validation import validate_data
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        return self._network_output(X)

    def _check_solver(self) -> None:
        if self.solver not in STOCHASTIC_SOLVERS:
            raise AttributeError(f"partial_fit is only available for stochastic optimizers. "
                                 f"{self.solver} is not stochastic (use solver='sgd' or 'adam').")

    def fit(self, X, y, sample_weight=None):
        """Train the network on X (n_samples, n_features) and y; ``sample_weight`` weighs each sample."""
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)

    def _tag_overrides(self):
        return {"multi_output": True}


__all__ = ["BaseMultilayerPerceptron", "glorot_uniform", "mini_batches"]
