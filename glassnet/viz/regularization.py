"""The regularisation path: each coefficient of a model as the penalty α grows."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, finish


def regularization_path(estimator, X, y, alphas, param_name: str = "alpha") -> np.ndarray:
    """coef_ after fitting a clone of ``estimator`` for each value of ``param_name``: (len(alphas), n_features)."""
    from glassnet.base import clone
    coefs = []
    for alpha in alphas:
        model = clone(estimator).set_params(**{param_name: alpha}).fit(X, y)
        coefs.append(np.ravel(model.coef_))
    return np.array(coefs)


def plot_regularization_path(estimator, X, y, alphas=None, *, param_name: str = "alpha", feature_names=None,
                             ax=None):
    """One line per coefficient against α on a log axis: L2 (Ridge) shrinks them all smoothly towards 0,
    L1 (Lasso) sets them to exactly 0 one after another.

    Parameters
    ----------
    estimator : an unfitted linear estimator with a penalty parameter (Ridge, Lasso, ElasticNet, ...).
    X, y : the training data.
    alphas : the penalties; default 30 values from 10⁻³ to 10³.
    param_name : the name of the penalty parameter ('alpha'; 'C' for LogisticRegression).

    Returns
    -------
    Figure with one line per feature whose y-data are the fitted coefficients.
    """
    alphas = np.geomspace(1e-3, 1e3, 30) if alphas is None else np.asarray(alphas, dtype=np.float64)
    coefs = regularization_path(estimator, X, y, alphas, param_name)
    ax, figure = axes_and_figure(ax, (6, 4.2))
    names = feature_names or [f"w{j + 1}" for j in range(coefs.shape[1])]
    for j in range(coefs.shape[1]):
        ax.plot(alphas, coefs[:, j], label=names[j])
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel(param_name)
    ax.set_ylabel("coefficient")
    ax.set_title(f"{type(estimator).__name__}: coefficients against {param_name}")
    if coefs.shape[1] <= 12:
        ax.legend(fontsize="small", ncol=2)
    return finish(figure, len(figure.axes) == 1)


__all__ = ["plot_regularization_path", "regularization_path"]
