"""Initializers: where a network's weights start, with Keras's names and formulas.

A layer asks for ``initializer(shape, dtype)`` and gets an ndarray. The variance-scaling
family keeps the variance of the signal roughly constant from layer to layer:

    n = fan_in, fan_out or (fan_in + fan_out) / 2           (the ``mode``)
    uniform:            W ~ U(−limit, limit),  limit = √(3·scale / n)
    truncated normal:   W ~ N(0, σ²) cut at ±2σ,  σ = √(scale / n) / 0.8796…
                        (0.8796… is the std of a unit normal truncated at ±2, so the
                        truncated values end up with std exactly √(scale / n))
    normal:             W ~ N(0, σ²),  σ = √(scale / n)

    GlorotUniform = scale 1, fan_avg, uniform   → limit = √(6 / (fan_in + fan_out))
    GlorotNormal  = scale 1, fan_avg, truncated → std   = √(2 / (fan_in + fan_out))
    HeUniform     = scale 2, fan_in,  uniform   → limit = √(6 / fan_in)
    HeNormal      = scale 2, fan_in,  truncated → std   = √(2 / fan_in)
    LecunUniform / LecunNormal = scale 1, fan_in

For a kernel of shape (..., fan_in_channels, fan_out_channels), e.g. a convolution's
(kh, kw, c_in, c_out), each fan is multiplied by the receptive field size kh·kw.

With ``seed=None`` the draws come from ``glassnet.random`` (so
``glassnet.utils.set_random_seed`` makes runs bit-identical); with an integer seed every
call returns the same values, as in Keras.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from glassnet.config import floatx
from glassnet.random import make_rng

# Standard deviation of a unit normal truncated to [-2, 2].
_TRUNCATED_STD = 0.87962566103423978


def compute_fans(shape: tuple) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of this shape, as Keras computes them."""
    shape = tuple(int(n) for n in shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def _dtype(dtype) -> np.dtype:
    dt = np.dtype(floatx() if dtype is None else dtype)
    if dt.kind != "f":
        raise ValueError(f"initializers: expected a float dtype, got {dt}")
    return dt


def _truncated_normal(rng: np.random.Generator, shape: tuple, mean: float, stddev: float,
                      dtype: np.dtype) -> np.ndarray:
    """N(mean, stddev²) with values beyond two standard deviations drawn again."""
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return (mean + stddev * values).astype(dtype, copy=False)


class Initializer:
    """Base class: ``initializer(shape, dtype=None) -> ndarray``."""

    def __call__(self, shape, dtype=None) -> np.ndarray:
        raise TypeError(f"{type(self).__name__} must implement __call__(shape, dtype=None)")

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Initializer":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Zeros(Initializer):
    """W = 0 (the usual bias start)."""

    def __call__(self, shape, dtype=None) -> np.ndarray:
        return np.zeros(tuple(shape), dtype=_dtype(dtype))


class Ones(Initializer):
    """W = 1."""

    def __call__(self, shape, dtype=None) -> np.ndarray:
        return np.ones(tuple(shape), dtype=_dtype(dtype))


class Constant(Initializer):
    """W = value everywhere."""

    def __init__(self, value: float = 0.0):
        self.value = float(value)

    def __call__(self, shape, dtype=None) -> np.ndarray:
        return np.full(tuple(shape), self.value, dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {"value": self.value}


class _RandomInitializer(Initializer):
    def __init__(self, seed: int | None = None):
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise TypeError(f"{type(self).__name__}: seed must be an int or None, got {seed!r}")
        self.seed = None if seed is None else int(seed)

    def _rng(self) -> np.random.Generator:
        # An integer seed gives a fresh generator at every call: the same values each time.
        return make_rng(self.seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class RandomNormal(_RandomInitializer):
    """W ~ N(mean, stddev²)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        super().__init__(seed)
        self.mean, self.stddev = float(mean), float(stddev)

    def __call__(self, shape, dtype=None) -> np.ndarray:
        values = self._rng().normal(self.mean, self.stddev, tuple(shape))
        return values.astype(_dtype(dtype), copy=False)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(_RandomInitializer):
    """W ~ N(mean, stddev²), values more than 2·stddev from the mean drawn again."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        super().__init__(seed)
        self.mean, self.stddev = float(mean), float(stddev)

    def __call__(self, shape, dtype=None) -> np.ndarray:
        return _truncated_normal(self._rng(), tuple(shape), self.mean, self.stddev, _dtype(dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(_RandomInitializer):
    """W ~ U(minval, maxval)."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        super().__init__(seed)
        if not minval < maxval:
            raise ValueError(f"RandomUniform: minval must be < maxval, got {minval} and {maxval}")
        self.minval, self.maxval = float(minval), float(maxval)

    def __call__(self, shape, dtype=None) -> np.ndarray:
        values = self._rng().uniform(self.minval, self.maxval, tuple(shape))
        return values.astype(_dtype(dtype), copy=False)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class VarianceScaling(_RandomInitializer):
    """Variance σ² = scale / n with n chosen by ``mode`` (see the module docstring)."""

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: int | None = None):
        super().__init__(seed)
        if scale <= 0:
            raise ValueError(f"VarianceScaling: scale must be positive, got {scale}")
        if mode not in self._MODES:
            raise ValueError(f"VarianceScaling: mode must be one of {self._MODES}, got {mode!r}")
        if distribution == "normal":  # the old Keras spelling
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(f"VarianceScaling: distribution must be one of {self._DISTRIBUTIONS}, "
                             f"got {distribution!r}")
        self.scale, self.mode, self.distribution = float(scale), mode, distribution

    def __call__(self, shape, dtype=None) -> np.ndarray:
        shape, dtype = tuple(shape), _dtype(dtype)
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        rng = self._rng()
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return rng.uniform(-limit, limit, shape).astype(dtype, copy=False)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, math.sqrt(variance), shape).astype(dtype, copy=False)
        return _truncated_normal(rng, shape, 0.0, math.sqrt(variance) / _TRUNCATED_STD, dtype)

    def get_config(self) -> dict:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed}


class _FixedVarianceScaling(VarianceScaling):
    """A named member of the family: only ``seed`` is an argument."""

    _SCALE, _MODE, _DISTRIBUTION = 1.0, "fan_in", "truncated_normal"

    def __init__(self, seed: int | None = None):
        super().__init__(self._SCALE, self._MODE, self._DISTRIBUTION, seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class GlorotUniform(_FixedVarianceScaling):
    """Xavier/Glorot uniform: W ~ U(−limit, limit), limit = √(6 / (fan_in + fan_out))."""
    _SCALE, _MODE, _DISTRIBUTION = 1.0, "fan_avg", "uniform"


class GlorotNormal(_FixedVarianceScaling):
    """Xavier/Glorot normal: truncated N(0, σ²), σ = √(2 / (fan_in + fan_out))."""
    _SCALE, _MODE, _DISTRIBUTION = 1.0, "fan_avg", "truncated_normal"


class HeUniform(_FixedVarianceScaling):
    """He uniform (for ReLU): W ~ U(−limit, limit), limit = √(6 / fan_in)."""
    _SCALE, _MODE, _DISTRIBUTION = 2.0, "fan_in", "uniform"


class HeNormal(_FixedVarianceScaling):
    """He normal (for ReLU): truncated N(0, σ²), σ = √(2 / fan_in)."""
    _SCALE, _MODE, _DISTRIBUTION = 2.0, "fan_in", "truncated_normal"


class LecunUniform(_FixedVarianceScaling):
    """LeCun uniform: W ~ U(−limit, limit), limit = √(3 / fan_in)."""
    _SCALE, _MODE, _DISTRIBUTION = 1.0, "fan_in", "uniform"


class LecunNormal(_FixedVarianceScaling):
    """LeCun normal (for SELU): truncated N(0, σ²), σ = √(1 / fan_in)."""
    _SCALE, _MODE, _DISTRIBUTION = 1.0, "fan_in", "truncated_normal"


class Orthogonal(_RandomInitializer):
    """W = gain · Q, Q with orthonormal rows or columns: the QR decomposition of a Gaussian matrix
    (flattened to (∏ shape[:-1], shape[-1])), signs fixed by diag(R) so that Q is uniformly random.

    Keras's default for the recurrent kernel of LSTM/GRU/SimpleRNN: h·U then keeps the norm of h.
    """

    def __init__(self, gain: float = 1.0, seed: int | None = None):
        super().__init__(seed)
        self.gain = float(gain)

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError(f"Orthogonal: the shape must have at least 2 dimensions, got {shape}")
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        a = self._rng().standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return np.ascontiguousarray((self.gain * q).reshape(shape), dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed}


class Identity(Initializer):
    """W = gain · I: a square (or rectangular, ones on the main diagonal) 2-D matrix, so that a
    Dense layer starts by passing its input through (the IRNN recipe of Le et al. 2015)."""

    def __init__(self, gain: float = 1.0):
        self.gain = float(gain)

    def __call__(self, shape, dtype=None) -> np.ndarray:
        shape = tuple(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity: the shape must be 2-D, got {shape}")
        return (self.gain * np.eye(*shape)).astype(_dtype(dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain}


_CLASSES = {cls.__name__: cls for cls in (
    Zeros, Ones, Constant, RandomNormal, TruncatedNormal, RandomUniform, VarianceScaling,
    GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity)}

# Keras's snake_case aliases.
_ALIASES = {
    "zeros": Zeros, "ones": Ones, "constant": Constant,
    "random_normal": RandomNormal, "truncated_normal": TruncatedNormal,
    "random_uniform": RandomUniform, "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform, "he_normal": HeNormal,
    "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal,
    "orthogonal": Orthogonal, "uniform": RandomUniform, "normal": RandomNormal,  # Keras's short names
    "identity": Identity,
}

def serialize(initializer: Initializer) -> dict:
    """{'class_name': ..., 'config': {...}} for a model file."""
    if not isinstance(initializer, Initializer):
        raise TypeError(f"initializers.serialize: expected an Initializer, got {initializer!r}; a "
                        "plain function cannot be written to a model file (model files hold data, "
                        "never code): use a built-in initializer or an Initializer subclass")
    return {"class_name": type(initializer).__name__, "config": initializer.get_config()}


def deserialize(config) -> Initializer:
    """The inverse of :func:`serialize` (also accepts a name)."""
    if isinstance(config, str):
        return get(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"initializers.deserialize: expected {{'class_name': ..., 'config': ...}}, "
                         f"got {config!r}")
    cls = _CLASSES.get(config["class_name"]) or _ALIASES.get(config["class_name"])
    if cls is None:
        raise ValueError(f"initializers.deserialize: unknown initializer {config['class_name']!r}; "
                         f"known: {sorted(_CLASSES)}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier) -> Callable:
    """An initializer from a name ('glorot_uniform', 'HeNormal'), a config dict, or itself.

    A plain callable ``f(shape, dtype=None)`` is passed through unchanged.
    """
    if identifier is None:
        raise ValueError("initializers.get: got None; pass a name such as 'glorot_uniform'")
    if isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"Unknown initializer {identifier!r}; known names: "
                             f"{sorted(_ALIASES)}")
        return cls()
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")


# Keras's lowercase function-style names, e.g. keras.initializers.glorot_uniform(seed=1).
zeros, ones, constant = Zeros, Ones, Constant
random_normal, truncated_normal, random_uniform = RandomNormal, TruncatedNormal, RandomUniform
variance_scaling = VarianceScaling
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_uniform, he_normal = HeUniform, HeNormal
lecun_uniform, lecun_normal = LecunUniform, LecunNormal
