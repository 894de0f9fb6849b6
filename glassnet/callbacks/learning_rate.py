"""Changing the learning rate while training: by a rule per epoch, or when progress stalls."""
from __future__ import annotations

from typing import Callable

from glassnet.callbacks.callback import Callback
from glassnet.callbacks.monitor import Monitor


def _current_lr(model) -> float:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise AttributeError("learning-rate callback: the model has no optimizer with a "
                             "learning_rate; compile the model first")
    return float(optimizer.learning_rate)


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch from ``schedule(epoch, lr)``.

    ``schedule`` receives the epoch index (from 0) and the current learning rate and
    returns the new one (a one-argument ``schedule(epoch)`` works too). The rate used is
    logged as ``learning_rate``.
    """

    def __init__(self, schedule: Callable, verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler: schedule must be callable, got {schedule!r}")
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr = _current_lr(self.model)
        try:
            new_lr = self.schedule(epoch, lr)
        except TypeError:  # a schedule of the epoch alone
            new_lr = self.schedule(epoch)
        try:
            new_lr = float(new_lr)
        except (TypeError, ValueError):
            raise ValueError(f"LearningRateScheduler: the schedule must return a number, "
                             f"got {new_lr!r}") from None
        self.model.optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {new_lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _current_lr(self.model)


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without improvement.

    Parameters follow Keras: monitor='val_loss', factor=0.1, patience=10, verbose=0,
    mode='auto', min_delta=1e-4, cooldown=0, min_lr=0.0.
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10,
                 verbose: int = 0, mode: str = "auto", min_delta: float = 1e-4,
                 cooldown: int = 0, min_lr: float = 0.0):
        super().__init__()
        if not 0 < factor < 1:
            raise ValueError(f"ReduceLROnPlateau: factor must be in (0, 1), got {factor}")
        self._monitor = Monitor("ReduceLROnPlateau", monitor, mode, min_delta)
        self.monitor, self.mode = monitor, self._monitor.mode
        self.factor, self.patience, self.verbose = float(factor), int(patience), verbose
        self.cooldown, self.min_lr = int(cooldown), float(min_lr)
        self.best, self.wait, self.cooldown_counter = None, 0, 0

    def on_train_begin(self, logs=None):
        self.best, self.wait, self.cooldown_counter = None, 0, 0

    def on_epoch_end(self, epoch, logs=None):
        current = self._monitor.read(logs)
        if logs is not None:
            logs["learning_rate"] = _current_lr(self.model)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._monitor.improved(current, self.best):
            self.best, self.wait = current, 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old = _current_lr(self.model)
            new = max(old * self.factor, self.min_lr)
            if old - new > 1e-12 * max(old, 1.0):
                self.model.optimizer.learning_rate = new
                if self.verbose > 0:
                    print(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
            self.cooldown_counter, self.wait = self.cooldown, 0
