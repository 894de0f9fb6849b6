"""Recording and showing training: History (the numbers) and ProgbarLogger (the tqdm bars)."""
from __future__ import annotations

import sys
import time

from glassnet.callbacks.callback import Callback


def format_logs(logs: dict | None) -> str:
    """'loss: 0.3012 - accuracy: 0.9123' (Keras's style)."""
    parts = []
    for key, value in (logs or {}).items():
        try:
            parts.append(f"{key}: {float(value):.4f}")
        except (TypeError, ValueError):
            parts.append(f"{key}: {value}")
    return " - ".join(parts)


class History(Callback):
    """Records the epoch logs: ``history.history['loss'][e]`` is the loss of epoch e.

    ``model.fit`` returns this object; ``.epoch`` lists the epoch numbers and ``.params``
    the fit's settings (verbose, epochs, steps).
    """

    def __init__(self):
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def set_model(self, model) -> None:
        super().set_model(model)
        if model is not None:
            model.history = self

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self


class ProgbarLogger(Callback):
    """A tqdm progress bar per epoch, showing the running loss and metrics.

    ``params['verbose']``: 0 prints nothing, 1 (or 'auto') a bar per epoch, 2 one line
    per epoch. ``evaluate`` and ``predict`` called on their own get a bar too.
    """

    def __init__(self, file=None):
        super().__init__()
        self.file = file
        self._bar = None
        self._in_fit = False
        self._epoch_start = 0.0

    @property
    def verbose(self) -> int:
        v = self.params.get("verbose", 1)
        return 1 if v == "auto" else int(v or 0)

    def _open(self, desc: str, total) -> None:
        from tqdm.auto import tqdm

        self._close()
        self._bar = tqdm(total=total, desc=desc, unit="batch", leave=True, dynamic_ncols=True,
                         file=self.file or sys.stdout, mininterval=0.2)

    def _close(self, logs=None) -> None:
        if self._bar is not None:
            if logs:
                self._bar.set_postfix_str(format_logs(logs), refresh=False)
            self._bar.close()
            self._bar = None

    def _epoch_label(self, epoch: int) -> str:
        epochs = self.params.get("epochs")
        return f"Epoch {epoch + 1}/{epochs}" if epochs else f"Epoch {epoch + 1}"

    # -- fit
    def on_train_begin(self, logs=None):
        self._in_fit = True

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()
        if self.verbose == 1:
            self._open(self._epoch_label(epoch), self.params.get("steps"))

    def on_train_batch_end(self, batch, logs=None):
        if self._bar is not None:
            self._bar.update(1)
            if logs:
                self._bar.set_postfix_str(format_logs(logs), refresh=False)

    def on_epoch_end(self, epoch, logs=None):
        if self.verbose == 1:
            self._close(logs)
        elif self.verbose == 2:
            seconds = time.perf_counter() - self._epoch_start
            print(f"{self._epoch_label(epoch)} - {seconds:.1f}s - {format_logs(logs)}",
                  file=self.file or sys.stdout, flush=True)

    def on_train_end(self, logs=None):
        self._close()
        self._in_fit = False

    # -- evaluate / predict on their own
    def on_test_begin(self, logs=None):
        if not self._in_fit and self.verbose == 1:
            self._open("Evaluate", self.params.get("steps"))

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit:
            self.on_train_batch_end(batch, logs)

    def on_test_end(self, logs=None):
        if not self._in_fit:
            self._close(logs)

    def on_predict_begin(self, logs=None):
        if self.verbose == 1:
            self._open("Predict", self.params.get("steps"))

    def on_predict_batch_end(self, batch, logs=None):
        if self._bar is not None:
            self._bar.update(1)

    def on_predict_end(self, logs=None):
        self._close()
