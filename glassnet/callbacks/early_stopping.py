"""EarlyStopping: stop when the monitored number has stopped improving."""
from __future__ import annotations

from glassnet.callbacks.callback import Callback
from glassnet.callbacks.monitor import Monitor


class EarlyStopping(Callback):
    """Stop training after ``patience`` epochs without improvement of ``monitor``.

    Parameters
    ----------
    monitor : str, default 'val_loss'
    min_delta : float, default 0
        A change smaller than this is not an improvement.
    patience : int, default 0
        Epochs without improvement to wait before stopping.
    verbose : int, default 0
    mode : {'auto', 'min', 'max'}
    baseline : float, optional
        Training stops unless the model beats this value within ``patience`` epochs.
    restore_best_weights : bool, default False
        At the end of training, put back the weights of the best epoch.
    start_from_epoch : int, default 0
        Epochs of warm-up during which nothing is counted.
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto", baseline: float | None = None,
                 restore_best_weights: bool = False, start_from_epoch: int = 0):
        super().__init__()
        self._monitor = Monitor("EarlyStopping", monitor, mode, min_delta)
        self.monitor, self.mode = monitor, self._monitor.mode
        self.min_delta = self._monitor.min_delta
        if int(patience) < 0:
            raise ValueError(f"EarlyStopping: patience must be ≥ 0, got {patience}")
        self.patience = int(patience)
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = int(start_from_epoch)
        self._reset()

    def _reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        current = self._monitor.read(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._monitor.improved(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._monitor.improved(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping "
                  f"({self.monitor} has not improved for {self.patience} epochs)")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1} ({self.monitor} = {self.best:.4f}).")
            self.model.set_weights(self.best_weights)
