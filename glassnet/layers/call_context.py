"""Which mode (training or inference) a layer call runs in when ``training`` is not passed to it.

Keras resolves a layer's ``training`` in this order:

1. the value passed to the call: ``layer(x, training=True)``;
2. the mode of the call it is nested in: a model called with ``training=True`` (as ``fit`` does)
   runs ``self.dropout(x)`` inside its ``call`` in training mode too, with nothing passed by hand;
3. the default of the layer's own ``call`` signature: ``call(self, x, training=True)`` for the random
   augmentation layers, which therefore augment when called directly on data; False otherwise.

Only 1 and 2 are handed on to nested calls. The mode lives in a thread-local variable, so the
threads of ``predict`` each keep their own. So does the mark of a shape probe: a call on zeros that
only works out an output shape, where a sequence of unknown length is given a stand-in length.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

_STATE = threading.local()


def current_training() -> bool | None:
    """The mode of the enclosing layer call (None outside any call, or when it was not given)."""
    return getattr(_STATE, "training", None)


@contextmanager
def training_scope(training: bool | None):
    """Run the nested layer calls in ``training`` mode (None: leave them to their own defaults)."""
    previous = current_training()
    _STATE.training = training
    try:
        yield
    finally:
        _STATE.training = previous


def probing_shapes_now() -> bool:
    """True inside a call made on zeros only to learn an output shape, whose unknown sizes are stand-ins."""
    return getattr(_STATE, "probing", False)


@contextmanager
def probing_shapes():
    """Mark the calls inside as shape probes (a sub-model built there must not keep the stand-in sizes)."""
    previous = probing_shapes_now()
    _STATE.probing = True
    try:
        yield
    finally:
        _STATE.probing = previous


__all__ = ["current_training", "training_scope", "probing_shapes", "probing_shapes_now"]
