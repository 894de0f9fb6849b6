"""Warnings that point at the user's line, however deep inside glassnet they are raised."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent.parent)


def warn_at_caller(message: str, category: type[Warning] = UserWarning) -> None:
    """``warnings.warn`` with the stack level of the first frame outside the glassnet package.

    A fixed ``stacklevel`` is right for one call path only: ``fit`` and ``partial_fit`` reach the
    same check through different depths.
    """
    level, frame = 2, sys._getframe(1)          # stacklevel 2 is the frame that called this function
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


__all__ = ["warn_at_caller"]
