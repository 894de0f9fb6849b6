"""Keras's ``keras.random``: random tensors, each draw reproducible in the way Keras 3 documents.

Reached as ``glassnet.random.normal`` etc. (``import glassnet as keras; keras.random.normal``).
The ``seed`` argument of every function works as in Keras 3:

- ``seed=None``: draw from the library's shared generator, which
  ``keras.utils.set_random_seed(s)`` resets, so a whole script is repeatable;
- an ``int``: the *same* values on every call (a fresh generator seeded with it);
- a ``SeedGenerator``: new values on every call, repeatable from the generator's seed.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.config import floatx
from glassnet.random import get_rng


class SeedGenerator:
    """A source of new random draws on every call, repeatable from its seed (Keras's ``SeedGenerator``).

    Parameters
    ----------
    seed : int, optional
        None draws the seed from the shared generator (so ``set_random_seed`` fixes it too).
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs):
        if seed is None:
            seed = int(get_rng().integers(0, 2 ** 31 - 1))
        if not isinstance(seed, (int, np.integer)):
            raise ValueError(f"SeedGenerator: seed must be an int or None, got {seed!r}")
        self.seed = int(seed)
        self.name = name or "seed_generator"
        self._rng = np.random.default_rng(self.seed)

    def next(self) -> np.random.Generator:
        """The generator to draw the next values from."""
        return self._rng

    def get_config(self) -> dict:
        return {"seed": self.seed}

    def __repr__(self) -> str:
        return f"SeedGenerator(seed={self.seed})"


def draw_rng(seed=None) -> np.random.Generator:
    """The NumPy generator for a Keras ``seed`` argument (see the module docstring)."""
    if seed is None:
        return get_rng()
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise ValueError(f"seed must be None, an int or a keras.random.SeedGenerator, got {seed!r}")


def _float_dtype(dtype) -> np.dtype:
    dt = floatx() if dtype is None else np.dtype(dtype)
    if dt.kind != "f":
        raise ValueError(f"dtype must be a float type such as 'float32', got {dtype!r}")
    return dt


def _tensor(values: np.ndarray) -> Tensor:
    return Tensor.from_op(values, (), None)


def normal(shape, mean: float = 0.0, stddev: float = 1.0, dtype=None, seed=None) -> Tensor:
    """Samples of N(mean, stddev²)."""
    dt = _float_dtype(dtype)
    return _tensor((draw_rng(seed).normal(mean, stddev, size=shape)).astype(dt))


def uniform(shape, minval: float = 0.0, maxval: float = 1.0, dtype=None, seed=None) -> Tensor:
    """Samples of U[minval, maxval)."""
    dt = _float_dtype(dtype)
    return _tensor(draw_rng(seed).uniform(minval, maxval, size=shape).astype(dt))


def randint(shape, minval: int, maxval: int, dtype="int32", seed=None) -> Tensor:
    """Integers drawn uniformly from [minval, maxval)."""
    return _tensor(draw_rng(seed).integers(minval, maxval, size=shape).astype(dtype))


def truncated_normal(shape, mean: float = 0.0, stddev: float = 1.0, dtype=None, seed=None) -> Tensor:
    """N(mean, stddev²) with every value more than two standard deviations away redrawn."""
    rng = draw_rng(seed)
    values = rng.standard_normal(size=shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(size=int(outside.sum()))
        outside = np.abs(values) > 2
    return _tensor((mean + stddev * values).astype(_float_dtype(dtype)))


def categorical(logits, num_samples: int, dtype="int32", seed=None) -> Tensor:
    """For each row of logits, ``num_samples`` class indices drawn with probabilities softmax(logits).

    Uses the Gumbel-max trick: argmax(z + G) with G ~ Gumbel(0, 1) is distributed as softmax(z).
    """
    z = np.asarray(logits.data if isinstance(logits, Tensor) else logits, dtype=np.float64)
    if z.ndim != 2:
        raise ValueError(f"categorical: logits must be 2-D (batch, classes), got shape {z.shape}")
    gumbel = draw_rng(seed).gumbel(size=(z.shape[0], num_samples, z.shape[1]))
    return _tensor(np.argmax(z[:, None, :] + gumbel, axis=-1).astype(dtype))


def dropout(inputs, rate: float, noise_shape=None, seed=None) -> Tensor:
    """Inverted dropout: zero each value with probability ``rate``, scale the rest by 1/(1 − rate)."""
    from glassnet.ops.nn import dropout as dropout_op
    return dropout_op(inputs, rate, rng=draw_rng(seed), noise_shape=noise_shape)


def shuffle(x, axis: int = 0, seed=None) -> Tensor:
    """The slices of ``x`` along ``axis`` in a random order (differentiable: a gather by a permutation)."""
    from glassnet.ops.indexing import take
    x = ensure_tensor(x)
    return take(x, draw_rng(seed).permutation(x.shape[axis]), axis=axis)


def gamma(shape, alpha: float, dtype=None, seed=None) -> Tensor:
    """Samples of Gamma(alpha, 1)."""
    return _tensor(draw_rng(seed).gamma(alpha, size=shape).astype(_float_dtype(dtype)))


def beta(shape, alpha: float, beta: float, dtype=None, seed=None) -> Tensor:  # noqa: A002 - Keras's name
    """Samples of Beta(alpha, beta)."""
    return _tensor(draw_rng(seed).beta(alpha, beta, size=shape).astype(_float_dtype(dtype)))


def binomial(shape, counts, probabilities, dtype=None, seed=None) -> Tensor:
    """Samples of Binomial(counts, probabilities), as floats (Keras's default dtype)."""
    return _tensor(draw_rng(seed).binomial(counts, probabilities, size=shape).astype(_float_dtype(dtype)))


__all__ = ["SeedGenerator", "normal", "uniform", "randint", "truncated_normal", "categorical", "dropout",
           "shuffle", "gamma", "beta", "binomial"]
