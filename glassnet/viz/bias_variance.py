"""The bias-variance trade-off: bias², variance, noise and test error against model complexity."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, finish


def plot_bias_variance(complexity, decompositions, *, ax=None, xlabel: str = "model complexity",
                       log_x: bool = False, log_y: bool = False):
    """Draw bias², variance, noise and their sum, the expected test error, for each complexity.

    Parameters
    ----------
    complexity : sequence of numbers (polynomial degree, tree depth, 1/α, ...).
    decompositions : list of dicts, one per complexity, as returned by
        :func:`glassnet.model_selection.bias_variance_decomposition` (keys 'bias2', 'variance',
        'noise' and 'error').
    log_x, log_y : logarithmic axes (log_y shows a variance that explodes with the complexity).

    Returns
    -------
    Figure with the lines bias², variance, noise, bias² + variance + noise and, marked with dots,
    the measured test error; the lowest measured error is marked with a star.
    """
    complexity = np.asarray(complexity, dtype=np.float64)
    if len(decompositions) != len(complexity):
        raise ValueError(f"plot_bias_variance: {len(decompositions)} decompositions for {len(complexity)} "
                         "complexities")
    get = {key: np.array([d[key] for d in decompositions], dtype=np.float64)
           for key in ("bias2", "variance", "noise", "error")}
    ax, figure = axes_and_figure(ax, (6, 4.2))
    ax.plot(complexity, get["bias2"], label="bias²")
    ax.plot(complexity, get["variance"], label="variance")
    ax.plot(complexity, get["noise"], ":", label="noise")
    ax.plot(complexity, get["bias2"] + get["variance"] + get["noise"], "--", label="bias² + variance + noise")
    ax.plot(complexity, get["error"], "o", color="black", label="measured test error")
    best = int(np.argmin(get["error"]))
    ax.plot(complexity[best], get["error"][best], "*", markersize=18, color="gold", markeredgecolor="black")
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("squared error")
    ax.legend()
    ax.grid(alpha=0.3)
    return finish(figure, len(figure.axes) == 1)


__all__ = ["plot_bias_variance"]
