"""The stochastic gradient descent loop shared by SGDClassifier, SGDRegressor and Perceptron.

SGD is sequential by definition — each update uses the weights the previous sample left — so the
loop over samples stays a Python loop; each step is one dot product and one scaled vector add, and
the per-sample loss works on Python floats (:mod:`_sgd_losses`), which is several times faster than
one-element NumPy arrays.
"""
from __future__ import annotations

import math
import time

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model import _sgd_losses as losses
from glassnet.linear_model._base import check_choice, check_positive_number
from glassnet.linear_model._sgd_fast import report_epoch, sgd_one_problem
from glassnet.linear_model._sgd_shuffle import MAX_INT, epoch_orders, shuffle_seed
from glassnet.utils.caller import warn_at_caller
from glassnet.utils.validation import check_sample_weight

_SCHEDULES = ("constant", "optimal", "invscaling", "adaptive")
_MAX_DLOSS = 1e12


class _BaseSGD(BaseEstimator):
    """The SGD loop shared by the classifier and the regressor.

    For each sample (x, y), in a new random order every epoch (scikit-learn's shuffle), with p = w·x + b and η the step size:

        w ← (1 − η α (1 − ρ)) w − η · dL/dp · x        (the L2 part of the penalty as weight decay)
        b ← b − η · dL/dp
        then the L1 part (ρ = l1_ratio) by clipping towards 0 with the cumulative penalty of
        Tsuruoka et al. (2009), so weights can become exactly 0.

    Step sizes (t counts the updates from 1): 'constant' η = eta0; 'optimal' η = 1 / (α (t₀ + t − 1))
    (Bottou's heuristic t₀); 'invscaling' η = eta0 / t^power_t; 'adaptive' η = eta0, divided by 5 each
    time the loss stops improving. A sample weight c (``sample_weight`` times the weight of the
    sample's class, ``class_weight``) multiplies the sample's gradient step: w ← (1 − η α (1 − ρ)) w
    − η c dL/dp x and b ← b − η c dL/dp; the decay and the stopping rule's loss stay unweighted,
    as in scikit-learn. Training stops when the epoch's mean training loss (the
    penalty left out, as in scikit-learn; or, with ``early_stopping``, the validation score) has
    not improved by ``tol`` for ``n_iter_no_change`` epochs. k > 2 classes are k independent
    one-vs-rest problems, run side by side as the rows of W.

    ``_run_epochs`` is that loop written as the lesson reads; ``_train`` runs the same updates
    through :func:`glassnet.linear_model._sgd_fast.sgd_one_problem` (one problem at a time, the
    weights as scale × vector) whenever the penalty is L2 or none.
    """

    # names of the loss and the schedule: parameters for SGD*, fixed for Perceptron
    def _loss_name(self) -> str:
        return self.loss

    def _schedule_name(self) -> str:
        return self.learning_rate

    def _check_params(self, table):
        check_choice(self._loss_name(), "loss", tuple(table))
        check_choice(self.penalty, "penalty", ("l2", "l1", "elasticnet", None))
        check_choice(self._schedule_name(), "learning_rate", _SCHEDULES)
        check_positive_number(self.alpha, "alpha", allow_zero=True)
        check_positive_number(self.max_iter, "max_iter", integer=True)
        check_positive_number(self.n_iter_no_change, "n_iter_no_change", integer=True)
        if self.tol is not None:
            check_positive_number(self.tol, "tol", allow_zero=True)
        if not (0 <= self.l1_ratio <= 1):
            raise ValueError(f"The 'l1_ratio' parameter must be in [0, 1], got {self.l1_ratio!r}.")
        if not (0 < self.validation_fraction < 1):
            raise ValueError(f"The 'validation_fraction' parameter must be in (0, 1), got "
                             f"{self.validation_fraction!r}.")
        if self._schedule_name() != "optimal":
            check_positive_number(self.eta0, "eta0")
        elif self.alpha == 0:
            raise ValueError("alpha must be > 0 since learning_rate is 'optimal': η = 1 / (α (t₀ + t)).")

    def _loss(self, table):
        function = table[self._loss_name()]
        if self._loss_name() in losses.NEEDS_EPSILON:
            epsilon = self.epsilon
            return lambda p, y: function(p, y, epsilon)
        return function

    def _optimal_init(self, loss_fn) -> float:
        """t₀ of the 'optimal' schedule (Bottou): η(1) ≈ the step a typical weight size calls for."""
        alpha = float(self.alpha)
        typw = math.sqrt(1.0 / math.sqrt(alpha))
        return 1.0 / (typw / max(1.0, loss_fn(-typw, 1.0)[1]) * alpha)

    def _train(self, X, Y, W, b, table, *, max_iter, rng, stop: bool, validation=None, path=None, weights=None):
        """Update W (k, d) and b (k,) in place; returns (epochs run, converged).

        ``weights`` (n, k), or None for all 1: each sample's weight in each of the k problems.

        The fast path solves the k problems one after the other, each in the epoch orders the
        side-by-side loop gives it (:meth:`_shuffle_seeds`), so the answer is the same; L1/elastic-net
        penalties and a shared validation score need the side-by-side loop, and so does recording
        the parameter path (``path``, a list).
        """
        k = Y.shape[1]
        if path is not None or self.penalty not in ("l2", None) or (validation is not None and k > 1):
            return self._run_epochs(X, Y, W, b, table, max_iter=max_iter, rng=rng, stop=stop,
                                    validation=validation, path=path, weights=weights)
        loss_fn = self._loss(table)
        schedule = self._schedule_name()
        optimal_init = self._optimal_init(loss_fn) if schedule == "optimal" else 0.0
        seeds = self._shuffle_seeds(rng, table, k)
        epochs, converged = [], []
        for j in range(k):
            check = None if validation is None else (lambda w_, b_: validation(w_[None, :], np.array([b_])))
            W[j], b[j], epochs_j, converged_j = sgd_one_problem(
                X, Y[:, j], W[j], float(b[j]), loss_fn, alpha=float(self.alpha),
                l2_share=1.0 if self.penalty == "l2" else 0.0, schedule=schedule, eta0=float(self.eta0),
                power_t=float(self.power_t), optimal_init=optimal_init, fit_intercept=self.fit_intercept,
                t=self.t_, max_iter=max_iter, seed=seeds[j], stop=stop, tol=self.tol,
                n_iter_no_change=self.n_iter_no_change, validation=check, loss_name=self._loss_name(),
                sample_weight=None if weights is None else weights[:, j], verbose=self.verbose)
            epochs.append(epochs_j)
            converged.append(converged_j)
        self.t_ = self.t_ + X.shape[0] * max(epochs)
        return max(epochs), all(converged)

    def _shuffle_seeds(self, rng, table, k: int) -> list:
        """The seed of each problem's order of samples (None without ``shuffle``), drawn from ``rng``
        as scikit-learn draws them.

        scikit-learn shuffles with a generator of its own (:mod:`_sgd_shuffle`); with its seeds,
        every problem visits the samples in scikit-learn's order. With k > 2 classes scikit-learn
        first draws one seed per one-vs-rest problem, each then drawing its shuffle's seed.
        """
        if not self.shuffle:
            return [None] * k
        regression = table is losses.REGRESSION
        if k == 1:
            return [shuffle_seed(rng, regression)]
        return [shuffle_seed(np.random.RandomState(seed), regression) for seed in rng.randint(MAX_INT, size=k)]

    def _run_epochs(self, X, Y, W, b, table, *, max_iter, rng, stop: bool, validation=None, path=None,
                    weights=None):
        """Run SGD on the rows of (X, Y), updating W (k, d) and b (k,) in place; returns the epochs run.
        A list ``path`` receives (W.ravel(), b) after every update; ``weights`` (n, k) scale the steps."""
        n, d = X.shape
        k = Y.shape[1]
        loss_fn = self._loss(table)
        penalty, alpha = self.penalty, float(self.alpha)
        l1_ratio = {"l2": 0.0, "l1": 1.0, None: 0.0}.get(penalty, float(self.l1_ratio))
        use_l2 = penalty is not None and l1_ratio < 1
        use_l1 = penalty in ("l1", "elasticnet")
        # read by the stopping rule and by verbose's report only
        penalized_objective = penalty is not None and (self.verbose > 0 or (stop and validation is None))
        schedule = self._schedule_name()
        eta0, power_t = float(self.eta0), float(self.power_t)
        eta_adaptive = [eta0] * k
        if schedule == "optimal":
            optimal_init = self._optimal_init(loss_fn)
        q = np.zeros((k, d))                 # L1 actually applied to each weight so far
        u = np.zeros(k)                      # L1 that could have been applied so far
        active = [True] * k
        best = [math.inf] * k
        best_score = -math.inf
        no_improvement = [0] * k
        targets = Y.tolist()
        sample_weights = None if weights is None else weights.tolist()
        rows = list(range(k))
        t = self.t_
        epoch = 0
        # each problem visits the samples in an order of its own (as scikit-learn's one-vs-rest)
        orders = [epoch_orders(n, seed) for seed in self._shuffle_seeds(rng, table, k)]
        started = time.perf_counter()
        for epoch in range(1, max_iter + 1):
            if self.verbose > 0:
                print(f"-- Epoch {epoch}")
            order = np.stack([next(problem_order) for problem_order in orders], axis=1).tolist()
            sum_loss = [0.0] * k
            plain_loss = [0.0] * k
            all_active = all(active)
            for samples in order:                  # problem j's sample at this step: samples[j]
                x = X[samples]
                y = [targets[i][j] for j, i in enumerate(samples)]
                scores = np.einsum("ij,ij->i", W, x).tolist()
                if schedule == "optimal":
                    eta = 1.0 / (alpha * (optimal_init + t - 1))
                elif schedule == "invscaling":
                    eta = eta0 / t ** power_t
                else:
                    eta = None                     # per problem: 'adaptive' may shrink one but not another
                updates = [0.0] * k
                for j in rows:
                    if not active[j]:
                        continue
                    loss, grad = loss_fn(scores[j] + b[j], y[j])
                    sum_loss[j] += loss
                    plain_loss[j] += loss
                    if penalized_objective:
                        # the objective of the stopping rule adds the penalty at this sample's weights
                        sum_loss[j] += alpha * ((1.0 - l1_ratio) * 0.5 * float(W[j] @ W[j])
                                                + l1_ratio * float(np.abs(W[j]).sum()))
                    grad = min(max(grad, -_MAX_DLOSS), _MAX_DLOSS)
                    updates[j] = -(eta if eta is not None else eta_adaptive[j]) * grad
                    if sample_weights is not None:
                        updates[j] *= sample_weights[samples[j]][j]
                step = eta if eta is not None else eta_adaptive[0]
                if use_l2:                         # weight decay w ← (1 − η α (1 − ρ)) w
                    if all_active and eta is not None:
                        W *= max(0.0, 1.0 - (1.0 - l1_ratio) * step * alpha)
                    else:
                        for j in rows:
                            if active[j]:
                                eta_j = eta if eta is not None else eta_adaptive[j]
                                W[j] *= max(0.0, 1.0 - (1.0 - l1_ratio) * eta_j * alpha)
                # w ← w − η dL/dp x,  b ← b − η dL/dp
                if k == 1:
                    if updates[0] != 0.0:
                        W[0] += updates[0] * x[0]
                        if self.fit_intercept:
                            b[0] += updates[0]
                elif any(updates):
                    step_vector = np.array(updates)
                    W += step_vector[:, None] * x
                    if self.fit_intercept:
                        b += step_vector
                if use_l1:
                    etas = np.array([eta if eta is not None else eta_adaptive[j] for j in rows])
                    u += l1_ratio * etas * alpha * np.array(active, dtype=np.float64)
                    before = W.copy()
                    shrunk = np.where(W > 0, np.maximum(0.0, W - (u[:, None] + q)),
                                      np.where(W < 0, np.minimum(0.0, W + (u[:, None] - q)), W))
                    mask = np.array(active)
                    W[mask] = shrunk[mask]
                    q += W - before
                if path is not None:
                    path.append(np.concatenate([W.ravel(), b]))
                t += 1
            self.t_ = t
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b)) and all(map(math.isfinite, sum_loss))):
                raise ValueError(f"Floating-point under-/overflow occurred at epoch #{epoch}. Scaling input "
                                 "data with StandardScaler or MinMaxScaler might help, or a smaller eta0.")
            score = validation(W, b) if stop and validation is not None else None
            if self.verbose > 0:
                for j in rows:
                    if active[j]:
                        report_epoch(W[j], float(b[j]), epoch * n, plain_loss[j], sum_loss[j], n, started,
                                     score)
            if not stop:
                continue
            tol = -math.inf if self.tol is None else float(self.tol)
            if validation is not None:
                stalled_epoch = score < best_score + tol
                best_score = max(best_score, score)
            for j in rows:
                if not active[j]:
                    continue
                if validation is not None:
                    worse = stalled_epoch
                else:
                    # the mean of loss + penalty α((1−ρ)½‖w‖² + ρ‖w‖₁) over the epoch's samples, as scikit-learn
                    objective = sum_loss[j] / n
                    worse = objective > best[j] - tol
                    best[j] = min(best[j], objective)
                no_improvement[j] = no_improvement[j] + 1 if worse else 0
                if no_improvement[j] >= self.n_iter_no_change:
                    if schedule == "adaptive" and eta_adaptive[j] > 1e-6:
                        eta_adaptive[j] /= 5.0
                        no_improvement[j] = 0
                    else:
                        active[j] = False
            if not any(active):
                if self.verbose > 0:
                    print(f"Convergence after {epoch} epochs took {time.perf_counter() - started:.2f} seconds")
                return epoch, True
        return epoch, False

    @staticmethod
    def _check_sample_weight(sample_weight, X) -> np.ndarray:
        """(n,) weights, ones for None; all zero is refused (nothing would be learned)."""
        sample_weight = check_sample_weight(sample_weight, X)
        if len(sample_weight) and not np.any(sample_weight):
            raise ValueError("Sample weights must contain at least one non-zero number; got sample_weight "
                             f"all 0 for {len(sample_weight)} samples.")
        return sample_weight

    @staticmethod
    def _check_validation_weights(sample_weight, val) -> None:
        """The validation score weighs samples by sample_weight: it needs one non-zero weight."""
        if val is not None and not np.any(sample_weight[val]):
            raise ValueError("The sample weights for validation set are all zero (early_stopping sets "
                             f"{len(val)} samples aside); use another random_state or validation_fraction.")

    def _split_validation(self, n, rng, y=None):
        """Indices of training and validation rows for ``early_stopping`` (stratified for classifiers)."""
        if not self.early_stopping:
            return np.arange(n), None
        if y is None:
            order = rng.permutation(n)
            n_val = max(1, int(math.ceil(self.validation_fraction * n)))
            return np.sort(order[n_val:]), np.sort(order[:n_val])
        val = []
        for label in np.unique(y):
            rows = rng.permutation(np.flatnonzero(y == label))
            val.extend(rows[:max(1, int(round(self.validation_fraction * len(rows))))])
        val = np.sort(np.asarray(val))
        train = np.setdiff1d(np.arange(n), val)
        if len(train) == 0:
            raise ValueError("The training set is empty after setting aside the validation set; lower "
                             "validation_fraction or use early_stopping=False.")
        return train, val

    def _warn_if_not_converged(self, converged: bool):
        if not converged and self.tol is not None:
            warn_at_caller(f"Maximum number of iteration reached before convergence (max_iter={self.max_iter}). "
                           "Consider increasing max_iter to improve the fit.", ConvergenceWarning)
