"""Where k-means starts: k-means++ seeding or k random samples.

k-means++ (Arthur & Vassilvitskii, 2007) picks the first centre at random, then each next one
with probability proportional to D(x)², the squared distance from x to its closest chosen
centre, so the seeds spread out. Like scikit-learn, each step draws 2 + ⌊ln k⌋ candidates and
keeps the one that lowers the potential Σ_i w_i·D(x_i)² most ("greedy" k-means++).
"""
from __future__ import annotations

import numpy as np


def squared_distances(A: np.ndarray, B: np.ndarray, sq_norms_b: np.ndarray,
                      B_T: np.ndarray | None = None) -> np.ndarray:
    """‖a − b‖² = ‖a‖² − 2a·b + ‖b‖² for every row pair, clipped at 0 against rounding.

    ``sq_norms_b`` holds the ‖b‖² (computed once per fit); ``B_T``, a C-ordered copy of Bᵀ, makes
    the product faster when B is long (BLAS streams it).
    """
    d = (-2.0 * A) @ (B.T if B_T is None else B_T)     # A is a few rows: scaling it, not d, is free
    d += np.einsum("ij,ij->i", A, A)[:, None]
    d += sq_norms_b[None, :]
    return np.maximum(d, 0.0, out=d)


def kmeans_plusplus(X: np.ndarray, n_clusters: int, sample_weight: np.ndarray,
                    random_state: np.random.RandomState, sq_norms: np.ndarray,
                    X_T: np.ndarray | None = None) -> np.ndarray:
    """Greedy k-means++ seeds (draws in the same order as scikit-learn, so a seed gives its seeds).

    ``X_T`` is an optional C-ordered copy of Xᵀ, for speed.
    """
    n_samples = X.shape[0]
    n_local_trials = 2 + int(np.log(n_clusters))
    centers = np.empty((n_clusters, X.shape[1]))
    first = random_state.choice(n_samples, p=sample_weight / sample_weight.sum())
    centers[0] = X[first]
    closest_sq = squared_distances(X[[first]], X, sq_norms, X_T)[0]
    potential = closest_sq @ sample_weight
    for c in range(1, n_clusters):
        thresholds = random_state.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(sample_weight * closest_sq), thresholds)
        np.clip(candidates, None, n_samples - 1, out=candidates)
        to_candidates = squared_distances(X[candidates], X, sq_norms, X_T)
        np.minimum(closest_sq, to_candidates, out=to_candidates)
        potentials = to_candidates @ sample_weight
        best = int(np.argmin(potentials))
        potential = potentials[best]
        closest_sq = to_candidates[best]
        centers[c] = X[candidates[best]]
    return centers


def random_samples(X: np.ndarray, n_clusters: int, sample_weight: np.ndarray,
                   random_state: np.random.RandomState) -> np.ndarray:
    """k distinct samples drawn with probability proportional to their weight."""
    seeds = random_state.choice(X.shape[0], size=n_clusters, replace=False,
                                p=sample_weight / sample_weight.sum())
    return X[seeds].copy()
