"""Rosenblatt's perceptron (1958): the first learning machine."""
from __future__ import annotations

from glassnet.linear_model.sgd import SGDClassifier


class Perceptron(SGDClassifier):
    """Perceptron: predict sign(w·x + b); on each mistake, w ← w + η·y·x and b ← b + η·y.

    With labels y ∈ {−1, +1}, a sample is a mistake when y·(w·x + b) ≤ 0; correct samples leave
    the weights alone. If the classes can be separated by a line (a hyperplane) the rule stops
    making mistakes after finitely many updates (Novikoff's theorem): it learns AND, OR and NOT.
    XOR is not linearly separable, so no line gets all four points right and the training
    accuracy (``score``) of a perceptron on XOR stays at 0.75 or below — the limit that motivated
    multilayer networks.

    It is :class:`SGDClassifier` with ``loss='perceptron'``, ``learning_rate='constant'`` (η = eta0)
    and no penalty by default, as in scikit-learn.

    Parameters
    ----------
    penalty : {None, 'l2', 'l1', 'elasticnet'}, default=None
    alpha : float, default=0.0001
    l1_ratio : float, default=0.15
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Most epochs (passes over the data).
    tol : float or None, default=1e-3
        Stop when the epoch's mean loss has not improved by tol for ``n_iter_no_change`` epochs.
    shuffle : bool, default=True
    eta0 : float, default=1.0
        η, the step of each correction.
    random_state : int, RandomState or None, default=0
    class_weight : dict {label: weight}, 'balanced' or None, default=None
        A mistake on a sample of class c moves the weights η · class_weight[c] instead of η
        ('balanced': n / (k · n_c); with more than two classes, one-vs-rest as in
        :class:`SGDClassifier`); ``fit(X, y, sample_weight=c)`` scales sample i's step by c_i.
    early_stopping, validation_fraction, n_iter_no_change, warm_start, verbose : as in scikit-learn.
    n_jobs : accepted for scikit-learn's signature and ignored.
    """

    def __init__(self, *, penalty=None, alpha: float = 0.0001, l1_ratio: float = 0.15,
                 fit_intercept: bool = True, max_iter: int = 1000, tol=1e-3, shuffle: bool = True, verbose: int = 0,
                 eta0: float = 1.0, n_jobs=None, random_state=0, early_stopping: bool = False,
                 validation_fraction: float = 0.1, n_iter_no_change: int = 5, class_weight=None,
                 warm_start: bool = False):
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.eta0 = eta0
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start

    # fixed settings of the shared SGD loop (class attributes, not parameters)
    power_t = 0.5
    epsilon = 0.1

    def _loss_name(self) -> str:
        return "perceptron"

    def _schedule_name(self) -> str:
        return "constant"

    @property
    def loss(self) -> str:
        return "perceptron"
