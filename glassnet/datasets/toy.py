"""Toy data sets in the plane: the pictures of the lectures, as arrays.

Every function returns ``(X, y)``: X of shape (n_samples, 2) in ``floatx()`` (float32),
y of integer labels (int64). ``noise`` is the standard deviation of Gaussian noise added
to each point; ``seed`` (an int, a Generator or None for glassnet's shared generator)
makes the draw repeatable.

    make_xor / make_xnor     the four corners of the unit square and their logic labels:
                             not linearly separable, the reason hidden layers exist
    make_circles             a small circle inside a large one
    make_two_gaussians       two round clouds: the linearly separable case
    make_spirals             two (or more) interleaved spirals
    make_moons               two interleaving half circles
"""
from __future__ import annotations

import numpy as np

from glassnet.config import floatx
from glassnet.random import make_rng

_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR = np.array([0, 1, 1, 0])


def _check(n_samples: int, noise: float, minimum: int = 1) -> int:
    n = int(n_samples)
    if n < minimum:
        raise ValueError(f"n_samples must be ≥ {minimum}, got {n_samples}")
    if not noise >= 0:
        raise ValueError(f"noise must be ≥ 0, got {noise}")
    return n


def _finish(X: np.ndarray, y: np.ndarray, noise: float, rng, shuffle: bool):
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    return X.astype(floatx()), y.astype(np.int64)


def make_xor(n_samples: int = 4, noise: float = 0.0, seed=None, shuffle: bool = False):
    """XOR: y = x₁ ⊕ x₂ on the corners of the unit square.

    With the defaults this is the truth table itself, in the order (0,0), (0,1), (1,0),
    (1,1) → 0, 1, 1, 0. Larger ``n_samples`` repeat the corners in turn (then ``noise``
    blurs them into four clouds).
    """
    n = _check(n_samples, noise)
    rng = make_rng(seed)
    corner = np.arange(n) % 4
    return _finish(_CORNERS[corner], _XOR[corner], noise, rng, shuffle)


def make_xnor(n_samples: int = 4, noise: float = 0.0, seed=None, shuffle: bool = False):
    """XNOR: y = 1 − (x₁ ⊕ x₂), i.e. 1 where the two inputs agree."""
    X, y = make_xor(n_samples, noise, seed, shuffle)
    return X, 1 - y


def make_circles(n_samples: int = 100, noise: float = 0.0, factor: float = 0.5, seed=None,
                 shuffle: bool = True):
    """A circle of radius ``factor`` (label 1) inside the unit circle (label 0)."""
    n = _check(n_samples, noise, minimum=2)
    if not 0 < factor < 1:
        raise ValueError(f"make_circles: factor must be in (0, 1), got {factor}")
    rng = make_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, rng, shuffle)


def make_two_gaussians(n_samples: int = 100, noise: float = 1.0, distance: float = 4.0,
                       seed=None, shuffle: bool = True):
    """Two Gaussian clouds of standard deviation ``noise``, centred at −c (label 0) and +c
    (label 1) with c = (d, d) / (2√2), so the centres lie d = ``distance`` apart."""
    n = _check(n_samples, noise, minimum=2)
    rng = make_rng(seed)
    n0 = n // 2
    n1 = n - n0
    half = distance / 2 / np.sqrt(2)
    X = np.vstack([np.full((n0, 2), -half), np.full((n1, 2), half)])
    y = np.r_[np.zeros(n0), np.ones(n1)]
    return _finish(X, y, noise, rng, shuffle)


def make_spirals(n_samples: int = 200, noise: float = 0.0, n_classes: int = 2,
                 turns: float = 1.0, seed=None, shuffle: bool = True):
    """``n_classes`` interleaved spiral arms: arm k is r·(cos, sin)(θ + 2πk/n_classes) with
    r going from 0 to 1 while θ turns ``turns`` times around."""
    n = _check(n_samples, noise, minimum=n_classes)
    if n_classes < 2:
        raise ValueError(f"make_spirals: n_classes must be ≥ 2, got {n_classes}")
    rng = make_rng(seed)
    labels = np.arange(n) % n_classes
    position = np.empty(n)
    for k in range(n_classes):  # a loop over classes (2 or 3), not over samples
        members = labels == k
        position[members] = np.linspace(0.0, 1.0, members.sum())
    r = position
    theta = 2 * np.pi * turns * position + 2 * np.pi * labels / n_classes
    X = np.c_[r * np.cos(theta), r * np.sin(theta)]
    return _finish(X, labels, noise, rng, shuffle)


def make_moons(n_samples: int = 100, noise: float = 0.0, seed=None, shuffle: bool = True):
    """Two interleaving half circles (the same points as scikit-learn's ``make_moons``)."""
    n = _check(n_samples, noise, minimum=2)
    rng = make_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, rng, shuffle)
