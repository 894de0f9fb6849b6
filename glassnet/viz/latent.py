"""An autoencoder's latent space: the codes of the data coloured by class, and what each point decodes to."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, new_figure


def _as_array(value) -> np.ndarray:
    return np.asarray(getattr(value, "data", value))


def plot_latent_space(codes, labels=None, ax=None, title: str | None = None, max_points: int = 5000):
    """Scatter of the latent codes (n, 2), coloured by ``labels`` (e.g. the digit).

    Codes of more than two dimensions are projected on their first two principal axes
    (the axis labels say so). Returns the figure.
    """
    codes = _as_array(codes)
    if codes.ndim != 2 or codes.shape[1] < 2:
        raise ValueError(f"plot_latent_space: expected codes of shape (n, d) with d ≥ 2, got {codes.shape}")
    names = ("z₁", "z₂")
    if codes.shape[1] > 2:
        centred = codes - codes.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        codes = centred @ vt[:2].T
        names = ("1st principal axis of z", "2nd principal axis of z")
    if len(codes) > max_points:
        keep = np.random.default_rng(0).choice(len(codes), max_points, replace=False)
        codes = codes[keep]
        labels = None if labels is None else np.asarray(labels)[keep]
    ax, figure = axes_and_figure(ax, (6, 5))
    if labels is None:
        ax.scatter(codes[:, 0], codes[:, 1], s=4, alpha=0.6)
    else:
        labels = np.asarray(labels)
        for value in np.unique(labels):
            chosen = labels == value
            ax.scatter(codes[chosen, 0], codes[chosen, 1], s=4, alpha=0.6, label=str(value))
        ax.legend(markerscale=4, fontsize=8, loc="best", title="class")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(title or "latent space: each point is one input's code")
    return figure


def plot_latent_grid(decoder, extent: float = 2.0, n: int = 12, image_shape=(28, 28), center=(0.0, 0.0)):
    """Decode an n × n grid of 2-D codes spanning ±``extent`` around ``center``: the map a VAE learned.

    ``decoder`` is a model (or any callable) from (m, 2) codes to (m, ...) images.
    """
    values = np.linspace(-extent, extent, n)
    grid = np.array([[center[0] + a, center[1] + b] for b in values[::-1] for a in values], dtype=np.float32)
    images = _as_array(decoder.predict(grid, verbose=0) if hasattr(decoder, "predict") else decoder(grid))
    images = images.reshape((n * n,) + tuple(image_shape))
    h, w = image_shape
    canvas = images.reshape(n, n, h, w).transpose(0, 2, 1, 3).reshape(n * h, n * w)
    figure = new_figure((6, 6))
    ax = figure.add_subplot(1, 1, 1)
    ax.imshow(canvas, cmap="gray", extent=(center[0] - extent, center[0] + extent,
                                           center[1] - extent, center[1] + extent))
    ax.set_xlabel("z₁")
    ax.set_ylabel("z₂")
    ax.set_title("what each point of the latent space decodes to")
    return figure


__all__ = ["plot_latent_space", "plot_latent_grid"]
