"""The playground's data sets, generated as TensorFlow Playground generates them.

Every set lives on the square [-6, 6]²; classification labels are ±1 (binary) or the
class index 0..k-1 (multiclass), regression labels lie in [-1, 1]. ``noise`` is the
page's 0-50 % slider divided by 100 (0.0-0.5). Each generator draws from its own
seeded ``numpy.random.Generator`` so a seed in the page's URL reproduces the points.

The features a network sees are computed from (x1, x2) by :func:`features`:
X1, X2, X1², X2², X1·X2, sin(X1), sin(X2), as in the original.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glassnet.random import make_rng

N_CLASSIFICATION = 500
N_REGRESSION = 1200

BINARY_SETS = ("circle", "xor", "gauss", "spiral")
REGRESSION_SETS = ("plane", "reg_gauss")
MULTICLASS_SETS = ("gauss_k", "spiral_k")
CUSTOM = "custom"

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: np.sin(x1),
    "sinx2": lambda x1, x2: np.sin(x2),
}
FEATURE_LABELS = {
    "x1": "X1", "x2": "X2", "x1sq": "X1²", "x2sq": "X2²", "x1x2": "X1X2",
    "sinx1": "sin(X1)", "sinx2": "sin(X2)",
}


@dataclass
class Dataset:
    """Points split into a training and a test part; ``y`` is float (±1, class index or value)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def features(points: np.ndarray, names) -> np.ndarray:
    """Columns ``names`` (keys of FEATURES) computed from an (n, 2) array of (x1, x2)."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.stack([FEATURES[name](x1, x2) for name in names], axis=1).astype(np.float32)


def _uniform(rng, low, high, n):
    return rng.uniform(low, high, n)


def circle(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Half the points inside radius 2.5 (+1), half on the ring 3.5-5 (−1).

    The label is read at a noisy copy of the point, so noise flips labels near the edge.
    """
    radius = 5.0
    parts = []
    for r_low, r_high in ((0.0, radius * 0.5), (radius * 0.7, radius)):
        m = n // 2
        r = _uniform(rng, r_low, r_high, m)
        angle = _uniform(rng, 0, 2 * np.pi, m)
        x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
        jitter = _uniform(rng, -radius, radius, (m, 2)) * noise
        noisy = x + jitter
        label = np.where(np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5, 1.0, -1.0)
        parts.append((x, label))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def xor(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four quadrants (kept 0.3 away from the axes), label sign(x1·x2)."""
    padding = 0.3
    x = _uniform(rng, -5, 5, (n, 2))
    x = x + np.where(x > 0, padding, -padding)
    noisy = x + _uniform(rng, -5, 5, (n, 2)) * noise
    label = np.where(noisy[:, 0] * noisy[:, 1] >= 0, 1.0, -1.0)
    return x, label


def _gauss_variance(noise: float) -> float:
    # the original maps noise 0-0.5 linearly onto a variance of 0.5-4
    return 0.5 + noise / 0.5 * 3.5


def gauss(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs at (2, 2) (+1) and (−2, −2) (−1); noise widens them."""
    std = np.sqrt(_gauss_variance(noise))
    m = n // 2
    a = rng.normal((2.0, 2.0), std, (m, 2))
    b = rng.normal((-2.0, -2.0), std, (n - m, 2))
    return np.concatenate([a, b]), np.concatenate([np.ones(m), -np.ones(n - m)])


def _spiral_arms(n: int, noise: float, rng, arms: int):
    m = n // arms
    xs, labels = [], []
    for arm in range(arms):
        i = np.arange(m)
        r = i / m * 5
        t = 1.75 * i / m * 2 * np.pi + arm * 2 * np.pi / arms
        jitter = _uniform(rng, -1, 1, (m, 2)) * noise
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1) + jitter)
        labels.append(np.full(m, arm, dtype=np.float64))
    return np.concatenate(xs), np.concatenate(labels)


