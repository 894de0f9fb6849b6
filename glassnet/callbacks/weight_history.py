"""WeightHistory: keep a copy of chosen weights after every training step (or epoch), to draw the path
the optimizer took (``glassnet.viz.plot_loss_landscape``) or watch single weights move."""
from __future__ import annotations

import numpy as np

from glassnet.callbacks.callback import Callback


class WeightHistory(Callback):
    r"""Record weights during ``fit``.

    Parameters
    ----------
    weights : list of str, optional
        Which weights: full names ('dense/kernel') or layer names ('dense', all its weights);
        default every trainable weight.
    frequency : {'batch', 'epoch'}
        Record after every optimizer step or after every epoch.

    Attributes
    ----------
    history : dict name → ndarray (T, \*shape)
        The values, starting with those before training when the model was already built.
    steps : list of int, the optimizer step (from 0, before training) of each record.

    Example
    -------
    ``recorder = WeightHistory(["dense/kernel"]); model.fit(x, y, callbacks=[recorder])``, then
    ``recorder.path(("dense/kernel", (0, 0)), ("dense/kernel", (1, 0)))`` is a (T, 2) path.
    """

    def __init__(self, weights=None, frequency: str = "batch"):
        super().__init__()
        if frequency not in ("batch", "epoch"):
            raise ValueError(f"WeightHistory: frequency must be 'batch' or 'epoch', got {frequency!r}")
        if isinstance(weights, str):
            weights = [weights]
        self.weights = weights
        self.frequency = frequency
        self._records: dict[str, list] = {}
        self.steps: list[int] = []
        self._step = 0
        self._chosen = None

    def _choose(self):
        available = list(self.model.trainable_weights)
        if self.weights is None:
            return available
        chosen = []
        for wanted in self.weights:
            hits = [w for w in available if w.name == wanted or w.name.split("/")[0] == wanted]
            if not hits:
                raise ValueError(f"WeightHistory: no trainable weight or layer named {wanted!r}; the model has "
                                 f"{[w.name for w in available]}")
            chosen.extend(hit for hit in hits if all(hit is not c for c in chosen))
        return chosen

    def _record(self) -> None:
        if self._chosen is None:
            if not self.model.trainable_weights:
                return                                      # not built yet: the first record comes after a step
            self._chosen = self._choose()
            self._records = {w.name: [] for w in self._chosen}
        for weight in self._chosen:
            self._records[weight.name].append(np.array(weight.data, copy=True))
        self.steps.append(self._step)

    def on_train_begin(self, logs=None):
        self._records, self.steps, self._step, self._chosen = {}, [], 0, None
        self._record()

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        if self.frequency == "batch":
            self._record()

    def on_epoch_end(self, epoch, logs=None):
        if self.frequency == "epoch":
            self._record()

    @property
    def history(self) -> dict[str, np.ndarray]:
        return {name: np.array(values) for name, values in self._records.items()}

    def path(self, *entries) -> np.ndarray:
        """A (T, k) array of k single numbers over time, each entry (weight name, index in the weight)."""
        history = self.history
        columns = []
        for name, index in entries:
            if name not in history:
                raise KeyError(f"WeightHistory.path: {name!r} was not recorded; recorded: {sorted(history)}")
            values = history[name]
            columns.append(values[(slice(None),) + tuple(np.atleast_1d(index))])
        return np.column_stack(columns)


__all__ = ["WeightHistory"]
