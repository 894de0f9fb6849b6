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
    """Seed glassnet's generator, and NumPy's legacy global one and Python's ``random`` (as Keras does),
    for user code that uses them."""
    import random as python_random
    global _RNG
    _RNG = np.random.default_rng(seed)
    np.random.seed(seed % (2 ** 32))
    python_random.seed(seed)


def make_rng(seed=None) -> np.random.Generator:
    """A generator for a ``seed=`` argument: None → the shared one, an int → a fresh seeded one."""
    if seed is None:
        return _RNG
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


# Keras's keras.random (normal, uniform, SeedGenerator ...) lives in glassnet.random_tensors
# and is reached from here on first use: it builds Tensors, which this low floor does not import.
_KERAS_NAMES = ("SeedGenerator", "normal", "uniform", "randint", "truncated_normal", "categorical", "dropout",
                "shuffle", "gamma", "beta", "binomial")


def __getattr__(name: str):
    if name in _KERAS_NAMES:
        from glassnet import random_tensors
        return getattr(random_tensors, name)
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.random", name, list(globals()) + list(_KERAS_NAMES))
