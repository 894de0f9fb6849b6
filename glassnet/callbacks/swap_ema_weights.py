"""SwapEMAWeights: evaluate (and optionally checkpoint) with the moving average of the weights.

With an optimizer built with ``use_ema=True``, the model trains with its raw weights while the
optimizer keeps their exponential moving average. This callback puts the average in place
while the model is evaluated (validation at the end of each epoch, ``evaluate``, ``predict``)
and the raw weights back before training goes on. With ``swap_on_epoch=True`` the average is
in place from the end of each epoch until the next one starts, so that a ModelCheckpoint
listed *after* this callback saves the averaged weights.
"""
from __future__ import annotations

from glassnet.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swap the optimizer's moving-average weights into the model for evaluation (see the module text)."""

    def __init__(self, swap_on_epoch: bool = False):
        super().__init__()
        self.swap_on_epoch = bool(swap_on_epoch)
        self._average_in_model = False

    def _swap(self) -> None:
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not getattr(optimizer, "use_ema", False):
            raise ValueError("SwapEMAWeights needs a model compiled with an optimizer built with use_ema=True")
        optimizer.swap_ema_weights(self.model.trainable_weights)
        self._average_in_model = not self._average_in_model

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._average_in_model:
            self._swap()

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._average_in_model:
            self._swap()

    def on_test_begin(self, logs=None):
        if not self._average_in_model:
            self._swap()
            self._swapped_for_test = True

    def on_test_end(self, logs=None):
        if getattr(self, "_swapped_for_test", False):
            self._swap()
            self._swapped_for_test = False

    def on_predict_begin(self, logs=None):
        self.on_test_begin(logs)

    def on_predict_end(self, logs=None):
        self.on_test_end(logs)

    def on_train_end(self, logs=None):
        if self._average_in_model:      # fit copies the average in at the end anyway: leave the raw ones
            self._swap()
