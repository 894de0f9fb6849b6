"""``transformer.set_output(transform="pandas")``: transformers hand back DataFrames.

The columns are ``get_feature_names_out()`` and the index is that of the input DataFrame, so a
scaled table keeps its column names all the way down a pipeline. The arrays themselves are
computed as before; only the container changes at the end of ``transform``/``fit_transform``.
"""
from __future__ import annotations

import functools

import numpy as np

CONFIG_ATTRIBUTE = "_sklearn_output_config"   # scikit-learn's name, so its clone() keeps it too
_CONTAINERS = ("default", "pandas")


def check_output_container(transform) -> None:
    if transform is not None and transform not in _CONTAINERS:
        raise ValueError(f"transform must be one of {_CONTAINERS} or None, got transform={transform!r}"
                         + (" (glassnet has no polars output)" if transform == "polars" else "") + ".")


def output_container(estimator) -> str:
    return getattr(estimator, CONFIG_ATTRIBUTE, {}).get("transform", "default")


def wrap_in_container(estimator, X_in, result):
    """``result`` as a DataFrame when the estimator was set to pandas output (else unchanged)."""
    if output_container(estimator) != "pandas" or not isinstance(result, np.ndarray) or result.ndim != 2:
        return result
    import pandas as pd
    columns = estimator.get_feature_names_out() if hasattr(estimator, "get_feature_names_out") else None
    index = X_in.index if hasattr(X_in, "index") and len(X_in.index) == result.shape[0] else None
    return pd.DataFrame(result, columns=columns, index=index)


def wraps_output(method):
    """Decorate ``transform``/``fit_transform`` so that their result goes through wrap_in_container."""
    if getattr(method, "_wraps_output", False):
        return method

    @functools.wraps(method)
    def wrapper(self, X, *args, **kwargs):
        return wrap_in_container(self, X, method(self, X, *args, **kwargs))

    wrapper._wraps_output = True
    return wrapper


def set_output(estimator, transform=None):
    """Store the container choice on ``estimator`` (None leaves it unchanged) and return it."""
    check_output_container(transform)
    if transform is not None:
        setattr(estimator, CONFIG_ATTRIBUTE, {**getattr(estimator, CONFIG_ATTRIBUTE, {}), "transform": transform})
    return estimator
