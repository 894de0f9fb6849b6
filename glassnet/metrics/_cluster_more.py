"""More ways to judge a clustering.

Against true labels, from the contingency table n_ij (row sums a_i, column sums b_j, n samples):

    rand_score              RI = (pairs put together in both + pairs put apart in both) / C(n, 2)
    fowlkes_mallows_score   FMI = TP / √((TP + FP)(TP + FN)), counting pairs: TP = Σ C(n_ij, 2)

Alone, from the data X and the cluster centroids c_k (c the overall mean, n_k members each):

    calinski_harabasz_score  CH = [Σ n_k ‖c_k − c‖² / (k − 1)] / [Σ_k Σ_{x∈k} ‖x − c_k‖² / (n − k)]
                             (between-cluster over within-cluster dispersion: higher is better)
    davies_bouldin_score     DB = mean_k max_{l≠k} (s_k + s_l) / ‖c_k − c_l‖, s_k the mean distance
                             of cluster k's points to c_k (lower is better, 0 at best)
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._cluster import contingency_matrix
from glassnet.utils.validation import check_array, column_or_1d


def _pair_counts(labels_true, labels_pred):
    C = contingency_matrix(labels_true, labels_pred).astype(np.float64)
    n = C.sum()
    together_both = (C * (C - 1)).sum() / 2
    together_true = (C.sum(axis=1) * (C.sum(axis=1) - 1)).sum() / 2
    together_pred = (C.sum(axis=0) * (C.sum(axis=0) - 1)).sum() / 2
    return n, together_both, together_true, together_pred


def rand_score(labels_true, labels_pred) -> float:
    """Share of sample pairs on which the two labelings agree (together in both, or apart in both)."""
    n, both, true, pred = _pair_counts(labels_true, labels_pred)
    total = n * (n - 1) / 2
    if total == 0:
        return 1.0   # a single sample: no pair to disagree on
    apart_both = total - true - pred + both
    return float((both + apart_both) / total)


def fowlkes_mallows_score(labels_true, labels_pred) -> float:
    """Geometric mean of pair precision and pair recall; 0 when no pair is together in both."""
    _, both, true, pred = _pair_counts(labels_true, labels_pred)
    if both == 0:
        return 0.0
    return float(np.sqrt(both / pred) * np.sqrt(both / true))


def _clusters(X, labels):
    X = check_array(X, dtype=np.float64)
    labels = column_or_1d(labels, input_name="labels")
    if len(labels) != len(X):
        raise ValueError(f"X has {len(X)} samples but labels has {len(labels)}.")
    names, codes = np.unique(labels, return_inverse=True)
    k = len(names)
    if not 1 < k < len(X):
        raise ValueError(f"Number of labels is {k}. Valid values are 2 to n_samples - 1 (inclusive)")
    centroids = np.array([X[codes == j].mean(axis=0) for j in range(k)])
    return X, codes, centroids


def calinski_harabasz_score(X, labels) -> float:
    """Between-cluster over within-cluster dispersion, each divided by its degrees of freedom."""
    X, codes, centroids = _clusters(X, labels)
    n, k = len(X), len(centroids)
    sizes = np.bincount(codes)
    between = (sizes * ((centroids - X.mean(axis=0)) ** 2).sum(axis=1)).sum()
    within = ((X - centroids[codes]) ** 2).sum()
    return 1.0 if within == 0 else float(between * (n - k) / (within * (k - 1)))


def davies_bouldin_score(X, labels) -> float:
    """Mean over clusters of the worst ratio (spread_k + spread_l) / distance between their centroids."""
    X, codes, centroids = _clusters(X, labels)
    spread = np.array([np.linalg.norm(X[codes == j] - c, axis=1).mean() for j, c in enumerate(centroids)])
    gaps = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=2)
    if np.allclose(spread, 0) or np.allclose(gaps, 0):
        return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (spread[:, None] + spread[None, :]) / gaps
    ratio[np.isinf(ratio) | np.isnan(ratio)] = 0.0
    np.fill_diagonal(ratio, 0.0)
    return float(ratio.max(axis=1).mean())


__all__ = ["rand_score", "fowlkes_mallows_score", "calinski_harabasz_score", "davies_bouldin_score"]
