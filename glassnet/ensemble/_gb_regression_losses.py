"""The regression losses of gradient boosting: start value, pseudo-residuals, leaf values, loss.

d = y − F is the residual of the current prediction F; w are the sample weights.

| loss           | L(y, F)                                         | r = −∂L/∂F           | leaf value γ            |
|----------------|-------------------------------------------------|----------------------|-------------------------|
| squared_error  | (y − F)²                                        | d                    | mean of r (the tree's)  |
| absolute_error | |d|                                             | sign(d)              | weighted median of d    |
| quantile (α)   | α·d if d ≥ 0 else (α − 1)·d  (pinball loss)     | α if d ≥ 0 else α − 1| weighted α-quantile of d|
| huber (α)      | ½d² if |d| ≤ δ else δ(|d| − ½δ)                 | d clipped to [−δ, δ] | m + mean(sign(d − m)·min(δ, |d − m|)), m the median of d |

Huber's δ is re-chosen before every stage as the α-quantile of |d| over all samples, so that a
share 1 − α of the residuals count as outliers, which then pull only linearly (Friedman 2001).
The quantile loss makes F estimate the α-quantile of y given x: with α = 0.05 and 0.95, two
models draw a 90 % prediction interval.
"""
from __future__ import annotations

import numpy as np

from glassnet.tree._criteria import weighted_median, weighted_percentile

LOSSES = ("squared_error", "absolute_error", "huber", "quantile")


def init_value(loss: str, y: np.ndarray, w: np.ndarray, unweighted: bool, alpha: float) -> float:
    """The best constant: the mean, the median (absolute and Huber) or the α-quantile."""
    if loss == "squared_error":
        return float(np.average(y, weights=w))
    q = 100 * alpha if loss == "quantile" else 50.0
    # without weights the interpolated percentile, with them the lower weighted one (as scikit-learn)
    return float(np.percentile(y, q)) if unweighted else weighted_percentile(y, w, q)


def huber_delta(y: np.ndarray, F: np.ndarray, w: np.ndarray, alpha: float) -> float:
    """δ = the weighted α-quantile of |y − F|."""
    return weighted_percentile(np.abs(y - F), w, 100 * alpha)


def negative_gradient(loss: str, y: np.ndarray, F: np.ndarray, alpha: float, delta: float) -> np.ndarray:
    d = y - F
    if loss == "squared_error":
        return d
    if loss == "absolute_error":
        return np.sign(d)
    if loss == "quantile":
        return np.where(d >= 0, alpha, alpha - 1.0)
    return np.clip(d, -delta, delta)


def leaf_value(loss: str, d: np.ndarray, w: np.ndarray, alpha: float, delta: float) -> float:
    """The γ that lowers Σ w·L(y, F + γ) most over a leaf's residuals d (exactly, or Huber's one step)."""
    if loss == "absolute_error":
        return weighted_median(d, w, average=False)
    if loss == "quantile":
        return weighted_percentile(d, w, 100 * alpha)
    median = weighted_percentile(d, w, 50.0)
    spread = d - median
    return median + float(np.average(np.sign(spread) * np.minimum(delta, np.abs(spread)), weights=w))


def loss_value(loss: str, y: np.ndarray, F: np.ndarray, w: np.ndarray, alpha: float, delta: float) -> float:
    d = y - F
    if loss == "squared_error":
        per_sample = d * d
    elif loss == "absolute_error":
        per_sample = np.abs(d)
    elif loss == "quantile":
        per_sample = np.where(d >= 0, alpha * d, (alpha - 1.0) * d)
    else:
        small = np.abs(d) <= delta
        per_sample = np.where(small, 0.5 * d * d, delta * (np.abs(d) - 0.5 * delta))
    return float(np.average(per_sample, weights=w))