def spiral(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms (+1 and −1)."""
    x, arm = _spiral_arms(n, noise, rng, 2)
    return x, np.where(arm == 0, 1.0, -1.0)


def plane(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Regression: label (x1 + x2) / 10, read at a noisy copy of the point, in [-1, 1]."""
    x = _uniform(rng, -6, 6, (n, 2))
    noisy = x + _uniform(rng, -6, 6, (n, 2)) * noise
    return x, np.clip((noisy[:, 0] + noisy[:, 1]) / 10.0, -1.0, 1.0)


_REG_GAUSSIANS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                           [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=np.float64)


def reg_gauss(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Regression: six bumps of sign ±1; the label is the strongest bump at the point."""
    x = _uniform(rng, -6, 6, (n, 2))
    noisy = x + _uniform(rng, -6, 6, (n, 2)) * noise
    dist = np.hypot(noisy[:, None, 0] - _REG_GAUSSIANS[:, 0], noisy[:, None, 1] - _REG_GAUSSIANS[:, 1])
    strength = np.clip(1.0 - dist / 2.0, 0.0, 1.0) * _REG_GAUSSIANS[:, 2]
    pick = np.argmax(np.abs(strength), axis=1)
    return x, strength[np.arange(n), pick]


def gauss_k(n: int, noise: float, rng, classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Multiclass: ``classes`` Gaussian blobs on a circle of radius 3.5, label = blob index."""
    std = np.sqrt(_gauss_variance(noise)) * 0.8
    counts = np.full(classes, n // classes)
    counts[: n - counts.sum()] += 1
    xs, labels = [], []
    for k, m in enumerate(counts):
        angle = 2 * np.pi * k / classes + np.pi / 2
        center = 3.5 * np.array([np.cos(angle), np.sin(angle)])
        xs.append(rng.normal(center, std, (m, 2)))
        labels.append(np.full(m, k, dtype=np.float64))
    return np.concatenate(xs), np.concatenate(labels)


def spiral_k(n: int, noise: float, rng, classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Multiclass: a spiral with ``classes`` arms, label = arm index."""
    return _spiral_arms(n, noise, rng, classes)


GENERATORS = {
    "circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral,
    "plane": plane, "reg_gauss": reg_gauss, "gauss_k": gauss_k, "spiral_k": spiral_k,
}


def generate(name: str, noise: float = 0.0, seed: int = 0, classes: int = 3):
    """All points of a named set: ``(x, y)`` with x of shape (n, 2) float64, y of shape (n,)."""
    if name not in GENERATORS:
        raise ValueError(f"unknown data set {name!r}; expected one of {sorted(GENERATORS)}")
    rng = make_rng(int(seed))
    n = N_REGRESSION if name in REGRESSION_SETS else N_CLASSIFICATION
    if name in MULTICLASS_SETS:
        x, y = GENERATORS[name](n, noise, rng, classes)
    else:
        x, y = GENERATORS[name](n, noise, rng)
    return np.clip(x, -6.0, 6.0), y


def split(x: np.ndarray, y: np.ndarray, train_fraction: float, seed: int = 0) -> Dataset:
    """Shuffle (seeded) and cut into the first ``train_fraction`` for training, the rest for test."""
    order = make_rng(int(seed) + 1).permutation(len(x))
    x, y = x[order], y[order]
    cut = int(round(len(x) * train_fraction))
    cut = min(max(cut, 1), len(x) - 1) if len(x) > 1 else len(x)
    return Dataset(x[:cut], y[:cut], x[cut:], y[cut:])


def make_dataset(name: str, noise: float = 0.0, train_fraction: float = 0.5,
                 seed: int = 0, classes: int = 3) -> Dataset:
    """The data set the page shows for these settings (noise 0-0.5, fraction 0.1-0.9).

    Examples
    --------
    >>> d = make_dataset("gauss", noise=0.0, train_fraction=0.5, seed=1)
    >>> d.x_train.shape, d.x_test.shape
    ((250, 2), (250, 2))
    """
    x, y = generate(name, noise, seed, classes)
    return split(x, y, train_fraction, seed)
