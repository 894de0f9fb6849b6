"""Numbers too large for float64 arithmetic: a clear error instead of inf or NaN results.

Finite inputs can still overflow: the mean of values near 1e308 is ``inf``, a squared
distance of 1e200 is ``inf``. Left alone, an estimator would return ``inf``/``NaN``
coefficients, centres or predictions without a word (or a linear-algebra routine would
fail with a bare ``LinAlgError``, or never finish). ``fit`` ends with
:func:`check_fitted_finite` on its learned arrays (and runs its linear algebra inside
:func:`linalg_errors_explained`); :func:`finite_outputs` makes ``predict``/``transform``
check their outputs. Each raises a ``ValueError`` that names the estimator, what became
non-finite, and what to do.
"""
from __future__ import annotations

import contextlib
import functools

import numpy as np

ADVICE = ("the input's values are too large for float64 arithmetic (they overflow to inf). "
          "Scale the data first, e.g. with glassnet.preprocessing.StandardScaler, or express it in other units.")


def check_finite(values, estimator, what: str) -> None:
    """Raise a clear ValueError if ``values`` hold inf or NaN (``what`` says which values)."""
    array = np.asarray(values)
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        raise ValueError(f"{type(estimator).__name__}: {what} became infinite or NaN: {ADVICE}")


def check_fitted_finite(estimator, *attributes: str):
    """After ``fit``: each named attribute (a dotted name reaches inside, e.g. ``"tree_.value"``)
    must be finite; returns the estimator, so ``return check_fitted_finite(self, "coef_")`` ends a fit."""
    for name in attributes:
        value = estimator
        for part in name.split("."):
            value = getattr(value, part, None)
        if value is not None:
            check_finite(value, estimator, f"the fitted {name}")
    return estimator


@contextlib.contextmanager
def linalg_errors_explained(estimator):
    """Inside ``fit``: a ``LinAlgError`` or ``FloatingPointError`` becomes a ValueError saying what to do.

    (A context manager, not a wrapper around ``fit``: warnings raised inside keep pointing at the
    caller's line.)
    """
    try:
        yield
    except (np.linalg.LinAlgError, FloatingPointError) as error:
        raise ValueError(f"{type(estimator).__name__}.fit failed in its linear algebra ({error}): {ADVICE} "
                         "If the values are moderate, check for constant or duplicated columns.") from error


def finite_outputs(cls):
    """Class decorator: ``predict`` and ``transform`` (inherited ones too) raise a clear
    ValueError instead of returning inf or NaN."""
    for method_name in ("predict", "transform"):
        method = getattr(cls, method_name, None)
        if method is not None and not getattr(method, "_checks_finite", False):
            setattr(cls, method_name, _checked_output(method, method_name))
    return cls


def _checked_output(method, name: str):
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        check_finite(result, self, f"the output of {name}")
        return result
    checked._checks_finite = True
    return checked
