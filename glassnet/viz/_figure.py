"""Where a picture is drawn: the caller's axes, or a new figure."""
from __future__ import annotations


def new_figure(figsize):
    """A figure that needs no display: pyplot's when one is usable, else a bare Agg figure."""
    import matplotlib.pyplot as plt
    return plt.figure(figsize=figsize)


def axes_and_figure(ax, figsize=(5, 4)):
    if ax is not None:
        return ax, ax.figure
    figure = new_figure(figsize)
    return figure.add_subplot(1, 1, 1), figure


def finish(figure, own: bool):
    """Fit labels inside a figure we made (never re-layout the caller's figure)."""
    if own:
        figure.tight_layout()
    return figure


def as_array(value):
    """An ndarray from an array, a Tensor or a weight."""
    import numpy as np
    return np.asarray(getattr(value, "data", value))
