"""Pieces shared by the ensembles: parameter checks, per-member seeds, bootstrap draws, joblib."""
from __future__ import annotations

import numbers

import numpy as np
from joblib import Parallel

MAX_INT = np.iinfo(np.int32).max


def check_n_estimators(n_estimators) -> int:
    if not isinstance(n_estimators, numbers.Integral) or isinstance(n_estimators, bool) or n_estimators < 1:
        raise ValueError(f"n_estimators must be an int >= 1; got {n_estimators!r}.")
    return int(n_estimators)


def resolve_max_samples(max_samples, n_samples: int, name: str = "max_samples", total_weight=None) -> int:
    """None → n; an int in [1, n] → itself; a float in (0, 1] → round(f·n), at least 1 (f·Σw, truncated,
    when the draw is weighted, as scikit-learn's forests)."""
    if max_samples is None:
        return n_samples
    if isinstance(max_samples, numbers.Integral) and not isinstance(max_samples, bool):
        if not 1 <= max_samples <= n_samples:
            raise ValueError(f"{name} must be in [1, n_samples={n_samples}] as an int; got {max_samples}.")
        return int(max_samples)
    if isinstance(max_samples, numbers.Real) and not isinstance(max_samples, bool):
        if not 0.0 < max_samples <= 1.0:
            raise ValueError(f"{name} must be in (0, 1] as a float; got {max_samples}.")
        if total_weight is not None:
            return max(1, int(max_samples * total_weight))
        return max(1, int(round(max_samples * n_samples)))
    raise ValueError(f"{name} must be None, an int or a float; got {max_samples!r}.")


def bootstrap_counts(seed: int, n_samples: int, n_draws: int, draw_weight=None) -> np.ndarray:
    """How often each sample is drawn in n_draws draws with replacement (scikit-learn's draw).

    With ``draw_weight``, sample i is drawn with probability wᵢ / Σw: since scikit-learn 1.9
    the forests' sample (and class) weights act through the draw, and each tree then weighs
    the samples by their counts only, so a weight of 2 means "appears twice as often".
    """
    rng = np.random.RandomState(seed)
    if draw_weight is None:
        indices = rng.randint(0, n_samples, n_draws)
    else:
        indices = rng.choice(n_samples, n_draws, replace=True, p=draw_weight / np.sum(draw_weight))
    return np.bincount(indices, minlength=n_samples)


def parallel(n_jobs) -> Parallel:
    """joblib with threads preferred: NumPy releases the GIL in the trees' array passes, and a
    ``joblib.parallel_config(backend=...)`` (processes, Dask) still overrides the preference."""
    return Parallel(n_jobs=n_jobs, prefer="threads")


def r2(y: np.ndarray, prediction: np.ndarray) -> float:
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²."""
    total = np.sum((y - y.mean()) ** 2)
    residual = np.sum((y - prediction) ** 2)
    return float(1.0 - residual / total) if total > 0 else (1.0 if residual == 0 else 0.0)
