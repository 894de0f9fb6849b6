"""How good is a clustering? Against true labels (ARI, mutual information, V-measure), or alone
(silhouette).

Everything with true labels starts from the contingency table n_ij = #{samples in class i and
cluster j}, with row sums a_i, column sums b_j and n samples in all.

    adjusted_rand_score         ARI = (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E),
                                E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2): 1 = same partition, ≈ 0 = chance
    mutual_info_score           MI = Σ (n_ij/n) log(n · n_ij / (a_i b_j))          (nats)
    normalized_mutual_info      NMI = MI / mean(H(U), H(V))   (mean: arithmetic by default)
    adjusted_mutual_info        AMI = (MI − E[MI]) / (mean(H(U), H(V)) − E[MI]), E[MI] under
                                random labelings with the same cluster sizes (hypergeometric)
    homogeneity  h = 1 − H(C|K)/H(C)   each cluster holds one class
    completeness c = 1 − H(K|C)/H(K)   each class sits in one cluster
    v_measure    v = (1 + β) h c / (β h + c)
    silhouette   s(i) = (b(i) − a(i)) / max(a(i), b(i)): a = mean distance to its own cluster,
                 b = mean distance to the nearest other cluster; the score is the mean s(i)
"""
from __future__ import annotations

import numpy as np
from math import lgamma

from glassnet.utils.validation import check_array, column_or_1d


def _labels(labels_true, labels_pred):
    labels_true = column_or_1d(np.asarray(labels_true))
    labels_pred = column_or_1d(np.asarray(labels_pred))
    if labels_true.shape != labels_pred.shape:
        raise ValueError(f"labels_true and labels_pred must have the same size, got {labels_true.shape[0]} "
                         f"and {labels_pred.shape[0]}.")
    return labels_true, labels_pred


def contingency_matrix(labels_true, labels_pred) -> np.ndarray:
    """n_ij: how many samples have class i (sorted) and cluster j (sorted)."""
    labels_true, labels_pred = _labels(labels_true, labels_pred)
    _, t = np.unique(labels_true, return_inverse=True)
    _, p = np.unique(labels_pred, return_inverse=True)
    k_t, k_p = t.max(initial=-1) + 1, p.max(initial=-1) + 1
    return np.bincount(t * k_p + p, minlength=k_t * k_p).reshape(k_t, k_p)


def _pairs(x):
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(x * (x - 1) / 2))


def adjusted_rand_score(labels_true, labels_pred) -> float:
    """Rand index adjusted for chance: 1.0 for identical partitions, ≈ 0 for random ones."""
    c = contingency_matrix(labels_true, labels_pred)
    n = c.sum()
    sum_ij, sum_a, sum_b = _pairs(c), _pairs(c.sum(axis=1)), _pairs(c.sum(axis=0))
    expected = sum_a * sum_b / (n * (n - 1) / 2) if n > 1 else 0.0
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:          # one cluster each, or all singletons: perfect agreement
        return 1.0
    return float((sum_ij - expected) / (maximum - expected))


def _entropy(counts) -> float:
    counts = np.asarray(counts, dtype=np.float64)
    counts = counts[counts > 0]
    n = counts.sum()
    if n == 0 or len(counts) <= 1:
        return 0.0
    p = counts / n
    return float(-np.sum(p * np.log(p)))


def entropy(labels) -> float:
    """H = −Σ p_k log p_k of a labelling (nats)."""
    return _entropy(np.unique(np.asarray(labels), return_counts=True)[1])


def mutual_info_score(labels_true, labels_pred, *, contingency=None) -> float:
    """MI = Σ_ij (n_ij/n) log(n n_ij / (a_i b_j)), in nats."""
    c = contingency_matrix(labels_true, labels_pred) if contingency is None else np.asarray(contingency)
    c = c.astype(np.float64)
    n = c.sum()
    a, b = c.sum(axis=1), c.sum(axis=0)
    i, j = np.nonzero(c)
    nij = c[i, j]
    mi = np.sum(nij / n * (np.log(nij) + np.log(n) - np.log(a[i]) - np.log(b[j])))
    return float(max(mi, 0.0))


def _mean(h_true: float, h_pred: float, method: str) -> float:
    if method == "arithmetic":
        return (h_true + h_pred) / 2
    if method == "geometric":
        return float(np.sqrt(h_true * h_pred))
    if method == "min":
        return min(h_true, h_pred)
    if method == "max":
        return max(h_true, h_pred)
    raise ValueError(f"average_method must be 'min', 'geometric', 'arithmetic' or 'max', got {method!r}.")


def normalized_mutual_info_score(labels_true, labels_pred, *, average_method: str = "arithmetic") -> float:
    """NMI = MI / mean(H(true), H(pred)); 1.0 when both labelings have one cluster each."""
    labels_true, labels_pred = _labels(labels_true, labels_pred)
    c = contingency_matrix(labels_true, labels_pred)
    if c.shape[0] == c.shape[1] <= 1:      # neither labelling splits the data: a perfect match
        return 1.0
    mi = mutual_info_score(None, None, contingency=c)
    if mi == 0:
        return 0.0
    norm = _mean(_entropy(c.sum(axis=1)), _entropy(c.sum(axis=0)), average_method)
    return float(mi / max(norm, np.finfo(np.float64).eps))


