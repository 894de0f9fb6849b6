"""Learning curves: loss and metrics per epoch, training against validation."""
from __future__ import annotations

from glassnet.viz._figure import new_figure


def plot_history(history, metrics=None, title: str | None = None, figsize=None):
    """One panel per quantity (loss first), training and validation curves together.

    Parameters
    ----------
    history : the ``History`` returned by ``fit`` or its ``.history`` dict
        ({'loss': [...], 'val_loss': [...], 'accuracy': [...], ...}).
    metrics : list of str, optional
        Which quantities to draw; default: every key that is not a ``val_`` key.

    The gap between the two curves is the lecture's over-fitting: training loss keeps falling
    while validation loss turns up.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError(f"plot_history: expected a History or a non-empty dict of lists, got {type(history).__name__}")
    keys = metrics or [k for k in logs if not k.startswith("val_") and k != "learning_rate"]
    missing = [k for k in keys if k not in logs]
    if missing:
        raise ValueError(f"plot_history: {missing} not in the history; it has {sorted(logs)}")
    figure = new_figure(figsize or (4.5 * len(keys), 3.5))
    for i, key in enumerate(keys, start=1):
        ax = figure.add_subplot(1, len(keys), i)
        epochs = range(1, len(logs[key]) + 1)
        ax.plot(epochs, logs[key], marker="o", markersize=3, label="training")
        if "val_" + key in logs:
            ax.plot(epochs, logs["val_" + key], marker="o", markersize=3, label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(key)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure
