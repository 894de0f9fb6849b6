"""Per-sample losses L(p, y) of stochastic gradient descent and their derivatives dL/dp.

p is the model's score w·x + b; for classifiers y ∈ {−1, +1} and z = p·y is the margin.
Each function takes arrays (one entry per binary problem) and returns (loss, dL/dp).
"""
from __future__ import annotations

import numpy as np


def hinge(p, y, threshold: float = 1.0):
    """L = max(0, t − p·y) (t = 1: the linear SVM); dL/dp = −y where p·y ≤ t, else 0."""
    z = p * y
    active = z <= threshold
    return np.where(active, threshold - z, 0.0), np.where(active, -y, 0.0)


def perceptron(p, y):
    """Rosenblatt's criterion L = max(0, −p·y): only misclassified samples (p·y ≤ 0) move the weights."""
    return hinge(p, y, threshold=0.0)


def log_loss(p, y):
    """L = log(1 + e^(−p·y)), the logistic loss; dL/dp = −y / (1 + e^(p·y))."""
    z = np.clip(p * y, -500.0, 500.0)
    return np.logaddexp(0.0, -z), -y / (1.0 + np.exp(z))


def modified_huber(p, y):
    """L = max(0, 1 − z)² for z ≥ −1, −4z below (z = p·y): smooth hinge, robust to outliers."""
    z = p * y
    loss = np.where(z >= 1, 0.0, np.where(z >= -1, (1 - z) ** 2, -4 * z))
    grad = np.where(z >= 1, 0.0, np.where(z >= -1, -2 * y * (1 - z), -4 * y))
    return loss, grad


def squared_error(p, y):
    """L = ½ (p − y)²; dL/dp = p − y."""
    r = p - y
    return 0.5 * r * r, r


def huber(p, y, epsilon: float):
    """L = ½ r² for |r| ≤ ε, ε|r| − ½ε² beyond (r = p − y): squared near 0, linear for outliers."""
    r = p - y
    inside = np.abs(r) <= epsilon
    loss = np.where(inside, 0.5 * r * r, epsilon * np.abs(r) - 0.5 * epsilon ** 2)
    return loss, np.where(inside, r, epsilon * np.sign(r))


def epsilon_insensitive(p, y, epsilon: float):
    """L = max(0, |y − p| − ε): errors smaller than ε cost nothing (support vector regression)."""
    r = p - y
    return np.maximum(0.0, np.abs(r) - epsilon), np.where(np.abs(r) > epsilon, np.sign(r), 0.0)


CLASSIFICATION = {"hinge": hinge, "log_loss": log_loss, "modified_huber": modified_huber,
                  "perceptron": perceptron, "squared_error": squared_error}
REGRESSION = {"squared_error": squared_error, "huber": huber, "epsilon_insensitive": epsilon_insensitive}
NEEDS_EPSILON = ("huber", "epsilon_insensitive")
