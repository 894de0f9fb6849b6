"""A small dense network as the playground draws it: neurons as dots, weights as coloured lines."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import as_array, axes_and_figure, finish


def dense_kernels(model) -> list[np.ndarray]:
    """The kernels (inputs, units) of a model's dense layers, in order, as arrays."""
    kernels = []
    for layer in getattr(model, "layers", []):
        kernel = getattr(layer, "kernel", None)
        if kernel is not None and np.ndim(as_array(kernel)) == 2:
            kernels.append(np.asarray(as_array(kernel), dtype=np.float64))
    if not kernels:
        raise ValueError(f"plot_network: the model {getattr(model, 'name', model)!r} has no built Dense layer; "
                         "build it (call it on data or give it an Input) first")
    for previous, kernel in zip(kernels, kernels[1:]):
        if previous.shape[1] != kernel.shape[0]:
            raise ValueError("plot_network: draws a plain stack of Dense layers; a kernel of shape "
                             f"{kernel.shape} follows one with {previous.shape[1]} units")
    return kernels


def plot_network(model, *, ax=None, max_width: float = 6.0, node_size: float = 400,
                 positive: str = "tab:blue", negative: str = "tab:orange", show_values: bool = False):
    """Neurons in columns (inputs left, outputs right), one line per weight: blue for w > 0,
    orange for w < 0, as thick as |w| is large (the thickest is the largest |w| of the network).

    Parameters
    ----------
    model : a built model whose layers are Dense (a Sequential of Dense layers).
    show_values : also write each weight's value in the middle of its line (tiny networks only).

    Returns
    -------
    Figure; its axes hold one LineCollection of weights (Σ inputs × units segments) and one
    scatter of neurons per column.
    """
    from matplotlib.collections import LineCollection
    kernels = dense_kernels(model)
    sizes = [kernels[0].shape[0]] + [k.shape[1] for k in kernels]
    ax, figure = axes_and_figure(ax, (1.8 * len(sizes) + 1, 0.7 * max(sizes) + 1.2))
    column_y = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n)[::-1] for n in sizes]
    largest = max(float(np.abs(k).max()) for k in kernels) or 1.0
    segments, colours, widths = [], [], []
    for layer, kernel in enumerate(kernels):
        for i, j in np.ndindex(*kernel.shape):
            w = kernel[i, j]
            a, b = (layer, column_y[layer][i]), (layer + 1, column_y[layer + 1][j])
            segments.append([a, b])
            colours.append(positive if w > 0 else negative)
            widths.append(0.3 + max_width * abs(w) / largest)
            if show_values:
                ax.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, f"{w:.2f}", ha="center", va="center",
                        fontsize="small", bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    ax.add_collection(LineCollection(segments, colors=colours, linewidths=widths, zorder=1))
    for column, ys in enumerate(column_y):
        ax.scatter(np.full(len(ys), column), ys, s=node_size, c="white", edgecolors="black", zorder=2)
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(["input"] + [f"layer {i}" for i in range(1, len(sizes) - 1)] + ["output"])
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-max(sizes) / 2, max(sizes) / 2)
    return finish(figure, len(figure.axes) == 1)


__all__ = ["plot_network", "dense_kernels"]
