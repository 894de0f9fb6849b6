"""A method that exists only when the estimator's settings allow it, as scikit-learn's ``available_if``.

``SVC.predict_proba`` exists only with ``probability=True``; ``SGDClassifier.predict_proba`` only
for the log and modified-Huber losses. ``hasattr(est, "predict_proba")`` must then say False,
and the method, when present, must still be called ``predict_proba``: scikit-learn's tools
(``DecisionBoundaryDisplay``, ``RocCurveDisplay``, the ``roc_auc`` scorer) read the method's
``__name__`` to decide which column of the output is the positive class.
"""

from __future__ import annotations

import functools
import types
from typing import Callable


class _AvailableIf:
    def __init__(self, method: Callable, check: Callable[[object], None]):
        self.method = method
        self.check = check
        functools.update_wrapper(self, method)

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.method
        self.check(obj)                      # raises AttributeError when unavailable
        return types.MethodType(self.method, obj)


def available_if(check: Callable[[object], None]) -> Callable[[Callable], _AvailableIf]:
    """Decorate a method so that it is reachable only when ``check(estimator)`` does not raise.

    ``check`` raises ``AttributeError`` with the reason (naming the setting to change).
    """
    return lambda method: _AvailableIf(method, check)