def expected_mutual_info(c: np.ndarray) -> float:
    """E[MI] over random labelings with the row and column sums of ``c`` (Vinh et al. 2010):
    Σ_ij Σ_nij (nij/n) log(n nij/(a_i b_j)) · P(nij), P hypergeometric, computed with log-gammas."""
    a = c.sum(axis=1).astype(np.int64)
    b = c.sum(axis=0).astype(np.int64)
    n = int(c.sum())
    lg = np.array([lgamma(k + 1) for k in range(n + 1)])          # log k!
    emi = 0.0
    for ai in a:
        for bj in b:
            lo, hi = max(1, ai + bj - n), min(ai, bj)
            if lo > hi:
                continue
            nij = np.arange(lo, hi + 1)
            term = nij / n * (np.log(n * nij) - np.log(ai * bj))
            log_p = (lg[ai] + lg[bj] + lg[n - ai] + lg[n - bj] - lg[n] - lg[nij] - lg[ai - nij]
                     - lg[bj - nij] - lg[n - ai - bj + nij])
            emi += float(np.sum(term * np.exp(log_p)))
    return emi


def adjusted_mutual_info_score(labels_true, labels_pred, *, average_method: str = "arithmetic") -> float:
    """AMI = (MI − E[MI]) / (mean(H(true), H(pred)) − E[MI]): 1 = same partition, ≈ 0 by chance."""
    labels_true, labels_pred = _labels(labels_true, labels_pred)
    c = contingency_matrix(labels_true, labels_pred)
    if c.shape[0] == c.shape[1] <= 1:
        return 1.0
    mi = mutual_info_score(None, None, contingency=c)
    emi = expected_mutual_info(c)
    norm = _mean(_entropy(c.sum(axis=1)), _entropy(c.sum(axis=0)), average_method)
    denominator = norm - emi
    eps = np.finfo(np.float64).eps
    denominator = min(denominator, -eps) if denominator < 0 else max(denominator, eps)
    return float((mi - emi) / denominator)


def homogeneity_completeness_v_measure(labels_true, labels_pred, *, beta: float = 1.0):
    """(h, c, v): see the module docstring. Empty or one-class inputs give (1, 1, 1)."""
    labels_true, labels_pred = _labels(labels_true, labels_pred)
    if len(labels_true) == 0:
        return 1.0, 1.0, 1.0
    c = contingency_matrix(labels_true, labels_pred)
    h_true, h_pred = _entropy(c.sum(axis=1)), _entropy(c.sum(axis=0))
    mi = mutual_info_score(None, None, contingency=c)
    homogeneity = mi / h_true if h_true else 1.0
    completeness = mi / h_pred if h_pred else 1.0
    if homogeneity + completeness == 0:
        return homogeneity, completeness, 0.0
    v = (1 + beta) * homogeneity * completeness / (beta * homogeneity + completeness)
    return float(homogeneity), float(completeness), float(v)


def homogeneity_score(labels_true, labels_pred) -> float:
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[0]


def completeness_score(labels_true, labels_pred) -> float:
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[1]


def v_measure_score(labels_true, labels_pred, *, beta: float = 1.0) -> float:
    return homogeneity_completeness_v_measure(labels_true, labels_pred, beta=beta)[2]


def _distances(X, metric: str) -> np.ndarray:
    if metric == "precomputed":
        D = check_array(X)
        if D.shape[0] != D.shape[1]:
            raise ValueError(f"A precomputed distance matrix must be square, got shape {D.shape}.")
        return D
    X = check_array(X)
    if metric == "euclidean":
        sq = np.einsum("ij,ij->i", X, X)
        D = sq[:, None] + sq[None, :] - 2 * X @ X.T
        np.maximum(D, 0, out=D)
        np.fill_diagonal(D, 0)
        return np.sqrt(D)
    if metric in ("manhattan", "cityblock"):
        return np.abs(X[:, None, :] - X[None, :, :]).sum(axis=2)
    raise ValueError(f"metric must be 'euclidean', 'manhattan' or 'precomputed', got {metric!r}.")


def silhouette_samples(X, labels, *, metric: str = "euclidean") -> np.ndarray:
    """s(i) = (b(i) − a(i)) / max(a(i), b(i)) for every sample (0 for samples alone in their cluster)."""
    D = _distances(X, metric)
    labels = column_or_1d(np.asarray(labels))
    classes, idx = np.unique(labels, return_inverse=True)
    n, k = len(labels), len(classes)
    if not 2 <= k <= n - 1:
        raise ValueError(f"Number of labels is {k}. Valid values are 2 to n_samples - 1 (inclusive)")
    sizes = np.bincount(idx, minlength=k)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), idx] = 1.0
    sums = D @ onehot                                   # Σ distances from each sample to each cluster
    own = sizes[idx] - 1
    a = np.where(own > 0, sums[np.arange(n), idx] / np.maximum(own, 1), 0.0)
    mean_other = sums / sizes[None, :]
    mean_other[np.arange(n), idx] = np.inf
    b = mean_other.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    return np.where(own > 0, np.nan_to_num(s), 0.0)


def silhouette_score(X, labels, *, metric: str = "euclidean", sample_size=None, random_state=None) -> float:
    """The mean silhouette over all samples (or a random ``sample_size`` of them)."""
    if sample_size is not None:
        from glassnet.utils.validation import check_random_state
        rows = check_random_state(random_state).permutation(len(labels))[:sample_size]
        X = np.asarray(X)[rows][:, rows] if metric == "precomputed" else np.asarray(X)[rows]
        labels = np.asarray(labels)[rows]
    return float(np.mean(silhouette_samples(X, labels, metric=metric)))
