"""Gaussian naive Bayes: each feature, given the class, is an independent normal variable."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, ClassifierMixin
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_sample_weight, validate_data)


class GaussianNB(ClassifierMixin, BaseEstimator):
    """Bayes' rule with independent Gaussian features.

    log P(c | x) = log P(c) + Σ_j log N(x_j; θ_cj, σ²_cj) − log P(x), where
    log N(x; θ, σ²) = −½ log(2πσ²) − (x − θ)² / (2σ²). Training is counting: θ_cj and σ²_cj
    are the mean and variance of feature j over the samples of class c, P(c) their share.
    ``var_smoothing`` adds ε = var_smoothing · max_j Var(x_j) to every σ² so no variance is zero.
    ``partial_fit`` updates the counts, means and variances batch by batch (Chan et al.'s rule).

    Parameters
    ----------
    priors : array of shape (n_classes,), default=None (learned from the class frequencies)
    var_smoothing : float, default=1e-9
    """

    def __init__(self, *, priors=None, var_smoothing: float = 1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def fit(self, X, y, sample_weight=None) -> "GaussianNB":
        X, y = validate_data(self, X, y)
        return self._partial_fit(X, y, np.unique(y), refit=True, sample_weight=sample_weight)

    def partial_fit(self, X, y, classes=None, sample_weight=None) -> "GaussianNB":
        """One more batch; ``classes`` (all the labels there will ever be) is required the first time."""
        first = not hasattr(self, "classes_")
        X, y = validate_data(self, X, y, reset=first)
        return self._partial_fit(X, y, classes, refit=False, sample_weight=sample_weight)

    def _partial_fit(self, X, y, classes, refit: bool, sample_weight) -> "GaussianNB":
        check_classification_targets(y)
        if not (isinstance(self.var_smoothing, (int, float)) and self.var_smoothing >= 0):
            raise ValueError(f"var_smoothing must be a number >= 0, got var_smoothing={self.var_smoothing!r}.")
        X = np.asarray(X, dtype=np.float64)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
            if not np.any(sample_weight > 0):
                raise ValueError("Sample weights must contain at least one non-zero number.")
        self.epsilon_ = self.var_smoothing * float(np.var(X, axis=0).max())
        if refit or not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            self.classes_ = np.unique(np.asarray(classes))
            n_classes, n_features = len(self.classes_), X.shape[1]
            self.theta_ = np.zeros((n_classes, n_features))
            self.var_ = np.zeros((n_classes, n_features))
            self.class_count_ = np.zeros(n_classes)
            self.class_prior_ = self._checked_priors(n_classes)
        else:
            self.var_[:, :] -= self._previous_epsilon  # take the old smoothing out before updating
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if unseen.size:
            raise ValueError(f"The target label(s) {unseen} in y do not exist in the initial classes "
                             f"{self.classes_}")
        for i, c in enumerate(self.classes_):
            rows = y == c
            if not rows.any():
                continue
            w = None if sample_weight is None else sample_weight[rows]
            self.theta_[i], self.var_[i], n_new = _update_mean_variance(
                self.class_count_[i], self.theta_[i], self.var_[i], X[rows], w)
            self.class_count_[i] += n_new
        self.var_[:, :] += self.epsilon_
        self._previous_epsilon = self.epsilon_
        if self.priors is None:
            self.class_prior_ = self.class_count_ / self.class_count_.sum()
        return self

    def _checked_priors(self, n_classes: int) -> np.ndarray:
        if self.priors is None:
            return np.zeros(n_classes)
        priors = np.asarray(self.priors, dtype=np.float64)
        if priors.shape != (n_classes,):
            raise ValueError(f"Number of priors must match number of classes: priors has shape "
                             f"{priors.shape}, there are {n_classes} classes.")
        if not np.isclose(priors.sum(), 1.0):
            raise ValueError(f"The sum of the priors should be 1, got {priors.sum()}.")
        if (priors < 0).any():
            raise ValueError("Priors must be non-negative.")
        return priors

    def _joint_log_likelihood(self, X) -> np.ndarray:
        """log P(c) + Σ_j log N(x_j; θ_cj, σ²_cj) for every sample and class, as three matrix products."""
        check_is_fitted(self)
        X = np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        inv_var = 1.0 / self.var_
        # Σ_j (x_j − θ_cj)² / σ²_cj = x²·(1/σ²)ᵀ − 2 x·(θ/σ²)ᵀ + Σ_j θ²/σ²
        squared = (X ** 2) @ inv_var.T - 2.0 * X @ (self.theta_ * inv_var).T
        squared += np.sum(self.theta_ ** 2 * inv_var, axis=1)
        log_norm = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)
        with np.errstate(divide="ignore"):
            log_prior = np.log(self.class_prior_)
        return log_prior + log_norm - 0.5 * squared

    def predict(self, X) -> np.ndarray:
        """The class with the largest posterior."""
        best = np.argmax(self._joint_log_likelihood(X), axis=1)
        return self.classes_[best]

    def predict_log_proba(self, X) -> np.ndarray:
        """log P(c | x) = joint − log Σ_c exp(joint), the sum taken stably (log-sum-exp)."""
        joint = self._joint_log_likelihood(X)
        top = joint.max(axis=1, keepdims=True)
        log_evidence = top + np.log(np.exp(joint - top).sum(axis=1, keepdims=True))
        return joint - log_evidence

    def predict_proba(self, X) -> np.ndarray:
        return np.exp(self.predict_log_proba(X))


def _update_mean_variance(n_past: float, mu: np.ndarray, var: np.ndarray, X: np.ndarray,
                          sample_weight: np.ndarray | None):
    """Merge a batch into running (count, mean, variance): Chan, Golub & LeVeque's pairwise rule.

    SSD_total = SSD_past + SSD_new + n_past·n_new / n_total · (μ_past − μ_new)².
    """
    if sample_weight is None:
        n_new = float(X.shape[0])
        new_mu = X.mean(axis=0)
        new_var = X.var(axis=0)
    else:
        n_new = float(sample_weight.sum())
        if n_new <= 0:
            return mu, var, 0.0
        new_mu = np.average(X, axis=0, weights=sample_weight)
        new_var = np.average((X - new_mu) ** 2, axis=0, weights=sample_weight)
    if n_past == 0:
        return new_mu, new_var, n_new
    n_total = n_past + n_new
    total_mu = (n_new * new_mu + n_past * mu) / n_total
    total_ssd = n_past * var + n_new * new_var + (n_new * n_past / n_total) * (mu - new_mu) ** 2
    return total_mu, total_ssd / n_total, n_new
