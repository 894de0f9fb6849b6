"""Decision boundaries of any 2-D classifier: a network or a classic estimator."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, finish


def _scores(model, grid: np.ndarray) -> np.ndarray:
    """Class scores on the grid: predict_proba for estimators, predict for networks."""
    if hasattr(model, "predict_proba"):
        return np.asarray(model.predict_proba(grid))
    out = np.asarray(model.predict(grid, verbose=0) if _is_network(model) else model.predict(grid))
    return out.reshape(len(grid), -1)


def _is_network(model) -> bool:
    return hasattr(model, "trainable_weights")


def plot_decision_boundary(model, X, y=None, resolution: int = 200, margin: float = 0.5, ax=None,
                           cmap: str = "RdBu"):
    """Colour the plane by the model's answer, and draw the data on top.

    For two classes the colour is the probability of the second class (or the network's single
    output), so the boundary is the 0.5 contour; for more classes each region gets its class colour.

    Parameters
    ----------
    model : fitted estimator or trained network taking 2 features.
    X : array (n, 2); y : labels, optional (points are coloured by them).
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have shape (n, 2), got {X.shape}")
    own = ax is None
    ax, figure = axes_and_figure(ax)
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    if _is_network(model):
        grid = grid.astype(np.float32)
    scores = _scores(model, grid)
    if scores.shape[1] == 1:
        surface, levels = scores[:, 0], [0.5] if scores.min() >= 0 else [0.0]
    elif scores.shape[1] == 2:
        surface, levels = scores[:, 1], [0.5]
    else:
        surface, levels = scores.argmax(axis=1).astype(float), None
    surface = surface.reshape(xx.shape)
    ax.contourf(xx, yy, surface, levels=30 if levels else scores.shape[1], cmap=cmap, alpha=0.45)
    if levels:
        ax.contour(xx, yy, surface, levels=levels, colors="k", linewidths=1.5)
    if y is not None:
        # full-strength colours with a black rim: a point stays visible inside the (paler) region
        # of its own class
        codes = np.unique(np.asarray(y), return_inverse=True)[1]
        ax.scatter(X[:, 0], X[:, 1], c=codes, cmap=cmap, vmin=codes.min(), vmax=max(codes.max(), 1),
                   edgecolors="black", linewidths=1.2, s=40, zorder=3)
    else:
        ax.scatter(X[:, 0], X[:, 1], c="k", s=10)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    return finish(figure, own)
