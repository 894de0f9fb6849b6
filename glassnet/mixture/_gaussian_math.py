"""The formulas behind a Gaussian mixture, one function per step, for the four covariance shapes.

covariance_type: 'full' (each component its own d×d matrix), 'tied' (one d×d matrix shared),
'diag' (each component a diagonal, d variances), 'spherical' (each component a single σ²).
Precisions are kept as Cholesky factors P with Σ⁻¹ = P·Pᵀ, so that the squared Mahalanobis
distance is ‖(x − μ)·P‖² and log det Σ⁻¹ = 2 Σ log diag P.
"""
from __future__ import annotations

import numpy as np

_ILL_DEFINED = ("Fitting the mixture model failed because some components have ill-defined empirical "
                "covariance (for instance caused by singleton or collapsed samples). Try to decrease "
                "the number of components, increase reg_covar, or scale the input data.")


def estimate_parameters(X: np.ndarray, resp: np.ndarray, reg_covar: float, covariance_type: str):
    """M-step statistics from responsibilities r_ik.

    N_k = Σ_i r_ik,  μ_k = Σ_i r_ik x_i / N_k,  Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + reg·I.
    Returns (N_k, μ, Σ) with Σ shaped by ``covariance_type``.
    """
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
    means = resp.T @ X / nk[:, None]
    if covariance_type == "full":
        n_components, n_features = means.shape
        cov = np.empty((n_components, n_features, n_features))
        for k in range(n_components):  # a loop over components, each step one matrix product
            diff = X - means[k]
            cov[k] = (resp[:, k] * diff.T) @ diff / nk[k]
            cov[k].flat[:: n_features + 1] += reg_covar
    elif covariance_type == "tied":
        cov = (X.T @ X - (nk * means.T) @ means) / nk.sum()
        cov.flat[:: X.shape[1] + 1] += reg_covar
    else:
        # E[x²] − μ² per component and feature, from two matrix products
        diag = resp.T @ (X * X) / nk[:, None] - means ** 2 + reg_covar
        cov = diag if covariance_type == "diag" else diag.mean(axis=1)
    return nk, means, cov


def precision_cholesky(cov: np.ndarray, covariance_type: str) -> np.ndarray:
    """P with Σ⁻¹ = P·Pᵀ: from Σ = L·Lᵀ, P = (L⁻¹)ᵀ; for diagonal shapes simply 1/σ."""
    if covariance_type in ("full", "tied"):
        mats = cov if covariance_type == "full" else cov[None]
        out = np.empty_like(mats)
        eye = np.eye(mats.shape[-1])
        for k, c in enumerate(mats):
            try:
                chol = np.linalg.cholesky(c)
            except np.linalg.LinAlgError:
                raise ValueError(_ILL_DEFINED) from None
            out[k] = np.linalg.solve(chol, eye).T
        return out if covariance_type == "full" else out[0]
    if np.any(cov <= 0.0):
        raise ValueError(_ILL_DEFINED)
    return 1.0 / np.sqrt(cov)


def covariance_from_precision_cholesky(prec_chol: np.ndarray, covariance_type: str) -> np.ndarray:
    """Σ = (P·Pᵀ)⁻¹, used when the user gives precisions instead of covariances."""
    if covariance_type == "full":
        return np.array([np.linalg.inv(p @ p.T) for p in prec_chol])
    if covariance_type == "tied":
        return np.linalg.inv(prec_chol @ prec_chol.T)
    return 1.0 / prec_chol ** 2


def log_gaussian_prob(X: np.ndarray, means: np.ndarray, prec_chol: np.ndarray,
                      covariance_type: str) -> np.ndarray:
    """log N(x_i; μ_k, Σ_k) = −½ (d log 2π + ‖(x_i − μ_k)·P_k‖²) + log det P_k, shape (n, K)."""
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    if covariance_type == "full":
        log_det = np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)
        mahalanobis = np.empty((n_samples, n_components))
        for k in range(n_components):
            y = X @ prec_chol[k] - means[k] @ prec_chol[k]
            mahalanobis[:, k] = np.einsum("ij,ij->i", y, y)
    elif covariance_type == "tied":
        log_det = np.sum(np.log(np.diag(prec_chol)))
        y = X @ prec_chol
        mu = means @ prec_chol
        mahalanobis = (np.einsum("ij,ij->i", y, y)[:, None] - 2.0 * y @ mu.T
                       + np.einsum("ij,ij->i", mu, mu)[None, :])
    elif covariance_type == "diag":
        log_det = np.sum(np.log(prec_chol), axis=1)
        prec = prec_chol ** 2
        mahalanobis = (np.sum(means ** 2 * prec, axis=1) - 2.0 * X @ (means * prec).T
                       + (X ** 2) @ prec.T)
    else:  # spherical
        log_det = n_features * np.log(prec_chol)
        prec = prec_chol ** 2
        mahalanobis = (np.sum(means ** 2, axis=1) * prec - 2.0 * (X @ means.T) * prec
                       + np.outer(np.einsum("ij,ij->i", X, X), prec))
    return -0.5 * (n_features * np.log(2.0 * np.pi) + mahalanobis) + log_det


def n_free_parameters(n_components: int, n_features: int, covariance_type: str) -> int:
    """Free numbers in the model, for BIC and AIC: covariances + means + (K − 1) weights."""
    cov = {"full": n_components * n_features * (n_features + 1) / 2,
           "tied": n_features * (n_features + 1) / 2,
           "diag": n_components * n_features,
           "spherical": n_components}[covariance_type]
    return int(cov + n_components * n_features + n_components - 1)


def logsumexp_rows(a: np.ndarray) -> np.ndarray:
    """log Σ_k exp(a_ik) per row, with the row maximum taken out first so nothing overflows."""
    top = a.max(axis=1, keepdims=True)
    top[~np.isfinite(top)] = 0.0
    return (top + np.log(np.exp(a - top).sum(axis=1, keepdims=True)))[:, 0]
