"""Unknown names say what exists: ``glassnet.ops.onez`` → "did you mean ones, zeros?"."""
from __future__ import annotations

import difflib
from typing import Iterable


def closest_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The public names most like ``name`` (difflib's ratio, close matches first)."""
    public = sorted({c for c in candidates if not c.startswith("_")})
    close = difflib.get_close_matches(name, public, n=n, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in public}
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)]
    return close


def missing_attribute(module: str, name: str, namespace: Iterable[str]) -> AttributeError:
    """The AttributeError for ``module.name``, naming the closest existing names."""
    if name.startswith("__"):
        return AttributeError(f"module {module!r} has no attribute {name!r}")
    close = closest_names(name, namespace)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; see dir({module.rsplit('.', 1)[-1]})"
    return AttributeError(f"module {module!r} has no attribute {name!r}{hint}")
