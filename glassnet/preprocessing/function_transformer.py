"""Any function as a pipeline step: x' = func(x), and back with inverse_func."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_array


class FunctionTransformer(TransformerMixin, BaseEstimator):
    """Apply ``func`` (identity when None) to X: ``FunctionTransformer(np.log1p)``.

    Parameters
    ----------
    func, inverse_func : callable or None
    validate : bool, default=False
        Check X as a 2-d numeric array before calling ``func``.
    accept_sparse, check_inverse : bool
        ``check_inverse`` checks at fit time that ``inverse_func(func(X))`` gives X back.
    feature_names_out : None, 'one-to-one' or callable
    kw_args, inv_kw_args : dict, extra keyword arguments of func / inverse_func
    """

    def __init__(self, func=None, inverse_func=None, *, validate: bool = False, accept_sparse: bool = False,
                 check_inverse: bool = True, feature_names_out=None, kw_args=None, inv_kw_args=None):
        self.func = func
        self.inverse_func = inverse_func
        self.validate = validate
        self.accept_sparse = accept_sparse
        self.check_inverse = check_inverse
        self.feature_names_out = feature_names_out
        self.kw_args = kw_args
        self.inv_kw_args = inv_kw_args

    def _checked(self, X, reset: bool):
        if type(X).__module__.startswith("scipy.sparse"):
            raise TypeError("glassnet does not support sparse input: convert X with .toarray().")
        if not self.validate:
            return X
        X = check_array(X)
        if reset:
            self.n_features_in_ = X.shape[1]
        elif hasattr(self, "n_features_in_") and X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but FunctionTransformer is expecting "
                             f"{self.n_features_in_} features as input.")
        return X

    def fit(self, X, y=None) -> "FunctionTransformer":
        X = self._checked(X, reset=True)
        if hasattr(X, "columns"):
            self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        if hasattr(X, "shape") and len(X.shape) == 2:
            self.n_features_in_ = X.shape[1]
        if self.check_inverse and not (self.func is None or self.inverse_func is None):
            sample = np.asarray(X)[:: max(1, len(X) // 10)]
            back = self._call(self.inverse_func, self._call(self.func, sample, self.kw_args), self.inv_kw_args)
            if not np.allclose(np.asarray(back, dtype=float), np.asarray(sample, dtype=float), equal_nan=True):
                import warnings
                warnings.warn("The provided functions are not strictly inverse of each other. If you are "
                              "sure you want to proceed regardless, set 'check_inverse=False'.", UserWarning)
        return self

    @staticmethod
    def _call(func, X, kwargs):
        return X if func is None else func(X, **(kwargs or {}))

    def transform(self, X):
        """func(X, **kw_args); stateless, so it works unfitted too."""
        return self._call(self.func, self._checked(X, reset=False), self.kw_args)

    def inverse_transform(self, X):
        """inverse_func(X, **inv_kw_args)."""
        if self.validate:
            X = check_array(X)
        return self._call(self.inverse_func, X, self.inv_kw_args)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if self.feature_names_out is None:
            raise AttributeError("This 'FunctionTransformer' has no attribute 'get_feature_names_out': "
                                 "pass feature_names_out='one-to-one' or a callable.")
        from glassnet.preprocessing._names import input_feature_names
        names = input_feature_names(self, input_features)
        if callable(self.feature_names_out):
            return np.asarray(self.feature_names_out(self, names), dtype=object)
        return names

    def _tag_overrides(self):
        return {"no_validation": not self.validate, "requires_fit": False}
