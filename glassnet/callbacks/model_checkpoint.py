"""ModelCheckpoint: save the model (or only the best one) while it trains."""
from __future__ import annotations

import os
import sys

from glassnet.callbacks.callback import Callback
from glassnet.callbacks.monitor import Monitor


class ModelCheckpoint(Callback):
    """Save the model with ``model.save`` every epoch (or every ``save_freq`` batches).

    Parameters
    ----------
    filepath : str
        May hold format fields filled from the epoch (counted from 1) and the logs,
        e.g. ``'ckpt/model-{epoch:02d}-{val_loss:.3f}.keras'``.
    monitor : str, default 'val_loss'
    verbose : int, default 0
    save_best_only : bool, default False
        Save only when ``monitor`` improves (the file then always holds the best model).
    save_weights_only : bool, default False
        Use ``model.save_weights`` instead of ``model.save``.
    mode : {'auto', 'min', 'max'}
    save_freq : 'epoch' or int
        Save at the end of each epoch, or every that many batches.
    initial_value_threshold : float, optional
        With ``save_best_only``, the value to beat for the first save.
    """

    def __init__(self, filepath: str, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = False,
                 mode: str = "auto", save_freq="epoch",
                 initial_value_threshold: float | None = None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self._monitor = Monitor("ModelCheckpoint", monitor, mode)
        self.monitor, self.mode = monitor, self._monitor.mode
        self.verbose = verbose
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        if save_freq != "epoch" and not (isinstance(save_freq, int) and save_freq > 0):
            raise ValueError(f"ModelCheckpoint: save_freq must be 'epoch' or a positive int, "
                             f"got {save_freq!r}")
        self.save_freq = save_freq
        self.best = initial_value_threshold
        self._epoch = 0
        self._batches_seen = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch":
            self._batches_seen += 1
            if self._batches_seen % self.save_freq == 0:
                self._save(self._epoch, logs, batch)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, logs)

    def _path(self, epoch: int, logs: dict | None, batch: int | None) -> str:
        fields = dict(logs or {})
        try:
            return self.filepath.format(epoch=epoch + 1, batch=batch, **fields)
        except (KeyError, IndexError) as error:
            raise KeyError(f"ModelCheckpoint: filepath {self.filepath!r} uses {error}, which is "
                           f"not in the logs (available: epoch, batch, {', '.join(fields)})") from None

    def _save(self, epoch: int, logs: dict | None, batch: int | None = None) -> None:
        path = self._path(epoch, logs, batch)
        if self.save_best_only:
            current = self._monitor.read(logs)
            if current is None:
                return
            if not self._monitor.improved(current, self.best):
                if self.verbose > 0:
                    _say(f"Epoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose > 0:
                before = "inf" if self.best is None else f"{self.best:.5f}"
                _say(f"Epoch {epoch + 1}: {self.monitor} improved from {before} to "
                     f"{current:.5f}, saving model to {path}")
            self.best = current
        elif self.verbose > 0:
            _say(f"Epoch {epoch + 1}: saving model to {path}")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)


def _say(message: str) -> None:
    """Print on a line of its own, above a progress bar that may be on screen (tqdm.write)."""
    from tqdm.auto import tqdm
    tqdm.write(message, file=sys.stdout)
