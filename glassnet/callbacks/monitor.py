"""Watching one logged number (e.g. 'val_loss') and deciding whether it improved."""
from __future__ import annotations

import math
import warnings

_HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "fmeasure", "r2")


class Monitor:
    """Improvement test shared by EarlyStopping, ModelCheckpoint and ReduceLROnPlateau.

    mode 'min': improved when value < best − min_delta; 'max': value > best + min_delta;
    'auto': 'max' for accuracy-like names (acc, auc, precision, recall, f1), else 'min'.
    """

    def __init__(self, owner: str, monitor: str, mode: str = "auto", min_delta: float = 0.0):
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"{owner}: mode must be 'auto', 'min' or 'max', got {mode!r}")
        self.owner, self.monitor = owner, monitor
        if mode == "auto":
            name = monitor.lower().removeprefix("val_")
            mode = "max" if any(word in name for word in _HIGHER_IS_BETTER) else "min"
        self.mode = mode
        self.min_delta = abs(float(min_delta))

    def worst(self) -> float:
        return math.inf if self.mode == "min" else -math.inf

    def improved(self, value: float, best: float | None) -> bool:
        if best is None:
            return True
        if self.mode == "min":
            return value < best - self.min_delta
        return value > best + self.min_delta

    def read(self, logs: dict | None) -> float | None:
        """The monitored value in ``logs``, or None (with a warning naming what is there)."""
        logs = logs or {}
        if self.monitor not in logs:
            warnings.warn(f"{self.owner}: the monitored quantity '{self.monitor}' is not in the "
                          f"logs (available: {', '.join(logs) or 'none'}); did you forget "
                          "validation data or a metric?", RuntimeWarning, stacklevel=3)
            return None
        return float(logs[self.monitor])
