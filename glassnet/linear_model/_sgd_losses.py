"""Per-sample losses L(p, y) of stochastic gradient descent and their derivatives dL/dp.

p is the model's score w·x + b; for classifiers y ∈ {−1, +1} and z = p·y is the margin.
Each function takes two Python floats and returns (loss, dL/dp): SGD looks at one sample at a
time, and plain floats are many times faster than one-element NumPy arrays for that.
"""
from __future__ import annotations

import math


def hinge(p: float, y: float, threshold: float = 1.0):
    """L = max(0, t − p·y) (t = 1: the linear SVM); dL/dp = −y where p·y ≤ t, else 0."""
    z = p * y
    if z <= threshold:
        return threshold - z, -y
    return 0.0, 0.0


def perceptron(p: float, y: float):
    """Rosenblatt's criterion L = max(0, −p·y): only misclassified samples (p·y ≤ 0) move the weights."""
    return hinge(p, y, threshold=0.0)


def log_loss(p: float, y: float):
    """L = log(1 + e^(−p·y)), the logistic loss; dL/dp = −y / (1 + e^(p·y)).

    Written with t = (1 + y) / 2 ∈ {0, 1} as L = log(1 + e^p) − t·p and dL/dp = σ(p) − t, with
    scikit-learn's branches (so its very roundings: SGD magnifies a last-digit difference into
    another stopping epoch). Each branch avoids e^x overflowing or 1 + e^x losing e^x.
    """
    t = 0.5 * (1.0 + y)
    if p > -37.0:
        e = math.exp(-p)
        grad = ((1.0 - t) - t * e) / (1.0 + e)
    else:
        grad = math.exp(p) - t
    if p <= -37.0:
        softplus = math.exp(p)
    elif p <= -2.0:
        softplus = math.log1p(math.exp(p))
    elif p <= 18.0:
        softplus = math.log(1.0 + math.exp(p))
    elif p <= 33.3:
        softplus = p + math.exp(-p)
    else:
        softplus = p
    return softplus - t * p, grad


def modified_huber(p: float, y: float):
    """L = max(0, 1 − z)² for z ≥ −1, −4z below (z = p·y): a smooth hinge, robust to outliers."""
    z = p * y
    if z >= 1.0:
        return 0.0, 0.0
    if z >= -1.0:
        return (1.0 - z) ** 2, -2.0 * y * (1.0 - z)
    return -4.0 * z, -4.0 * y


def squared_error(p: float, y: float):
    """L = ½ (p − y)²; dL/dp = p − y."""
    r = p - y
    return 0.5 * r * r, r


def huber(p: float, y: float, epsilon: float):
    """L = ½ r² for |r| ≤ ε, ε|r| − ½ε² beyond (r = p − y): squared near 0, linear for outliers."""
    r = p - y
    if abs(r) <= epsilon:
        return 0.5 * r * r, r
    return epsilon * abs(r) - 0.5 * epsilon * epsilon, math.copysign(epsilon, r)


def epsilon_insensitive(p: float, y: float, epsilon: float):
    """L = max(0, |y − p| − ε): errors smaller than ε cost nothing (support vector regression)."""
    r = p - y
    if abs(r) > epsilon:
        return abs(r) - epsilon, math.copysign(1.0, r)
    return 0.0, 0.0


CLASSIFICATION = {"hinge": hinge, "log_loss": log_loss, "modified_huber": modified_huber,
                  "perceptron": perceptron, "squared_error": squared_error}
REGRESSION = {"squared_error": squared_error, "huber": huber, "epsilon_insensitive": epsilon_insensitive}
NEEDS_EPSILON = ("huber", "epsilon_insensitive")
