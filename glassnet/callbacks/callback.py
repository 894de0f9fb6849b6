"""The Callback hooks (Keras's names) and the CallbackList that calls them.

A training loop calls, in this order:

    on_train_begin
      on_epoch_begin(epoch)
        on_train_batch_begin(batch) … on_train_batch_end(batch, logs)     for each batch
        on_test_begin … on_test_end(logs)                                 validation, if any
      on_epoch_end(epoch, logs)                                           logs: loss, metrics, val_*
    on_train_end

``evaluate`` calls on_test_*, ``predict`` calls on_predict_*. A callback reaches the
model through ``self.model`` and stops training by setting ``model.stop_training = True``.
"""
from __future__ import annotations

from typing import Callable, Iterable


class Callback:
    """Base class: override the hooks you need; each does nothing by default."""

    def __init__(self):
        self.model = None
        self.params: dict = {}

    def set_model(self, model) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = dict(params)

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): self.on_batch_begin(batch, logs)
    def on_train_batch_end(self, batch, logs=None): self.on_batch_end(batch, logs)
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass

    # Keras 2 names, still called by Keras 3: the train-batch hooks call them by default
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass


class LambdaCallback(Callback):
    """A callback from plain functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: …)``."""

    _HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
              "on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end",
              "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
              "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end")

    def __init__(self, **hooks: Callable):
        super().__init__()
        unknown = set(hooks) - set(self._HOOKS)
        if unknown:
            raise TypeError(f"LambdaCallback: unknown hooks {sorted(unknown)}; "
                            f"known: {list(self._HOOKS)}")
        if "on_batch_begin" in hooks:
            hooks.setdefault("on_train_batch_begin", hooks.pop("on_batch_begin"))
        if "on_batch_end" in hooks:
            hooks.setdefault("on_train_batch_end", hooks.pop("on_batch_end"))
        for name, fn in hooks.items():
            if fn is not None:
                setattr(self, name, fn)


class CallbackList:
    """Holds the callbacks of one ``fit``/``evaluate``/``predict`` call and forwards every hook.

    Parameters
    ----------
    callbacks : list of Callback, optional
    model : the model, given to every callback (``set_model``)
    add_history : bool
        Add a :class:`History` unless one is in ``callbacks``.
    add_progbar : bool
        Add a :class:`ProgbarLogger` unless one is there (it prints nothing at ``verbose=0``).
    verbose, epochs, steps
        Put in every callback's ``params`` (``steps`` = batches per epoch).
    """

    def __init__(self, callbacks: Iterable[Callback] | None = None, model=None,
                 add_history: bool = False, add_progbar: bool = False, verbose=1,
                 epochs: int | None = None, steps: int | None = None, **params):
        from glassnet.callbacks.history import History, ProgbarLogger

        self.callbacks: list[Callback] = list(callbacks or [])
        for cb in self.callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"callbacks: expected Callback objects, got {cb!r}")
        self.history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        if add_history and self.history is None:
            self.history = History()
            self.callbacks.append(self.history)
        if add_progbar and not any(isinstance(cb, ProgbarLogger) for cb in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        self.model = None
        self.params = {"verbose": verbose, "epochs": epochs, "steps": steps, **params}
        self.set_params(self.params)
        if model is not None:
            self.set_model(model)

    def append(self, callback: Callback) -> None:
        callback.set_params(self.params)
        if self.model is not None:
            callback.set_model(self.model)
        self.callbacks.append(callback)

    def set_model(self, model) -> None:
        self.model = model
        for cb in self.callbacks:
            cb.set_model(model)

    def set_params(self, params: dict) -> None:
        self.params = dict(params)
        for cb in self.callbacks:
            cb.set_params(self.params)

    def __iter__(self):
        return iter(self.callbacks)

    def __len__(self) -> int:
        return len(self.callbacks)

    def _call(self, hook: str, *args) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(*args)

    # logs is always a dict, as in Keras (a callback may read logs.get(...) without checking for None)
    def on_train_begin(self, logs=None): self._call("on_train_begin", logs or {})
    def on_train_end(self, logs=None): self._call("on_train_end", logs or {})
    def on_epoch_begin(self, epoch, logs=None): self._call("on_epoch_begin", epoch, logs or {})
    def on_epoch_end(self, epoch, logs=None): self._call("on_epoch_end", epoch, logs or {})
    def on_train_batch_begin(self, batch, logs=None): self._call("on_train_batch_begin", batch, logs or {})
    def on_train_batch_end(self, batch, logs=None): self._call("on_train_batch_end", batch, logs or {})
    def on_test_begin(self, logs=None): self._call("on_test_begin", logs or {})
    def on_test_end(self, logs=None): self._call("on_test_end", logs or {})
    def on_test_batch_begin(self, batch, logs=None): self._call("on_test_batch_begin", batch, logs or {})
    def on_test_batch_end(self, batch, logs=None): self._call("on_test_batch_end", batch, logs or {})
    def on_predict_begin(self, logs=None): self._call("on_predict_begin", logs or {})
    def on_predict_end(self, logs=None): self._call("on_predict_end", logs or {})
    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs or {})
    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs or {})
    on_batch_begin = on_train_batch_begin
    on_batch_end = on_train_batch_end
