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
