"""Images in a grid: digits with their labels, convolution filters, feature maps."""
from __future__ import annotations

import math

import numpy as np

from glassnet.viz._figure import new_figure


def _grid(images, titles=None, columns: int | None = None, cmap: str = "gray", title: str | None = None,
          symmetric: bool = False):
    n = len(images)
    if n == 0:
        raise ValueError("nothing to show: the list of images is empty")
    import matplotlib
    columns = columns or min(n, 8)
    rows = math.ceil(n / columns)
    # cells grow with the font (viz.style("slides")) so that titles never run into each other
    cell = 1.5 * max(1.0, matplotlib.rcParams["font.size"] / 10)
    figure = new_figure((cell * columns, (cell + 0.3) * rows + (0.5 if title else 0)))
    for i, image in enumerate(images):
        ax = figure.add_subplot(rows, columns, i + 1)
        if symmetric:
            bound = float(np.abs(image).max()) or 1.0
            ax.imshow(image, cmap=cmap, vmin=-bound, vmax=bound)
        else:
            ax.imshow(image, cmap=cmap)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize="medium")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def show_images(images, labels=None, predictions=None, columns: int | None = None, cmap: str = "gray",
                label_prefix: str = "y=", prediction_prefix: str = "ŷ="):
    """A grid of images (n, H, W) or (n, H, W, 1) or flat (n, 784), titled with label and prediction.

    Each title is ``label_prefix + label`` then ``prediction_prefix + prediction``; pass
    ``label_prefix=""`` to show class names (e.g. ``labels=["cat", "dog"]``) as they are.
    """
    images = np.asarray(images)
    if images.ndim == 2:
        side = int(round(math.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"show_images: flat images of {images.shape[1]} pixels are not square")
        images = images.reshape(-1, side, side)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(f"show_images: expected (n, H, W), (n, H, W, C) or (n, pixels), got {images.shape}")
    titles = None
    if labels is not None or predictions is not None:
        titles = []
        for i in range(len(images)):
            parts = []
            if labels is not None:
                parts.append(f"{label_prefix}{labels[i]}")
            if predictions is not None:
                parts.append(f"{prediction_prefix}{predictions[i]}")
            titles.append(" ".join(parts))
    return _grid(list(images), titles, columns, cmap)


def plot_filters(kernel, title: str | None = None, columns: int | None = None):
    """Learned convolution filters, Keras layout (kh, kw, in_channels, filters): one picture per filter.

    With several input channels, each filter is shown averaged over them. Blue-red colours keep
    the sign: red pixels add to the response, blue ones subtract (an edge detector is half of each).
    """
    kernel = np.asarray(getattr(kernel, "data", kernel))
    if kernel.ndim != 4:
        raise ValueError(f"plot_filters: expected a kernel of shape (kh, kw, in, filters), got {kernel.shape}")
    pictures = [kernel[:, :, :, f].mean(axis=2) for f in range(kernel.shape[3])]
    return _grid(pictures, [f"filter {f}" for f in range(len(pictures))], columns, "bwr", title, symmetric=True)


def plot_feature_maps(maps, title: str | None = None, columns: int | None = None):
    """What each filter of one layer sees in one image: maps of shape (H, W, channels)."""
    maps = np.asarray(maps)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError(f"plot_feature_maps: expected (H, W, channels), got {maps.shape}")
    pictures = [maps[:, :, c] for c in range(maps.shape[2])]
    return _grid(pictures, [f"map {c}" for c in range(len(pictures))], columns, "viridis", title)
