"""Learning curves (score against training-set size) and validation curves (score against a parameter)."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure, finish


def _band(ax, x, scores: np.ndarray, label: str) -> None:
    """Mean over the folds as a line, ± one standard deviation as a shaded band."""
    mean, std = scores.mean(axis=1), scores.std(axis=1)
    line, = ax.plot(x, mean, "o-", label=label)
    ax.fill_between(x, mean - std, mean + std, alpha=0.2, color=line.get_color())


def plot_learning_curve(estimator, X, y, *, train_sizes=np.linspace(0.1, 1.0, 5), cv=5, scoring=None, ax=None,
                        random_state=None):
    """Training and cross-validated scores as the training set grows.

    A gap that stays open means high variance (more data would help); two low curves that meet
    mean high bias (a richer model is needed). Computed with
    :func:`glassnet.model_selection.learning_curve`; the shaded bands are ± one standard deviation
    over the folds.

    Returns
    -------
    Figure with two lines (training, validation) whose x-data are the absolute training sizes.
    """
    from glassnet.model_selection import learning_curve
    sizes, train, test = learning_curve(estimator, X, y, train_sizes=train_sizes, cv=cv, scoring=scoring,
                                        shuffle=random_state is not None, random_state=random_state)
    ax, figure = axes_and_figure(ax, (6, 4.2))
    _band(ax, sizes, np.asarray(train), "training score")
    _band(ax, sizes, np.asarray(test), "validation score")
    ax.set_xlabel("training examples")
    ax.set_ylabel(scoring if isinstance(scoring, str) else "score")
    ax.set_title(f"learning curve of {type(estimator).__name__}")
    ax.legend()
    ax.grid(alpha=0.3)
    return finish(figure, len(figure.axes) == 1)


def plot_validation_curve(estimator, X, y, *, param_name: str, param_range, cv=5, scoring=None, log_x=None,
                          ax=None):
    """Training and cross-validated scores for each value of one hyper-parameter.

    Too simple on the left (both scores low: under-fitting), too flexible on the right (training
    high, validation falling: over-fitting); the best value is the validation curve's peak, marked
    with a star. Computed with :func:`glassnet.model_selection.validation_curve`.

    Returns
    -------
    Figure with two lines (training, validation) whose x-data are ``param_range``.
    """
    from glassnet.model_selection import validation_curve
    values = np.asarray(param_range)
    train, test = validation_curve(estimator, X, y, param_name=param_name, param_range=param_range, cv=cv,
                                   scoring=scoring)
    ax, figure = axes_and_figure(ax, (6, 4.2))
    _band(ax, values, np.asarray(train), "training score")
    _band(ax, values, np.asarray(test), "validation score")
    best = int(np.argmax(np.asarray(test).mean(axis=1)))
    ax.plot(values[best], np.asarray(test).mean(axis=1)[best], "*", markersize=18, color="gold",
            markeredgecolor="black", label=f"best {param_name} = {values[best]:g}")
    if log_x if log_x is not None else (values.min() > 0 and values.max() / values.min() >= 100):
        ax.set_xscale("log")
    ax.set_xlabel(param_name)
    ax.set_ylabel(scoring if isinstance(scoring, str) else "score")
    ax.legend()
    ax.grid(alpha=0.3)
    return finish(figure, len(figure.axes) == 1)


__all__ = ["plot_learning_curve", "plot_validation_curve"]
