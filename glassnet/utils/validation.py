"""Input checks for the estimators, with scikit-learn's messages.

Every estimator calls :func:`validate_data` at the top of ``fit`` (``reset=True``: remember the
number and names of the features) and of ``predict``/``transform`` (``reset=False``: check them),
so a wrong input fails early, with a message that names the argument and the shape.
"""
from __future__ import annotations

import numbers
import sys

import numpy as np

from glassnet.exceptions import NotFittedError


def _shape_repr(array) -> str:
    return str(tuple(array.shape))


def _assert_all_finite(array: np.ndarray, input_name: str, allow_nan: bool) -> None:
    if array.dtype.kind not in "fc":
        return
    if not allow_nan:
        with np.errstate(over="ignore", invalid="ignore"):
            total = array.sum()
        if np.isfinite(total):
            return  # fast path, one pass and no copy: a finite sum means no NaN and no inf
        # (an infinite sum may also be an overflow of finite values: the exact check below tells)
    has_nan = bool(np.isnan(array).any())
    has_inf = bool(np.isinf(array).any())
    name = f"Input {input_name}" if input_name else "Input"
    if has_inf:
        raise ValueError(f"{name} contains infinity or a value too large for {array.dtype!r}.")
    if has_nan and not allow_nan:
        raise ValueError(f"{name} contains NaN.")


def check_array(array, *, dtype="numeric", ensure_2d: bool = True, allow_nd: bool = False,
                ensure_all_finite: bool | str = True, ensure_min_samples: int = 1,
                ensure_min_features: int = 1, copy: bool = False, input_name: str = "X") -> np.ndarray:
    """Turn ``array`` into a NumPy array and check it.

    ``dtype="numeric"`` keeps float arrays as they are and turns everything else into float64;
    ``dtype=None`` keeps any dtype (for labels); a concrete dtype converts.
    ``ensure_all_finite``: True rejects NaN and inf, ``"allow-nan"`` rejects only inf, False neither.
    """
    if hasattr(array, "sparse") or type(array).__module__.startswith("scipy.sparse"):
        raise TypeError(f"{input_name}: sparse input is not supported; convert it with .toarray().")
    # np.asarray, not np.iscomplexobj, on foreign objects: array-likes may refuse __array_function__
    if (array if isinstance(array, np.ndarray) else np.asarray(array)).dtype.kind == "c":
        raise ValueError(f"Complex data not supported in {input_name}.")
    if dtype == "numeric":
        result = np.asarray(array)
        if result.dtype.kind == "O":
            try:
                result = result.astype(np.float64)
            except (TypeError, ValueError) as exc:  # TypeError for a dict or list cell, as in NumPy
                raise type(exc)(f"{input_name}: could not convert to numbers ({exc}); "
                                "argument must be a string or a real number.") from exc
        elif result.dtype.kind not in "f":
            if result.dtype.kind in "USV":
                try:
                    result = result.astype(np.float64)
                except ValueError as exc:
                    raise ValueError(f"{input_name}: could not convert strings to float: {exc}") from exc
            else:
                result = result.astype(np.float64)
    elif dtype is None:
        result = np.asarray(array)
    else:
        dtypes = dtype if isinstance(dtype, (list, tuple)) else [dtype]
        result = np.asarray(array)
        if result.dtype not in [np.dtype(d) for d in dtypes]:
            result = result.astype(dtypes[0])
    if np.iscomplexobj(result):
        raise ValueError(f"Complex data not supported in {input_name}.")

    if ensure_2d:
        if result.ndim == 0:
            raise ValueError(
                f"Expected 2D array, got scalar array instead: {input_name}={result!r}.\n"
                "Reshape your data either using array.reshape(-1, 1) if your data has a single "
                "feature or array.reshape(1, -1) if it contains a single sample.")
        if result.ndim == 1:
            raise ValueError(
                f"Expected 2D array, got 1D array instead: {input_name} has shape {_shape_repr(result)}.\n"
                "Reshape your data either using array.reshape(-1, 1) if your data has a single "
                "feature or array.reshape(1, -1) if it contains a single sample.")
    if not allow_nd and result.ndim >= 3:
        raise ValueError(f"Found array with dim {result.ndim}. {input_name} expected <= 2.")
    if ensure_all_finite:
        _assert_all_finite(result, input_name, allow_nan=ensure_all_finite == "allow-nan")
    if ensure_min_samples > 0 and result.ndim >= 1:
        n = result.shape[0]
        if n < ensure_min_samples:
            raise ValueError(f"Found array with {n} sample(s) (shape={_shape_repr(result)}) while a "
                             f"minimum of {ensure_min_samples} is required.")
    if ensure_min_features > 0 and result.ndim == 2:
        n = result.shape[1]
        if n < ensure_min_features:
            raise ValueError(f"Found array with {n} feature(s) (shape={_shape_repr(result)}) while a "
                             f"minimum of {ensure_min_features} is required.")
    if copy and np.may_share_memory(result, array):
        result = result.copy()
    return result


