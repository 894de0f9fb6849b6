"""One source of randomness for the whole library, so a seed makes runs bit-identical.

Initializers, dropout masks, shuffling and the toy data sets all draw from
:func:`get_rng`; ``glassnet.utils.set_random_seed(s)`` resets it.
"""
from __future__ import annotations

import numpy as np

_RNG = np.random.default_rng()


def get_rng() -> np.random.Generator:
    """The library's shared generator."""
    return _RNG


def set_random_seed(seed: int) -> None:
    """Seed glassnet's generator (and NumPy's legacy global one, for user code that uses it)."""
    global _RNG
    _RNG = np.random.default_rng(seed)
    np.random.seed(seed % (2 ** 32))


def make_rng(seed=None) -> np.random.Generator:
    """A generator for a ``seed=`` argument: None → the shared one, an int → a fresh seeded one."""
    if seed is None:
        return _RNG
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)
