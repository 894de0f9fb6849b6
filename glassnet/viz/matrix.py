"""A small matrix with its numbers written in the cells: inputs, kernels and outputs of convolution slides."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import as_array, axes_and_figure, finish


def show_matrix(matrix, *, ax=None, title: str | None = None, fmt: str = "{:g}", cmap: str = "Blues",
                highlight=None, colorbar: bool = False):
    """Draw a 2-D array as coloured cells with each value written in its cell.

    Parameters
    ----------
    matrix : array (rows, columns) or Tensor.
    fmt : how each number is written, e.g. ``"{:.2f}"``.
    highlight : (row, column, height, width), optional: a frame around a block of cells, such as
        the window a convolution kernel is looking at.

    Returns
    -------
    Figure; the axes hold one text per cell, in row-major order.
    """
    values = np.asarray(as_array(matrix), dtype=np.float64)
    if values.ndim == 1:
        values = values[None, :]
    if values.ndim != 2:
        raise ValueError(f"show_matrix: expected a 2-D matrix, got shape {values.shape}")
    rows, columns = values.shape
    ax, figure = axes_and_figure(ax, (0.6 * columns + 1, 0.6 * rows + 0.8))
    image = ax.imshow(values, cmap=cmap)
    low, high = np.nanmin(values), np.nanmax(values)
    middle = (low + high) / 2
    for (i, j), value in np.ndenumerate(values):
        dark = value > middle if high > low else False
        ax.text(j, i, fmt.format(value), ha="center", va="center", color="white" if dark else "black")
    if highlight is not None:
        from matplotlib.patches import Rectangle
        r, c, h, w = highlight
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), w, h, fill=False, edgecolor="red", linewidth=3))
    ax.set_xticks(range(columns))
    ax.set_yticks(range(rows))
    if title:
        ax.set_title(title)
    if colorbar:
        figure.colorbar(image, ax=ax)
    return finish(figure, len(figure.axes) == 1)


__all__ = ["show_matrix"]
