"""Test-wide settings: where the real MNIST files are, and a fresh seed for every test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The full MNIST and Fashion-MNIST files sit beside the checkout in ../shared/data; the package
# itself only reads $GLASSNET_DATA, so point it there for the tests that use the real data.
_SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
if "GLASSNET_DATA" not in os.environ and _SHARED_DATA.is_dir():
    os.environ["GLASSNET_DATA"] = str(_SHARED_DATA)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state, so failures reproduce."""
    from glassnet.random import set_random_seed
    set_random_seed(1234)
    yield


@pytest.fixture
def im2col_threads(monkeypatch):
    """The names of the threads that built an im2col matrix (both conv paths), with every batch
    part worth a thread however small (glassnet/ops/parallel.py)."""
    import threading

    from glassnet.ops import conv, conv_channels_first, parallel
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 1)
    seen = []

    def recording(function):
        def wrapper(*args, **kwargs):
            seen.append(threading.current_thread().name)
            return function(*args, **kwargs)
        return wrapper
    for module, name in ((conv, "im2col"), (conv_channels_first, "im2col_t")):
        monkeypatch.setattr(module, name, recording(getattr(module, name)))
    return seen
