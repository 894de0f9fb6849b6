"""Column names that transformers hand on (``get_feature_names_out``)."""
from __future__ import annotations

import numpy as np

from glassnet.utils.validation import check_is_fitted


def input_feature_names(estimator, input_features=None) -> np.ndarray:
    """The names of the columns the estimator was fitted on: given, remembered, or x0, x1, ..."""
    check_is_fitted(estimator, "n_features_in_")
    fitted = getattr(estimator, "feature_names_in_", None)
    if input_features is None:
        if fitted is not None:
            return np.asarray(fitted, dtype=object)
        return np.asarray([f"x{i}" for i in range(estimator.n_features_in_)], dtype=object)
    input_features = np.asarray(input_features, dtype=object)
    if fitted is not None and not np.array_equal(fitted, input_features):
        raise ValueError("input_features is not equal to feature_names_in_")
    if len(input_features) != estimator.n_features_in_:
        raise ValueError(f"input_features should have length equal to number of features "
                         f"({estimator.n_features_in_}), got {len(input_features)}")
    return input_features


def feature_names_out(estimator, input_features=None) -> np.ndarray:
    """For one-to-one transformers (scalers): the output columns keep the input names."""
    return input_feature_names(estimator, input_features)
