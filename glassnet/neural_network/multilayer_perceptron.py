"""MLPClassifier and MLPRegressor: scikit-learn's multilayer perceptrons, written out in NumPy.

The network, the losses and backpropagation are in ``_mlp_maths.py``; the solvers in
``_mlp_optimizers.py`` (sgd, adam) and ``_mlp_lbfgs.py``; the training loop in ``_mlp_base.py``.
"""
from __future__ import annotations

import numpy as np

from glassnet.base import ClassifierMixin, RegressorMixin
from glassnet.neural_network._labels import LabelCoder, target_type
from glassnet.neural_network._mlp_base import BaseMultilayerPerceptron
from glassnet.utils.available_if import available_if
from glassnet.utils.validation import column_or_1d, validate_data

_SHARED_PARAMETERS = """
    hidden_layer_sizes : array-like of int, default=(100,)
        The number of units of each hidden layer: (100,) is one layer of 100, (50, 20) two layers.
    activation : {'identity', 'logistic', 'tanh', 'relu'}, default='relu'
        f of the hidden layers: z, 1/(1 + e^{−z}), tanh z, max(0, z).
    solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
        'sgd' mini-batch gradient descent with momentum, 'adam' Adam, 'lbfgs' SciPy's L-BFGS-B on
        the whole training set (needs SciPy; often better on small data sets).
    alpha : float, default=0.0001
        Strength of the L2 penalty α/(2·n)·Σ‖W‖² added to the loss of each batch of n samples.
    batch_size : int or 'auto', default='auto'
        Mini-batch size for sgd and adam; 'auto' is min(200, n_samples).
    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        sgd's schedule: η₀; η₀/(t + 1)^power_t; η₀ divided by 5 at each plateau.
    learning_rate_init : float, default=0.001
        η₀, the step size of sgd and adam.
    power_t : float, default=0.5
        Exponent of 'invscaling'.
    max_iter : int, default=200
        Epochs for sgd and adam (passes over the data), iterations for lbfgs.
    shuffle : bool, default=True
        Shuffle the samples at each epoch (sgd, adam).
    random_state : int, RandomState or None, default=None
        Seeds the initial weights, the shuffling, and the early-stopping split.
    tol : float, default=1e-4
        An epoch improves when the loss falls (or the validation score rises) by at least tol;
        for lbfgs, the gradient tolerance.
    verbose : bool, default=False
        Print the loss after each epoch.
    warm_start : bool, default=False
        Continue from the weights of the previous fit instead of starting afresh.
    momentum : float, default=0.9
        μ of sgd, in [0, 1].
    nesterovs_momentum : bool, default=True
        Nesterov's momentum for sgd (with momentum > 0).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop when its score stops improving, and
        keep the weights of the best epoch (sgd, adam).
    validation_fraction : float, default=0.1
    beta_1, beta_2 : float, default=0.9, 0.999
        Adam's decay rates of the running means of g and g².
    epsilon : float, default=1e-8
        Adam's ε, against division by zero.
    n_iter_no_change : int, default=10
        Epochs without improvement (by tol) before stopping (sgd, adam).
    max_fun : int, default=15000
        At most this many evaluations of the loss (lbfgs).
"""

_SHARED_ATTRIBUTES = """
    loss_ : float — the loss at the end of training (with the L2 term)
    best_loss_ : float or None — the lowest epoch loss (sgd, adam; None with early_stopping)
    loss_curve_ : list of float — the loss of each epoch (sgd, adam)
    validation_scores_ : list of float or None — the held-out score of each epoch (early_stopping)
    best_validation_score_ : float or None
    t_ : int — training samples seen by the solver
    coefs_ : list of arrays — coefs_[i] (units of layer i, units of layer i + 1)
    intercepts_ : list of arrays — intercepts_[i] the biases of layer i + 1
    n_features_in_ : int;  n_iter_ : int — epochs (sgd, adam) or iterations (lbfgs) run
    n_layers_ : int — layers, input and output included;  n_outputs_ : int
    out_activation_ : str
"""


