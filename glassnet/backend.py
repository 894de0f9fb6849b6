"""``keras.backend``: which engine runs the maths, and the few global settings Keras keeps there.

glassnet's engine is NumPy, so ``backend()`` answers ``"numpy"``, the name of Keras 3's own
NumPy backend: code that branches on the backend takes its NumPy path. Images are
channels-last (N, H, W, C) throughout glassnet; ``'channels_first'`` is refused.
"""
from __future__ import annotations

from glassnet.config import floatx, set_floatx
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.naming import clear_session as _restart_names

_EPSILON = 1e-7


def backend() -> str:
    """The engine's name: ``"numpy"``."""
    return "numpy"


def epsilon() -> float:
    """The small number added to avoid dividing by zero (Keras's default 1e-7)."""
    return _EPSILON


def set_epsilon(value: float) -> None:
    """Change :func:`epsilon`'s answer (glassnet's own losses keep Keras's 1e-7)."""
    global _EPSILON
    _EPSILON = float(value)


def image_data_format() -> str:
    """``'channels_last'``: images are (batch, height, width, channels)."""
    return "channels_last"


def set_image_data_format(data_format: str) -> None:
    """Only ``'channels_last'`` is possible in glassnet."""
    if data_format != "channels_last":
        raise ValueError(f"set_image_data_format: glassnet works channels_last only, got {data_format!r}")


def clear_session(free_memory: bool = True) -> None:
    """Start layer names over ('dense', 'dense_1', … again). glassnet keeps no other global graph."""
    _restart_names()


def is_keras_tensor(x) -> bool:
    """Whether ``x`` is a symbolic tensor of a functional model (made by ``keras.Input``)."""
    return isinstance(x, KerasTensor)


def standardize_dtype(dtype) -> str:
    """A dtype's canonical name ('float32', 'int64', …)."""
    from glassnet.ops.creation import standardize_dtype as _standard
    return str(_standard(dtype))


__all__ = ["backend", "epsilon", "set_epsilon", "floatx", "set_floatx", "image_data_format", "set_image_data_format",
           "clear_session", "is_keras_tensor", "standardize_dtype"]
