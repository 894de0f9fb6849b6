"""Automatic layer names, unique per kind as in Keras: 'dense', 'dense_1', 'dense_2', ..."""
from __future__ import annotations

import re

_COUNTS: dict[str, int] = {}


def snake_case(name: str) -> str:
    """'Dense' → 'dense', 'MaxPooling2D' → 'max_pooling2d', 'BatchNormalization' → 'batch_normalization'."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix: str) -> str:
    """``prefix`` the first time, then ``prefix_1``, ``prefix_2``, ..."""
    count = _COUNTS.get(prefix, 0)
    _COUNTS[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session() -> None:
    """Start the automatic names over (Keras's ``keras.backend.clear_session``)."""
    _COUNTS.clear()
