"""The loss as a landscape over one or two parameters, with the paths gradient descent took on it."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, finish


def evaluate_on_grid(f, points: np.ndarray) -> np.ndarray:
    """f at each row of ``points`` (m, k): one vectorised call f(θ) with θ of shape (k, m) when f
    allows it, else one call per point. f may use glassnet ops or NumPy."""
    from glassnet.autodiff import Tensor, no_grad
    with no_grad():
        try:
            values = f(Tensor(points.T.copy(), dtype=np.float64))
            values = np.asarray(getattr(values, "data", values), dtype=np.float64)
            if values.shape == (len(points),):
                return values
        except Exception:    # noqa: BLE001 - not vectorisable: fall back to one point at a time
            pass
        out = [f(Tensor(p.copy(), dtype=np.float64)) for p in points]
    return np.array([float(np.asarray(getattr(v, "data", v))) for v in out])


def estimator_loss(estimator, X, y):
    """J(w, b) of a one-feature linear estimator on (X, y): half the mean of squares for a regressor
    (the lecture's J = 1/(2n) Σ (w xᵢ + b − yᵢ)²), the mean log-loss for a classifier."""
    X = np.asarray(X, dtype=np.float64).reshape(len(y), -1)
    y = np.asarray(y, dtype=np.float64)
    if X.shape[1] != 1:
        raise ValueError(f"plot_loss_landscape: an estimator's landscape needs X with one feature (w, b), "
                         f"got {X.shape[1]} features")
    classifier = getattr(estimator, "_estimator_type", None) == "classifier" or hasattr(estimator, "predict_proba")

    def loss(theta):
        theta = np.asarray(getattr(theta, "data", theta))
        z = X[:, :1] * theta[0] + theta[1]              # (n, m) for m points at once
        if classifier:
            p = np.clip(1 / (1 + np.exp(-z)), 1e-12, 1 - 1e-12)
            return -np.mean(y[:, None] * np.log(p) + (1 - y[:, None]) * np.log(1 - p), axis=0)
        return 0.5 * np.mean((z - y[:, None]) ** 2, axis=0)
    return loss


def _path_of(path) -> np.ndarray:
    """Points of a path: a DescentResult, an estimator with ``path_`` or an array (T, k)."""
    points = getattr(path, "path_", None)
    points = getattr(path, "path", None) if points is None else points
    points = path if points is None else points
    points = np.asarray(points, dtype=np.float64)
    return points.reshape(len(points), -1)


def plot_loss_landscape(f, paths=None, *, xlim=None, ylim=None, X=None, y=None, labels=None,
                        resolution: int = 80, levels: int = 25, log_levels: bool = False, ax=None,
                        param_names=("θ₀", "θ₁"), cmap: str = "viridis"):
    """Contours of a loss over two parameters (or its curve over one), with descent paths on top.

    Parameters
    ----------
    f : callable or estimator
        The loss f(θ), θ of length 1 or 2 (glassnet ops or NumPy); or a linear estimator with
        ``X`` (one feature) and ``y``: its loss J(w, b) on that data (see :func:`estimator_loss`).
    paths : one path or a list of them
        :class:`glassnet.optimize.DescentResult`, estimators fitted with ``record_path=True``, or
        arrays (T, 2) (or (T,) for one parameter): each drawn as a line of points, start to end.
    xlim, ylim : (low, high), the window; default: around the paths. Without ``ylim`` and with
        one-parameter paths (or ``xlim`` only and no paths), the landscape is the curve f(θ).
    labels : names of the paths, for the legend.
    log_levels : contour levels spaced logarithmically (for valleys much deeper than their walls).

    Returns
    -------
    Figure.
    """
    if hasattr(f, "fit"):
        if X is None or y is None:
            raise ValueError("plot_loss_landscape: an estimator's landscape needs X= and y=")
        f, param_names = estimator_loss(f, X, y), ("w", "b")
    if not callable(f):
        raise TypeError(f"plot_loss_landscape: f must be a function or an estimator, got {type(f).__name__}")
    if paths is not None and not isinstance(paths, (list, tuple)):
        paths = [paths]
    points = [_path_of(p) for p in paths or []]
    one_d = (points and points[0].shape[1] == 1) or (not points and ylim is None)
    every = np.concatenate(points) if points else None
    if xlim is None:
        if every is None:
            raise ValueError("plot_loss_landscape: give xlim= (and ylim=) or at least one path")
        xlim = _around(every[:, 0][np.isfinite(every[:, 0])])
    if not one_d and ylim is None:
        ylim = _around(every[:, 1][np.isfinite(every[:, 1])])
    ax, figure = axes_and_figure(ax, (6, 4.5))
    names = labels or [None] * len(points)
    if one_d:
        grid = np.linspace(*xlim, resolution * 4)
        curve = evaluate_on_grid(f, grid[:, None])
        ax.plot(grid, curve, color="0.3", label="f")
        pad = 0.1 * (np.ptp(curve) or 1.0)
        ax.set_xlim(*xlim)
        ax.set_ylim(curve.min() - pad, curve.max() + pad)
        ax.set_xlabel(param_names[0])
        ax.set_ylabel("loss")
        for path, name in zip(points, names):
            ax.plot(path[:, 0], evaluate_on_grid(f, path), "o-", markersize=4, label=name)
    else:
        xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
        A, B = np.meshgrid(xs, ys)
        Z = evaluate_on_grid(f, np.column_stack([A.ravel(), B.ravel()])).reshape(A.shape)
        if log_levels:
            low = max(Z.min(), 1e-12 * max(Z.max(), 1e-12))
            contour_levels = np.geomspace(low, Z.max(), levels) if Z.max() > low else levels
        else:
            contour_levels = levels
        ax.contour(A, B, Z, levels=contour_levels, cmap=cmap)
        for path, name in zip(points, names):
            ax.plot(path[:, 0], path[:, 1], "o-", markersize=3, label=name)
            ax.plot(path[-1, 0], path[-1, 1], "*", markersize=12, color=ax.lines[-1].get_color())
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel(param_names[0])
        ax.set_ylabel(param_names[1])
    if any(name is not None for name in names):
        ax.legend()
    return finish(figure, ax.figure is figure and len(figure.axes) == 1)


def _around(values: np.ndarray, margin: float = 0.25) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    pad = margin * (high - low) or 1.0
    return low - pad, high + pad


__all__ = ["plot_loss_landscape", "evaluate_on_grid", "estimator_loss"]
