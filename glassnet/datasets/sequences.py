"""Sequence data made or shipped in the package: noisy sine series to forecast, signals to
classify, and a small public-domain text (four of Shakespeare's sonnets) for character models."""
from __future__ import annotations

from importlib import resources

import numpy as np


def _sines(rng, n: int, length: int) -> np.ndarray:
    """n series of ``length`` steps, each the sum of two sines of random period, phase and amplitude."""
    t = np.arange(length)
    periods = rng.uniform(12, 40, size=(n, 2, 1))
    phases = rng.uniform(0, 2 * np.pi, size=(n, 2, 1))
    amplitudes = rng.uniform(0.3, 0.7, size=(n, 2, 1))
    return (amplitudes * np.sin(2 * np.pi * t / periods + phases)).sum(axis=1)


def make_sine_series(n_samples: int = 1000, timesteps: int = 50, horizon: int = 1, noise: float = 0.05,
                     seed: int | None = None, dtype=np.float32):
    """Windows of noisy sine series and the value to forecast.

    Each series is x(t) = a₁ sin(2πt/T₁ + φ₁) + a₂ sin(2πt/T₂ + φ₂) + ε(t), ε ~ N(0, noise²),
    with periods T in [12, 40] steps. Returns X (n_samples, timesteps, 1): the first
    ``timesteps`` values; y (n_samples,): the value ``horizon`` steps after the last one.
    The naive forecast "same as the last step" is ``X[:, -1, 0]``.
    """
    if timesteps < 1 or horizon < 1 or n_samples < 1:
        raise ValueError(f"make_sine_series: n_samples, timesteps and horizon must be ≥ 1, "
                         f"got {n_samples}, {timesteps}, {horizon}")
    rng = np.random.default_rng(seed)
    series = _sines(rng, n_samples, timesteps + horizon) + noise * rng.standard_normal((n_samples, timesteps + horizon))
    return series[:, :timesteps, None].astype(dtype), series[:, -1].astype(dtype)


def make_signal_classes(n_samples: int = 600, timesteps: int = 40, noise: float = 0.3, seed: int | None = None,
                        dtype=np.float32):
    """Three classes of noisy signals, told apart by their shape over time, not by one value:

    0: a sine (one period over 10 to 20 steps);  1: a square wave of the same periods;
    2: a short bump (a Gaussian pulse) at a random time, flat elsewhere.
    Returns X (n_samples, timesteps, 1) and y (n_samples,) in {0, 1, 2}.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n_samples)
    t = np.arange(timesteps)[None]
    period = rng.uniform(10, 20, (n_samples, 1))
    phase = rng.uniform(0, 2 * np.pi, (n_samples, 1))
    sine = np.sin(2 * np.pi * t / period + phase)
    centre = rng.uniform(5, timesteps - 5, (n_samples, 1))
    bump = 2.0 * np.exp(-0.5 * ((t - centre) / 2.0) ** 2)
    x = np.where(y[:, None] == 0, sine, np.where(y[:, None] == 1, np.sign(sine), bump))
    x = x + noise * rng.standard_normal(x.shape)
    return x[..., None].astype(dtype), y


def load_sonnets() -> str:
    """Four sonnets of Shakespeare (18, 29, 116, 130; public domain), about 2.5 KB of text."""
    return resources.files("glassnet.datasets").joinpath("data/sonnets.txt").read_text(encoding="utf-8")


__all__ = ["make_sine_series", "make_signal_classes", "load_sonnets"]