def column_or_1d(y, *, input_name: str = "y", warn: bool = False) -> np.ndarray:
    """A 1-D view of y; a column vector (n, 1) is accepted and flattened."""
    y = np.asarray(y)
    if y.ndim == 1:
        return y
    if y.ndim == 2 and y.shape[1] == 1:
        if warn:
            import warnings
            from glassnet.exceptions import DataConversionWarning
            warnings.warn("A column-vector y was passed when a 1d array was expected. "
                          "Please change the shape of y to (n_samples,), for example using ravel().",
                          DataConversionWarning, stacklevel=3)
        return y.ravel()
    raise ValueError(f"{input_name} should be a 1d array, got an array of shape {_shape_repr(y)} instead.")


def check_consistent_length(*arrays) -> None:
    lengths = [len(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")


def check_X_y(X, y, *, dtype="numeric", multi_output: bool = False, y_numeric: bool = False,
              ensure_all_finite=True, allow_nd: bool = False, ensure_min_samples: int = 1):
    """Check X (2-D, finite) and y (1-D unless ``multi_output``) and that they have the same length."""
    if y is None:
        raise ValueError("This estimator requires y to be passed, but the target y is None.")
    X = check_array(X, dtype=dtype, ensure_all_finite=ensure_all_finite, allow_nd=allow_nd,
                    ensure_min_samples=ensure_min_samples)
    if multi_output:
        y = check_array(y, dtype=None, ensure_2d=False, input_name="y")
    else:
        y = column_or_1d(y, warn=True)
        _assert_all_finite(y, "y", allow_nan=False) if y.dtype.kind in "fc" else None
    if y_numeric and y.dtype.kind in "OUS":
        y = y.astype(np.float64)
    check_consistent_length(X, y)
    return X, y


def _feature_names(X):
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    names = np.asarray(columns, dtype=object)
    if len(names) and all(isinstance(n, str) for n in names):
        return names
    return None


def validate_data(estimator, X="no_validation", y="no_validation", *, reset: bool = True,
                  validate_separately=False, skip_check_array: bool = False, **check_params):
    """Check X (and y) and remember or compare the number of features.

    ``reset=True`` (in ``fit``) stores ``n_features_in_`` (and ``feature_names_in_`` for a
    DataFrame with string column names); ``reset=False`` (in ``predict``) checks them.
    Returns X, or (X, y) when y is given.
    """
    names = _feature_names(X) if not isinstance(X, str) else None
    no_y = isinstance(y, str) and y == "no_validation"
    if no_y:
        if skip_check_array:
            out = X
        else:
            out = check_array(X, **check_params)
        X_checked = out
    else:
        if y is None and estimator._get_tags()["requires_y"]:
            raise ValueError(f"{type(estimator).__name__} requires y to be passed, but the target y is None.")
        out = check_X_y(X, y, **check_params)
        X_checked = out[0]
    n_features = X_checked.shape[1] if getattr(X_checked, "ndim", 0) >= 2 else None
    if reset:
        if n_features is not None:
            estimator.n_features_in_ = n_features
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
    else:
        expected = getattr(estimator, "n_features_in_", None)
        if expected is not None and n_features is not None and n_features != expected:
            raise ValueError(f"X has {n_features} features, but {type(estimator).__name__} is expecting "
                             f"{expected} features as input.")
        fitted_names = getattr(estimator, "feature_names_in_", None)
        if fitted_names is not None and names is not None and not np.array_equal(fitted_names, names):
            raise ValueError("The feature names should match those that were passed during fit.")
        if fitted_names is not None and names is None:
            import warnings
            warnings.warn(f"X does not have valid feature names, but {type(estimator).__name__} was fitted "
                          "with feature names", UserWarning, stacklevel=3)
        if fitted_names is None and names is not None:
            import warnings
            warnings.warn(f"X has feature names, but {type(estimator).__name__} was fitted without feature names",
                          UserWarning, stacklevel=3)
    return out


def _not_fitted_error_class() -> type:
    """glassnet's NotFittedError, made also scikit-learn's when scikit-learn is loaded.

    scikit-learn's tools (``check_estimator``, meta-estimators) catch their own class; glassnet
    must not import scikit-learn to raise an error, so the two are joined only when it is present.
    """
    sklearn_exceptions = sys.modules.get("sklearn.exceptions")
    if sklearn_exceptions is None:
        return NotFittedError
    global _JOINED_NOT_FITTED
    if _JOINED_NOT_FITTED is None:
        _JOINED_NOT_FITTED = type("NotFittedError", (NotFittedError, sklearn_exceptions.NotFittedError),
                                  {"__module__": NotFittedError.__module__, "__doc__": NotFittedError.__doc__})
    return _JOINED_NOT_FITTED


_JOINED_NOT_FITTED = None


def check_is_fitted(estimator, attributes=None) -> None:
    """Raise NotFittedError unless ``fit`` has run (some attribute ending in ``_`` exists).

    An estimator may decide for itself with ``__sklearn_is_fitted__()`` (a Pipeline does).
    """
    if isinstance(estimator, type) or not hasattr(estimator, "fit"):
        raise TypeError(f"{estimator!r} is not an estimator instance.")
    if attributes is not None:
        names = [attributes] if isinstance(attributes, str) else attributes
        fitted = all(hasattr(estimator, name) for name in names)
    elif hasattr(estimator, "__sklearn_is_fitted__"):
        fitted = estimator.__sklearn_is_fitted__()
    else:
        fitted = any(v.endswith("_") and not v.startswith("__") for v in vars(estimator))
    if not fitted:
        raise _not_fitted_error_class()(
            f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator.")


def check_random_state(seed) -> np.random.RandomState:
    """None → NumPy's global RandomState; an int → a new seeded one; a RandomState → itself."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral):
        return np.random.RandomState(seed)
    if isinstance(seed, np.random.RandomState):
        return seed
    raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance")


def check_sample_weight(sample_weight, X, dtype=np.float64) -> np.ndarray:
    """None → ones; a number → that number for every sample; an array → checked for length."""
    n = X.shape[0]
    if sample_weight is None:
        return np.ones(n, dtype=dtype)
    if isinstance(sample_weight, numbers.Number):
        return np.full(n, sample_weight, dtype=dtype)
    sample_weight = check_array(sample_weight, dtype=dtype, ensure_2d=False, input_name="sample_weight")
    if sample_weight.ndim != 1 or sample_weight.shape[0] != n:
        raise ValueError(f"sample_weight.shape == {sample_weight.shape}, expected ({n},)!")
    return sample_weight


def check_classification_targets(y) -> None:
    """Refuse continuous targets for a classifier (a frequent beginner's mistake)."""
    y = np.asarray(y)
    if y.dtype.kind == "f" and y.size and not np.all(np.mod(y[np.isfinite(y)], 1) == 0):
        raise ValueError("Unknown label type: continuous. Maybe you are trying to fit a classifier, "
                         "which expects discrete classes, on a regression target with continuous values.")
    if y.dtype.kind == "O" and y.size and not all(isinstance(v, (str, numbers.Integral)) for v in y.ravel()):
        raise ValueError("Unknown label type: unknown. Labels must be integers or strings.")


__all__ = ["check_array", "check_X_y", "column_or_1d", "check_consistent_length", "validate_data",
           "check_is_fitted", "check_random_state", "check_sample_weight", "check_classification_targets"]
