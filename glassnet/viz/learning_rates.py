"""Learning rates too small, about right and too large, side by side on the same landscape."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import new_figure
from glassnet.viz.landscape import plot_loss_landscape

_VERDICTS = ("too small", "about right", "too large")


def plot_learning_rates(f, x0, learning_rates=(0.01, 0.1, 0.9), *, max_iter: int = 30, xlim=None, ylim=None,
                        titles=None, figsize=None, **descent_options):
    """One panel per learning rate: the same descent from ``x0`` on the landscape of f.

    Parameters
    ----------
    f : callable, the loss of one or two parameters (see :func:`glassnet.optimize.gradient_descent`).
    x0 : the starting point, the same for every panel.
    learning_rates : the values of η to compare (three by default: too small, about right, too large).
    max_iter : steps of each descent (kept small so that the too-small one visibly falls short).
    xlim, ylim : the window of every panel; default: around the well-behaved paths.
    descent_options : passed to ``gradient_descent`` (method, momentum, tol, ...).

    Returns
    -------
    Figure with one axes per learning rate, titled "η = … (too small | about right | too large)".
    """
    from glassnet.optimize import gradient_descent
    descent_options.setdefault("tol", 0)
    results = [gradient_descent(f, x0, learning_rate=eta, max_iter=max_iter, **descent_options)
               for eta in learning_rates]
    falling = [r.path for r in results if np.isfinite(r.values[-1]) and r.values[-1] < r.values[0]]
    window = np.concatenate(falling or [results[0].path])
    window = window.reshape(len(window), -1)
    low, high = window.min(axis=0), window.max(axis=0)
    pad = 0.4 * (np.ptp(window, axis=0).max() or 1.0)
    if xlim is None:
        xlim = (low[0] - pad, high[0] + pad)
    if window.shape[1] > 1 and ylim is None:
        ylim = (low[1] - pad, high[1] + pad)
    k = len(learning_rates)
    figure = new_figure(figsize or (4.5 * k, 3.8))
    verdicts = titles or (_VERDICTS if k == 3 else [""] * k)
    for i, (eta, result) in enumerate(zip(learning_rates, results)):
        ax = figure.add_subplot(1, k, i + 1)
        plot_loss_landscape(f, result, xlim=xlim, ylim=ylim, ax=ax)
        verdict = f" ({verdicts[i]})" if verdicts[i] else ""
        ax.set_title(f"η = {eta:g}{verdict}")
    figure.tight_layout()
    return figure


__all__ = ["plot_learning_rates"]
