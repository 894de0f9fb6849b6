"""Probabilities from SVM scores: Platt scaling, then pairwise coupling for several classes.

Platt (1999), in the numerically safe form of Lin, Lin & Weng (2007) that libsvm uses:
P(y = 1 | f) = 1 / (1 + exp(A·f + B)), A and B fitted by Newton's method (with a backtracking
line search) to minimise the cross-entropy against the smoothed targets
t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2). The scores f come from an internal 5-fold
cross-validation, so the sigmoid is fitted on scores of samples the SVM did not train on.

Several classes (Wu, Lin & Weng 2004, their second method): from the pairwise probabilities
r_ij ≈ P(i | i or j, x), find p on the simplex minimising Σ_i Σ_{j≠i} (r_ji p_i − r_ij p_j)²,
by the fixed-point iteration of the paper (all samples at once).
"""
from __future__ import annotations

import numpy as np


def fit_sigmoid(f: np.ndarray, positive: np.ndarray, max_iter: int = 100, min_step: float = 1e-10,
                sigma: float = 1e-12, eps: float = 1e-5) -> tuple[float, float]:
    """(A, B) of P(y=1|f) = 1 / (1 + exp(A f + B)) fitted on scores ``f`` and boolean labels."""
    n_pos = int(positive.sum())
    n_neg = len(f) - n_pos
    t = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    A, B = 0.0, float(np.log((n_neg + 1.0) / (n_pos + 1.0)))

    def objective(A_, B_):
        z = f * A_ + B_
        # Σ t·z + log(1 + e^(−z)), written to avoid overflow on both sides
        return float(np.sum(np.where(z >= 0, t * z + np.log1p(np.exp(-np.abs(z))),
                                     (t - 1) * z + np.log1p(np.exp(-np.abs(z))))))

    value = objective(A, B)
    for _ in range(max_iter):
        p = sigmoid_predict(f, A, B)                   # p = 1/(1 + e^z), z = A f + B
        q = 1 - p
        d2 = p * q
        h11 = sigma + float(np.sum(f * f * d2))
        h22 = sigma + float(np.sum(d2))
        h21 = float(np.sum(f * d2))
        d1 = t - p
        g1, g2 = float(np.sum(f * d1)), float(np.sum(d1))
        if abs(g1) < eps and abs(g2) < eps:
            break
        det = h11 * h22 - h21 * h21
        dA = -(h22 * g1 - h21 * g2) / det
        dB = -(-h21 * g1 + h11 * g2) / det
        gd = g1 * dA + g2 * dB
        step = 1.0
        while step >= min_step:                        # backtracking line search
            new_value = objective(A + step * dA, B + step * dB)
            if new_value < value + 1e-4 * step * gd:
                A, B, value = A + step * dA, B + step * dB, new_value
                break
            step /= 2.0
        else:
            break                                      # no step lowers the objective: done
    return A, B


def sigmoid_predict(f: np.ndarray, A: float, B: float) -> np.ndarray:
    """P(y = 1 | f) = 1 / (1 + exp(A f + B)), computed without overflow."""
    z = f * A + B
    e = np.exp(-np.abs(z))                             # never overflows
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))


def couple(r: np.ndarray, n_classes: int, max_iter: int | None = None) -> np.ndarray:
    """Class probabilities (n, k) from pairwise ones r (n, k, k), r[:, i, j] ≈ P(i | i or j)."""
    n, k = r.shape[0], n_classes
    Q = -r.transpose(0, 2, 1) * r                     # Q_tj = −r_jt r_tj  (t ≠ j)
    diag = np.einsum("nji,nji->ni", r, r) - np.einsum("nii,nii->ni", r, r)   # Q_tt = Σ_{j≠t} r_jt²
    idx = np.arange(k)
    Q[:, idx, idx] = diag
    p = np.full((n, k), 1.0 / k)
    eps = 0.005 / k
    for _ in range(max_iter or max(100, k)):
        Qp = np.einsum("ntj,nj->nt", Q, p)
        pQp = np.einsum("nt,nt->n", p, Qp)
        if np.max(np.abs(Qp - pQp[:, None])) < eps:
            break
        for t in range(k):                            # the paper's sweep over classes
            diff = (-Qp[:, t] + pQp) / Q[:, t, t]
            p[:, t] += diff
            pQp = (pQp + diff * (diff * Q[:, t, t] + 2 * Qp[:, t])) / (1 + diff) ** 2
            Qp = (Qp + diff[:, None] * Q[:, t, :]) / (1 + diff)[:, None]
            p /= (1 + diff)[:, None]
    return p
