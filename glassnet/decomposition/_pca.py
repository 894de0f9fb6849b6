"""Principal component analysis by the singular value decomposition of the centred data."""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_is_fitted, validate_data
from glassnet.utils.overflow import check_finite, finite_outputs


@finite_outputs
class PCA(TransformerMixin, BaseEstimator):
    """Project onto the directions of largest variance.

    Centre the data, X_c = X − μ, and factor it: X_c = U·S·Vᵀ. The rows of Vᵀ are the principal
    axes (``components_``), the eigenvectors of the covariance X_cᵀX_c / (n − 1), whose eigenvalues
    are the explained variances λ_k = s_k² / (n − 1). The projection is z = (x − μ)·V_k; with
    ``whiten`` it is divided by √λ_k so every component has unit variance. Signs follow
    scikit-learn: the largest-magnitude entry of each component is positive.

    Parameters
    ----------
    n_components : int, float in (0, 1) or None, default=None
        How many components to keep; a float keeps the fewest whose explained-variance ratios
        sum past it; None keeps min(n_samples, n_features).
    copy : bool, default=True (kept for scikit-learn compatibility; X is never changed in place)
    whiten : bool, default=False
    svd_solver : {'auto', 'full', 'covariance_eigh', 'arpack', 'randomized'}, default='auto'
        scikit-learn picks among exact and approximate factorisations by the data's size; glassnet
        always takes the exact, full SVD (the one the lecture writes), which the approximate ones
        estimate. The name is checked; ``tol``, ``iterated_power``, ``n_oversamples``,
        ``power_iteration_normalizer`` and ``random_state`` (settings of those approximations) are
        accepted and have no effect.
    """

    _SOLVERS = ("auto", "full", "covariance_eigh", "arpack", "randomized")

    def __init__(self, n_components=None, *, copy: bool = True, whiten: bool = False, svd_solver: str = "auto",
                 tol: float = 0.0, iterated_power="auto", n_oversamples: int = 10,
                 power_iteration_normalizer: str = "auto", random_state=None):
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def fit(self, X, y=None) -> "PCA":
        self._fit(X)
        return self

    def fit_transform(self, X, y=None) -> np.ndarray:
        U, S = self._fit(X)
        k = self.n_components_
        if self.whiten:
            return U[:, :k] * np.sqrt(self.n_samples_ - 1)
        return U[:, :k] * S[:k]

    def _fit(self, X):
        if self.svd_solver not in self._SOLVERS:
            raise ValueError(f"The 'svd_solver' parameter of PCA must be one of {list(self._SOLVERS)!r}, "
                             f"got {self.svd_solver!r}.")
        X = np.asarray(validate_data(self, X, ensure_min_samples=2), dtype=np.float64)
        n_samples, n_features = X.shape
        n_max = min(n_samples, n_features)
        k = self.n_components
        if k is None:
            k = n_max
        elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
            if not 0 <= k <= n_max:
                raise ValueError(f"n_components={k} must be between 0 and min(n_samples, n_features)="
                                 f"{n_max} with svd_solver='full'")
        elif isinstance(k, numbers.Real) and not isinstance(k, bool):
            if not 0 < k < 1:
                raise ValueError(f"n_components as a float must be in (0, 1), got n_components={k}.")
        else:
            raise ValueError(f"n_components must be None, an int or a float in (0, 1), got {k!r}.")

        self.mean_ = X.mean(axis=0)
        centred = X - self.mean_
        check_finite(centred, self, "the centred data")  # an SVD of inf may never finish
        U, S, Vt = np.linalg.svd(centred, full_matrices=False)
        U, Vt = _svd_flip_by_components(U, Vt)
        explained_variance = S ** 2 / (n_samples - 1)
        total = explained_variance.sum()
        ratio = explained_variance / total if total > 0 else np.zeros_like(explained_variance)
        if isinstance(k, numbers.Real) and not isinstance(k, numbers.Integral):
            k = int(np.searchsorted(np.cumsum(ratio), k, side="right") + 1)
            k = min(k, n_max)
        k = int(k)
        # σ² of the discarded directions: what probabilistic PCA calls the noise
        self.noise_variance_ = float(explained_variance[k:].mean()) if k < n_max else 0.0
        self.n_components_ = k
        self.n_samples_ = n_samples
        self.components_ = Vt[:k]
        self.explained_variance_ = explained_variance[:k]
        self.explained_variance_ratio_ = ratio[:k]
        self.singular_values_ = S[:k].copy()
        return U, S

    def transform(self, X) -> np.ndarray:
        """z = (x − μ)·Vᵀ, divided by √λ when whitening."""
        check_is_fitted(self)
        X = np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        Z = (X - self.mean_) @ self.components_.T
        if self.whiten:
            Z /= np.sqrt(np.maximum(self.explained_variance_, np.finfo(np.float64).tiny))
        return Z

    def inverse_transform(self, Z) -> np.ndarray:
        """x̂ = z·V + μ (times √λ first when whitened): the closest point in the principal subspace."""
        check_is_fitted(self)
        Z = np.asarray(Z, dtype=np.float64)
        if Z.ndim != 2 or Z.shape[1] != self.n_components_:
            raise ValueError(f"inverse_transform expects an array of shape (n_samples, {self.n_components_}), "
                             f"got shape {Z.shape}.")
        if self.whiten:
            return Z @ (np.sqrt(self.explained_variance_)[:, None] * self.components_) + self.mean_
        return Z @ self.components_ + self.mean_

    def get_covariance(self) -> np.ndarray:
        """The model's covariance: Vᵀ·diag(λ − σ²)·V + σ²·I (σ² = noise_variance_)."""
        check_is_fitted(self)
        excess = self.explained_variance_ - self.noise_variance_
        cov = (self.components_.T * np.maximum(excess, 0.0)) @ self.components_
        cov[np.diag_indices_from(cov)] += self.noise_variance_
        return cov

    def score_samples(self, X) -> np.ndarray:
        """log N(x; μ, C) under probabilistic PCA, C = ``get_covariance()`` (Tipping & Bishop)."""
        check_is_fitted(self)
        X = np.asarray(validate_data(self, X, reset=False), dtype=np.float64)
        centred = X - self.mean_
        precision = np.linalg.pinv(self.get_covariance(), hermitian=True)
        _, log_det_precision = np.linalg.slogdet(precision)
        mahalanobis = np.einsum("ij,ij->i", centred @ precision, centred)
        return -0.5 * (mahalanobis + X.shape[1] * np.log(2.0 * np.pi) - log_det_precision)

    def score(self, X, y=None) -> float:
        """Mean log-likelihood of the samples under the probabilistic PCA model."""
        return float(self.score_samples(X).mean())


def _svd_flip_by_components(U: np.ndarray, Vt: np.ndarray):
    """Make the largest-magnitude entry of each row of Vᵀ positive (scikit-learn's convention)."""
    biggest = np.argmax(np.abs(Vt), axis=1)
    signs = np.sign(Vt[np.arange(Vt.shape[0]), biggest])
    signs[signs == 0] = 1.0
    return U * signs, Vt * signs[:, None]
