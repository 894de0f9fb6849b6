"""Numbers too large for float64 arithmetic: a clear error instead of inf or NaN results.

Finite inputs can still overflow: the mean of values near 1e308 is ``inf``, a squared
distance of 1e200 is ``inf``. Left alone, an estimator would return ``inf``/``NaN``
coefficients, centres or predictions without a word (or a linear-algebra routine would
fail with a bare ``LinAlgError``, or never finish). :func:`finite_results` wraps an
estimator class so that ``fit`` checks its learned arrays and ``predict``/``transform``
their outputs, and raises a ``ValueError`` that names the estimator, what became
non-finite, and what to do.
"""
from __future__ import annotations

import functools

import numpy as np

ADVICE = ("the input's values are too large for float64 arithmetic (they overflow to inf). "
          "Scale the data first, e.g. with glassnet.preprocessing.StandardScaler, or express it in other units.")


def check_finite(values, estimator, what: str) -> None:
    """Raise a clear ValueError if ``values`` hold inf or NaN (``what`` says which values)."""
    array = np.asarray(values)
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        raise ValueError(f"{type(estimator).__name__}: {what} became infinite or NaN: {ADVICE}")


def finite_results(*attributes: str):
    """Class decorator: after ``fit`` the ``attributes`` must be finite, and so must predictions.

    A ``LinAlgError`` or ``FloatingPointError`` raised inside ``fit`` becomes a ValueError
    saying what to do.
    """
    def decorate(cls):
        fit = cls.fit

        @functools.wraps(fit)
        def checked_fit(self, *args, **kwargs):
            try:
                result = fit(self, *args, **kwargs)
            except (np.linalg.LinAlgError, FloatingPointError) as error:
                raise ValueError(f"{type(self).__name__}.fit failed in its linear algebra ({error}): "
                                 f"{ADVICE} If the values are moderate, check for constant or duplicated "
                                 "columns.") from error
            for name in attributes:  # a dotted name reaches inside, e.g. "tree_.value"
                value = self
                for part in name.split("."):
                    value = getattr(value, part, None)
                if value is not None:
                    check_finite(value, self, f"the fitted {name}")
            return result
        cls.fit = checked_fit
        for method_name in ("predict", "transform"):
            method = getattr(cls, method_name, None)  # inherited ones too (LinearModel.predict)
            if method is not None and not getattr(method, "_checks_finite", False):
                setattr(cls, method_name, _checked_output(method, method_name))
        return cls
    return decorate


def _checked_output(method, name: str):
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        check_finite(result, self, f"the output of {name}")
        return result
    checked._checks_finite = True
    return checked
