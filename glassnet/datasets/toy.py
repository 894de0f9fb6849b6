"""Toy data sets in the plane: the pictures of the lectures, as arrays.

Every function returns ``(X, y)``: X of shape (n_samples, 2) in float64 (scikit-learn's dtype;
networks cast it to ``floatx()`` themselves), y of integer labels (int64). ``noise`` is the
standard deviation of Gaussian noise added to each point. ``random_state`` (scikit-learn's
name; ``seed`` is the same argument under glassnet's older name) makes the draw repeatable:
an int or a ``numpy.random.RandomState`` draws as scikit-learn does, so ``make_moons`` and
``make_circles`` give scikit-learn's very points; a ``numpy.random.Generator`` is used as is;
None draws from glassnet's shared generator (``glassnet.utils.set_random_seed``).

    make_xor / make_xnor     the four corners of the unit square and their logic labels:
                             not linearly separable, the reason hidden layers exist
    make_circles             a small circle inside a large one
    make_two_gaussians       two round clouds: the linearly separable case
    make_spirals             two (or more) interleaved spirals
    make_moons               two interleaving half circles
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.random import make_rng
from glassnet.utils.validation import check_random_state

_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR = np.array([0, 1, 1, 0])


def _check(n_samples: int, noise, minimum: int = 1) -> int:
    n = int(n_samples)
    if n < minimum:
        raise ValueError(f"n_samples must be ≥ {minimum}, got {n_samples}")
    if noise is not None and not noise >= 0:
        raise ValueError(f"noise must be ≥ 0, got {noise}")
    return n


def resolve_random_state(seed, random_state, name: str):
    """The generator for ``random_state`` (or its alias ``seed``; giving both differently is an error)."""
    if seed is not None and random_state is not None and seed is not random_state:
        raise ValueError(f"{name}: give random_state or its alias seed, not both "
                         f"(got random_state={random_state!r}, seed={seed!r}).")
    value = random_state if random_state is not None else seed
    if value is None or isinstance(value, np.random.Generator):
        return make_rng(value)
    return check_random_state(value)


def _two_sizes(n_samples, name: str) -> tuple[int, int]:
    """n → (n // 2, n − n // 2); a pair (n_outer, n_inner) is taken as given, as in scikit-learn."""
    if isinstance(n_samples, numbers.Integral):
        n = _check(n_samples, 0, minimum=2)
        return n // 2, n - n // 2
    try:
        n_out, n_in = n_samples
    except (TypeError, ValueError):
        raise ValueError(f"{name}: n_samples must be an int or a pair of ints, got {n_samples!r}") from None
    return int(n_out), int(n_in)


def _finish(X: np.ndarray, y: np.ndarray, noise, rng, shuffle: bool):
    """Shuffle, then add noise: the order in which scikit-learn draws (so a seed gives its points)."""
    X = np.asarray(X, dtype=np.float64)
    if shuffle:
        order = np.arange(len(X))
        rng.shuffle(order)
        X, y = X[order], y[order]
    if noise:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y.astype(np.int64)


def make_xor(n_samples: int = 4, noise: float = 0.0, seed=None, shuffle: bool = False, *,
             random_state=None):
    """XOR: y = x₁ ⊕ x₂ on the corners of the unit square.

    With the defaults this is the truth table itself, in the order (0,0), (0,1), (1,0),
    (1,1) → 0, 1, 1, 0. Larger ``n_samples`` repeat the corners in turn (then ``noise``
    blurs them into four clouds).
    """
    n = _check(n_samples, noise)
    rng = resolve_random_state(seed, random_state, "make_xor")
    corner = np.arange(n) % 4
    return _finish(_CORNERS[corner], _XOR[corner], noise, rng, shuffle)


def make_xnor(n_samples: int = 4, noise: float = 0.0, seed=None, shuffle: bool = False, *,
              random_state=None):
    """XNOR: y = 1 − (x₁ ⊕ x₂), i.e. 1 where the two inputs agree."""
    X, y = make_xor(n_samples, noise, seed, shuffle, random_state=random_state)
    return X, 1 - y


def make_circles(n_samples=100, noise: float | None = None, factor: float = 0.8, seed=None,
                 shuffle: bool = True, *, random_state=None):
    """A circle of radius ``factor`` (label 1) inside the unit circle (label 0).

    As scikit-learn's: ``factor`` defaults to 0.8, ``n_samples`` may be a pair (outer, inner).
    """
    n_out, n_in = _two_sizes(n_samples, "make_circles")
    _check(n_out + n_in, noise, minimum=2)
    if not 0 <= factor < 1:
        raise ValueError(f"make_circles: factor must be in [0, 1), got {factor}")
    rng = resolve_random_state(seed, random_state, "make_circles")
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, rng, shuffle)


def make_two_gaussians(n_samples: int = 100, noise: float = 1.0, distance: float = 4.0,
                       seed=None, shuffle: bool = True, *, random_state=None):
    """Two Gaussian clouds of standard deviation ``noise``, centred at −c (label 0) and +c
    (label 1) with c = (d, d) / (2√2), so the centres lie d = ``distance`` apart."""
    n = _check(n_samples, noise, minimum=2)
    rng = resolve_random_state(seed, random_state, "make_two_gaussians")
    n0 = n // 2
    n1 = n - n0
    half = distance / 2 / np.sqrt(2)
    X = np.vstack([np.full((n0, 2), -half), np.full((n1, 2), half)])
    y = np.r_[np.zeros(n0), np.ones(n1)]
    return _finish(X, y, noise, rng, shuffle)


def make_spirals(n_samples: int = 200, noise: float = 0.0, n_classes: int = 2,
                 turns: float = 1.0, seed=None, shuffle: bool = True, *, random_state=None):
    """``n_classes`` interleaved spiral arms: arm k is r·(cos, sin)(θ + 2πk/n_classes) with
    r going from 0 to 1 while θ turns ``turns`` times around."""
    n = _check(n_samples, noise, minimum=n_classes)
    if n_classes < 2:
        raise ValueError(f"make_spirals: n_classes must be ≥ 2, got {n_classes}")
    rng = resolve_random_state(seed, random_state, "make_spirals")
    labels = np.arange(n) % n_classes
    position = np.empty(n)
    for k in range(n_classes):  # a loop over classes (2 or 3), not over samples
        members = labels == k
        position[members] = np.linspace(0.0, 1.0, members.sum())
    r = position
    theta = 2 * np.pi * turns * position + 2 * np.pi * labels / n_classes
    X = np.c_[r * np.cos(theta), r * np.sin(theta)]
    return _finish(X, labels, noise, rng, shuffle)


def make_moons(n_samples=100, noise: float | None = None, seed=None, shuffle: bool = True, *,
               random_state=None):
    """Two interleaving half circles: scikit-learn's ``make_moons``, point for point.

    ``n_samples`` may be a pair (upper moon, lower moon), as in scikit-learn.
    """
    n_out, n_in = _two_sizes(n_samples, "make_moons")
    _check(n_out + n_in, noise, minimum=2)
    rng = resolve_random_state(seed, random_state, "make_moons")
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, rng, shuffle)
