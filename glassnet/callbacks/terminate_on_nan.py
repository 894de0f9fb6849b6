"""TerminateOnNaN: stop as soon as the loss diverges, and say what to try."""
from __future__ import annotations

import math
import warnings

from glassnet.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Stop training as soon as a batch loss is NaN or infinite (with a warning that says why)."""

    def __init__(self):
        super().__init__()
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)
        if math.isnan(loss) or math.isinf(loss):
            warnings.warn(f"TerminateOnNaN: epoch {self._epoch + 1}, batch {batch}: the loss is "
                          f"{loss}; training stopped. The weights have diverged: try a smaller "
                          "learning rate, inputs scaled to about [0, 1] (e.g. x / 255), or "
                          "gradient clipping (clipnorm=1.0).", RuntimeWarning, stacklevel=2)
            self.model.stop_training = True
