"""Numbers and categories to the columns a model reads: CategoryEncoding, Discretization, Hashing
(Keras's preprocessing layers for structured data).

    CategoryEncoding   integer ids 0 … num_tokens − 1 → one_hot / multi_hot / count rows
    Discretization     a number → the index of its bin: b[i−1] ≤ x < b[i] gives i (adapt: quantile bins)
    Hashing            any value → hash(value) mod num_bins (the "hashing trick": no vocabulary to learn)

Where glassnet differs: ``Discretization.adapt`` places the boundaries at the exact quantiles
(Keras uses an approximate quantile summary of precision ``epsilon``), and ``Hashing`` hashes
with BLAKE2b where Keras uses FarmHash, so the bin a given value lands in is not Keras's (the
values that share a bin are just as arbitrary in both).
"""
from __future__ import annotations

import hashlib

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.index_lookup import encode_indices
from glassnet.layers.layer import Layer, register
from glassnet.layers.preprocessing import _batches

_MODES = ("int", "one_hot", "multi_hot", "count")


def _values(inputs) -> np.ndarray:
    return np.asarray(inputs.data if isinstance(inputs, Tensor) else inputs)


def _rows(indices: np.ndarray, mode: str, depth: int, count_weights=None) -> Tensor:
    if mode == "int":
        return Tensor(indices.astype(np.int64), dtype=np.int64)
    return Tensor(encode_indices(indices, mode, depth, None, None, weights=count_weights))


@register
class CategoryEncoding(Layer):
    """Integer ids to rows of ``num_tokens`` columns: 'one_hot' (one id per sample), 'multi_hot' or 'count'.
    ``count_weights`` (same shape as the ids) adds a weight per id instead of 1 in 'count' mode."""

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot", sparse: bool = False, **kwargs):
        super().__init__(**kwargs)
        if output_mode not in ("one_hot", "multi_hot", "count"):
            raise ValueError(f"CategoryEncoding: output_mode must be 'one_hot', 'multi_hot' or 'count', "
                             f"got {output_mode!r}")
        if num_tokens is None or int(num_tokens) <= 0:
            raise ValueError(f"CategoryEncoding: num_tokens must be a positive integer, got {num_tokens!r}")
        if sparse:
            raise ValueError("CategoryEncoding: sparse=True is not supported (glassnet has no sparse tensors)")
        self.num_tokens, self.output_mode = int(num_tokens), output_mode

    def call(self, inputs, count_weights=None):
        ids = _values(inputs)
        if ids.size and (np.any(ids != np.round(ids)) or ids.min() < 0 or ids.max() >= self.num_tokens):
            raise ValueError(f"CategoryEncoding '{self.name}': ids must be integers in [0, {self.num_tokens}), got "
                             f"values from {ids.min()} to {ids.max()}")
        if self.output_mode == "one_hot" and ids.ndim > 1 and ids.shape[-1] == 1:
            ids = ids[..., 0]
        return _rows(ids.astype(np.int64), self.output_mode, self.num_tokens, count_weights)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.num_tokens)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode}


@register
class Discretization(Layer):
    """Numbers to bin indices, with boundaries given or learnt by ``adapt`` (``num_bins`` equal-count bins)."""

    def __init__(self, bin_boundaries=None, num_bins: int | None = None, epsilon: float = 0.01,
                 output_mode: str = "int", sparse: bool = False, **kwargs):
        super().__init__(**kwargs)
        if output_mode not in _MODES:
            raise ValueError(f"Discretization: output_mode must be one of {_MODES}, got {output_mode!r}")
        if (bin_boundaries is None) == (num_bins is None):
            raise ValueError("Discretization: give either bin_boundaries or num_bins (to learn them with adapt)")
        if sparse:
            raise ValueError("Discretization: sparse=True is not supported (glassnet has no sparse tensors)")
        self.bin_boundaries = None if bin_boundaries is None else [float(b) for b in bin_boundaries]
        if self.bin_boundaries is not None and self.bin_boundaries != sorted(self.bin_boundaries):
            raise ValueError(f"Discretization: bin_boundaries must increase, got {self.bin_boundaries}")
        self.num_bins = None if num_bins is None else int(num_bins)
        self.epsilon, self.output_mode = float(epsilon), output_mode

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Boundaries at the quantiles 1/num_bins, 2/num_bins, … of the data."""
        if self.num_bins is None:
            raise ValueError("Discretization: adapt() learns num_bins bins; this layer was given bin_boundaries")
        parts = [np.asarray(b, dtype=np.float64).ravel() for step, b in enumerate(_batches(data))
                 if steps is None or step < steps]
        values = np.concatenate(parts) if parts else np.zeros(0)
        if values.size == 0:
            raise ValueError(f"Discretization '{self.name}': adapt() received no data")
        self.bin_boundaries = np.quantile(values, np.arange(1, self.num_bins) / self.num_bins).tolist()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(f"Discretization '{self.name}': call adapt(data) first (or give bin_boundaries)")
        buckets = np.digitize(_values(inputs).astype(np.float64), self.bin_boundaries)
        return _rows(buckets, self.output_mode, len(self.bin_boundaries) + 1)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return (input_shape[0], (self.num_bins or len(self.bin_boundaries) + 1))

    def get_config(self):
        return {**super().get_config(), "bin_boundaries": self.bin_boundaries, "num_bins": None
                if self.bin_boundaries is not None else self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode}


@register
class Hashing(Layer):
    """Values (strings or integers) to bins 0 … num_bins − 1 by a hash; with ``mask_value``, that value
    gets bin 0 and the others 1 … num_bins − 1. ``salt`` changes the hash."""

    _accepts_strings = True

    def __init__(self, num_bins: int, mask_value=None, salt=None, output_mode: str = "int", sparse: bool = False,
                 **kwargs):
        super().__init__(**kwargs)
        if int(num_bins) <= 0 or (mask_value is not None and int(num_bins) < 2):
            raise ValueError(f"Hashing: num_bins must be a positive integer (≥ 2 with a mask_value), got {num_bins!r}")
        if output_mode not in _MODES:
            raise ValueError(f"Hashing: output_mode must be one of {_MODES}, got {output_mode!r}")
        if sparse:
            raise ValueError("Hashing: sparse=True is not supported (glassnet has no sparse tensors)")
        self.num_bins, self.mask_value, self.output_mode = int(num_bins), mask_value, output_mode
        self.salt = salt

    def _bin(self, value) -> int:
        if self.mask_value is not None and value == self.mask_value:
            return 0
        key = repr(self.salt).encode() + b"|" + str(value).encode("utf-8")
        digest = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")
        bins = self.num_bins - (self.mask_value is not None)
        return digest % bins + (self.mask_value is not None)

    def call(self, inputs):
        values = _values(inputs)
        flat = [v.decode() if isinstance(v, bytes) else (int(v) if isinstance(v, float) and v == int(v) else v)
                for v in values.ravel().tolist()]
        bins = np.array([self._bin(v) for v in flat], dtype=np.int64).reshape(values.shape)
        return _rows(bins, self.output_mode, self.num_bins)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) if self.output_mode == "int" else (input_shape[0], self.num_bins)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "mask_value": self.mask_value, "salt": self.salt,
                "output_mode": self.output_mode}