class MLPClassifier(ClassifierMixin, BaseMultilayerPerceptron):
    """A multilayer perceptron trained by backpropagation to minimise the cross-entropy.

    P(class | x) is the output layer: a softmax over k units for k > 2 classes
    (J = −(1/n) Σᵢ log p̂_{yᵢ}), one logistic unit for two classes and one per label for
    multilabel targets (J = −(1/n) Σᵢ [y log p̂ + (1 − y) log(1 − p̂)]), plus α/(2n)·Σ‖W‖².
    The parameters and attributes (listed below) are scikit-learn's.
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam", alpha=0.0001,
                 batch_size="auto", learning_rate="constant", learning_rate_init=0.001, power_t=0.5,
                 max_iter=200, shuffle=True, random_state=None, tol=1e-4, verbose=False,
                 warm_start=False, momentum=0.9, nesterovs_momentum=True, early_stopping=False,
                 validation_fraction=0.1, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 n_iter_no_change=10, max_fun=15000):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun

    loss = "log_loss"

    def _is_classifier(self) -> bool:
        return True

    def _loss_name(self) -> str:
        return "log_loss"

    def _output_activation(self) -> str:
        return "softmax" if self._label_coder.y_type_ == "multiclass" else "logistic"

    def _validate_input(self, X, y, incremental: bool, reset: bool):
        X, y = validate_data(self, X, y, reset=reset, multi_output=True, dtype=(np.float64, np.float32))
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_coder = LabelCoder().fit(y)
            self.classes_ = self._label_coder.classes_
        else:
            target_type(y)
            classes = np.arange(y.shape[1]) if y.ndim == 2 else np.unique(y)
            if self.warm_start and not incremental and set(classes) != set(self.classes_):
                raise ValueError("warm_start can only be used where `y` has the same classes as in "
                                 f"the previous call to fit. Previously got {self.classes_}, `y` has {classes}")
            if len(np.setdiff1d(classes, self.classes_)):
                raise ValueError(f"`y` has classes not in `self.classes_`. `self.classes_` has "
                                 f"{self.classes_}. 'y' has {classes}.")
        return X, self._label_coder.transform(y)

    def _validation_score(self, X_val, Y_val, sample_weight) -> float:
        """Accuracy on the held-out samples (a sample counts when all its labels are right)."""
        predicted = self._label_coder.inverse_transform(self._squeezed(self._network_output(X_val)))
        correct = predicted == self._label_coder.inverse_transform(self._squeezed(Y_val))
        if correct.ndim == 2:
            correct = correct.all(axis=1)
        return float(np.average(correct, weights=sample_weight))

    def _squeezed(self, outputs: np.ndarray) -> np.ndarray:
        return outputs.ravel() if self.n_outputs_ == 1 else outputs

    def predict(self, X) -> np.ndarray:
        """The class of each sample: arg max of the softmax, or logistic output > 0.5."""
        outputs = self._forward_checked(X)           # first: it checks that the model is fitted
        return self._label_coder.inverse_transform(self._squeezed(outputs))

    def predict_proba(self, X) -> np.ndarray:
        """p̂(class | x), columns in the order of ``classes_`` ([1 − p̂, p̂] for two classes)."""
        P = self._squeezed(self._forward_checked(X))
        return np.column_stack([1 - P, P]) if P.ndim == 1 else P

    def predict_log_proba(self, X) -> np.ndarray:
        """log p̂(class | x)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    @available_if(lambda est: est._check_solver())
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over X, y (sgd, adam). The first call needs ``classes``, all the labels to expect."""
        if not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            multilabel = target_type(y) == "multilabel-indicator"
            self._label_coder = LabelCoder().fit(y if multilabel else classes)
            self.classes_ = self._label_coder.classes_
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"`classes={np.asarray(classes)}` is not the same as on the first call to "
                             f"partial_fit, where it was {self.classes_}.")
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def _tag_overrides(self):
        return {"multi_label": True}


class MLPRegressor(RegressorMixin, BaseMultilayerPerceptron):
    """A multilayer perceptron trained by backpropagation to minimise the half squared error.

    ŷ = a_L, the identity output (one unit per target column):
    J = (1/2n) Σᵢ ‖yᵢ − ŷᵢ‖² / n_outputs + α/(2n)·Σ‖W‖². With ``loss='poisson'`` the output is
    e^{z} (the log link) and J the half Poisson deviance Σ (y log(y/ŷ) − y + ŷ) / n.
    The parameters and attributes (listed below) are scikit-learn's.
    """

    def __init__(self, loss="squared_error", hidden_layer_sizes=(100,), activation="relu", *,
                 solver="adam", alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True, random_state=None,
                 tol=1e-4, verbose=False, warm_start=False, momentum=0.9, nesterovs_momentum=True,
                 early_stopping=False, validation_fraction=0.1, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-8, n_iter_no_change=10, max_fun=15000):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun

    def _is_classifier(self) -> bool:
        return False

    def _loss_name(self) -> str:
        return self.loss

    def _output_activation(self) -> str:
        return "exp" if self.loss == "poisson" else "identity"

    def _validate_input(self, X, y, incremental: bool, reset: bool):
        X, y = validate_data(self, X, y, reset=reset, multi_output=True, y_numeric=True,
                             dtype=(np.float64, np.float32))
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if self.loss == "poisson" and np.any(y < 0):
            raise ValueError("loss='poisson' requires non-negative y (counts); "
                             f"the smallest y given is {y.min()}.")
        return X, y

    def _validation_score(self, X_val, Y_val, sample_weight) -> float:
        from glassnet.metrics import r2_score
        predicted = self._network_output(X_val)
        if not np.isfinite(predicted).all():
            return np.nan
        return float(r2_score(Y_val, predicted, sample_weight=sample_weight))

    def predict(self, X) -> np.ndarray:
        """ŷ, shape (n_samples,) for one target, (n_samples, n_outputs) for several."""
        P = self._forward_checked(X)
        return P.ravel() if P.shape[1] == 1 else P

    @available_if(lambda est: est._check_solver())
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over X, y (sgd, adam), continuing from the current weights."""
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)


MLPClassifier.__doc__ += ("\n    Parameters\n    ----------" + _SHARED_PARAMETERS
                          + "\n    Attributes\n    ----------\n    classes_ : array — the class labels "
                          "(the label columns 0 … k − 1 for multilabel targets)" + _SHARED_ATTRIBUTES
                          + "        'softmax' for several classes, 'logistic' for two or for multilabel.\n")
MLPRegressor.__doc__ += ("\n    Parameters\n    ----------\n    loss : {'squared_error', 'poisson'}, "
                         "default='squared_error'" + _SHARED_PARAMETERS + "\n    Attributes\n    ----------"
                         + _SHARED_ATTRIBUTES + "        'identity' ('exp' for the Poisson loss).\n")

__all__ = ["MLPClassifier", "MLPRegressor"]
