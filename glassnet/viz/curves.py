"""Learning curves: loss and metrics per epoch, training against validation."""
from __future__ import annotations

from glassnet.viz._figure import new_figure


def _draw(ax, logs: dict, key: str, named: bool = False) -> None:
    from matplotlib.ticker import MaxNLocator
    epochs = range(1, len(logs[key]) + 1)         # epochs counted from 1, as the progress bar counts
    ax.plot(epochs, logs[key], marker="o", markersize=3, label=f"training {key}" if named else "training")
    if "val_" + key in logs:
        ax.plot(epochs, logs["val_" + key], marker="o", markersize=3, label=f"validation {key}" if named else "validation")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)


def plot_history(history, metrics=None, title: str | None = None, figsize=None, ax=None):
    """One panel per quantity (loss first), training and validation curves together.

    Parameters
    ----------
    history : the ``History`` returned by ``fit`` or its ``.history`` dict
        ({'loss': [...], 'val_loss': [...], 'accuracy': [...], ...}).
    metrics : str or list of str, optional
        Which quantities to draw; default: every key that is not a ``val_`` key.
    ax : matplotlib Axes, optional
        Draw the chosen quantities together on this one panel (e.g. one panel of a bigger figure);
        without it, a new figure gets one panel per quantity.

    The epochs on the horizontal axis are whole numbers counted from 1. The gap between the two
    curves is the lecture's over-fitting: training loss keeps falling while validation loss turns up.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError(f"plot_history: expected a History or a non-empty dict of lists, got {type(history).__name__}")
    if isinstance(metrics, str):
        metrics = [metrics]
    keys = metrics or [k for k in logs if not k.startswith("val_") and k != "learning_rate"]
    missing = [k for k in keys if k not in logs]
    if missing:
        raise ValueError(f"plot_history: {missing} not in the history; it has {sorted(logs)}")
    if ax is not None:
        for key in keys:
            _draw(ax, logs, key, named=len(keys) > 1)
        ax.set_ylabel(keys[0] if len(keys) == 1 else ", ".join(keys))
        ax.legend()
        if title:
            ax.set_title(title)
        return ax.figure
    figure = new_figure(figsize or (4.5 * len(keys), 3.5))
    for i, key in enumerate(keys, start=1):
        panel = figure.add_subplot(1, len(keys), i)
        _draw(panel, logs, key)
        panel.set_ylabel(key)
        panel.legend()
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure
