"""Global settings: the default float type (Keras's ``floatx``).

float32 is the default everywhere because a float32 × float64 product leaves the fast
BLAS path; gradient checks switch to float64 with :func:`set_floatx`.
"""
from __future__ import annotations

import numpy as np

_FLOATX = np.dtype("float32")


def floatx() -> np.dtype:
    """The dtype new weights and converted inputs get (``float32`` unless changed)."""
    return _FLOATX


def set_floatx(dtype) -> None:
    """Set the default float dtype: ``'float32'`` or ``'float64'``."""
    global _FLOATX
    dt = np.dtype(dtype)
    if dt not in (np.float32, np.float64):
        raise ValueError(f"set_floatx: expected 'float32' or 'float64', got {dtype!r}")
    _FLOATX = dt
