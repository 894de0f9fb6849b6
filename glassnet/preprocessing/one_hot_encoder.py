"""One-hot encoding: a categorical column with k values becomes k columns of 0/1."""
from __future__ import annotations

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_array, check_is_fitted, validate_data
from glassnet.preprocessing._names import input_feature_names


class OneHotEncoder(TransformerMixin, BaseEstimator):
    """Encode each categorical column as indicator columns: value v of column j → e_v, a row of 0/1.

    Parameters
    ----------
    categories : 'auto' or list of array-like, default='auto'
        'auto': the sorted distinct values of each column seen in ``fit``.
    drop : None, 'first' or 'if_binary', default=None
        Drop one indicator per column ('first'), or only for two-valued columns ('if_binary'),
        so the columns are not collinear with an intercept.
    sparse_output : bool, default=False
        glassnet returns dense arrays only: True raises a ValueError. (scikit-learn's default is True and
        returns a SciPy sparse matrix; SciPy is not a glassnet dependency.)
    dtype : number type, default=np.float64
    handle_unknown : {'error', 'ignore'}, default='error'
        'ignore': a value not seen in ``fit`` is encoded as all zeros (and inverse-transformed to None).

    Attributes
    ----------
    categories_ : list of ndarray
        The values of each column, in the order of the output columns.
    drop_idx_ : ndarray or None
    """

    def __init__(self, *, categories="auto", drop=None, sparse_output: bool = False, dtype=np.float64,
                 handle_unknown: str = "error"):
        self.categories = categories
        self.drop = drop
        self.sparse_output = sparse_output
        self.dtype = dtype
        self.handle_unknown = handle_unknown

    def _check_input(self, X, reset: bool):
        X = validate_data(self, X, reset=reset, dtype=None, ensure_all_finite=False)
        if X.dtype.kind in "fc" and not np.all(np.isfinite(X)):
            raise ValueError("Input X contains NaN or infinity; OneHotEncoder needs a category in every cell.")
        return X

    def fit(self, X, y=None) -> "OneHotEncoder":
        if self.sparse_output:
            raise ValueError("sparse_output=True is not supported: glassnet returns dense NumPy arrays "
                             "(use sparse_output=False).")
        if self.handle_unknown not in ("error", "ignore"):
            raise ValueError(f"handle_unknown should be 'error' or 'ignore', got {self.handle_unknown!r}.")
        if self.drop not in (None, "first", "if_binary"):
            raise ValueError(f"drop should be None, 'first' or 'if_binary', got {self.drop!r}.")
        X = self._check_input(X, reset=True)
        if self.categories == "auto":
            self.categories_ = [np.unique(X[:, j]) for j in range(X.shape[1])]
        else:
            if len(self.categories) != X.shape[1]:
                raise ValueError(f"Shape mismatch: if categories is an array, it has to be of shape "
                                 f"(n_features,) = ({X.shape[1]},), got {len(self.categories)}.")
            self.categories_ = [np.asarray(c) for c in self.categories]
            for j, cats in enumerate(self.categories_):
                if cats.dtype.kind not in "OUS" and not np.all(np.diff(cats) > 0):
                    raise ValueError(f"Unsorted categories are not supported for numerical categories "
                                     f"(column {j}).")
                if self.handle_unknown == "error":
                    missing = np.setdiff1d(X[:, j], cats)
                    if len(missing):
                        raise ValueError(f"Found unknown categories {missing.tolist()!r} in column {j} "
                                         "during fit")
        if self.drop is None:
            self.drop_idx_ = None
        elif self.drop == "first":
            self.drop_idx_ = np.zeros(len(self.categories_), dtype=object)
        else:
            self.drop_idx_ = np.array([0 if len(c) == 2 else None for c in self.categories_], dtype=object)
        return self

    def _codes(self, X) -> tuple[np.ndarray, np.ndarray]:
        """codes[i, j] = index of X[i, j] in categories_[j]; known[i, j] = it was seen in fit."""
        codes = np.zeros(X.shape, dtype=np.int64)
        known = np.ones(X.shape, dtype=bool)
        for j, cats in enumerate(self.categories_):
            column = X[:, j]
            if cats.dtype.kind in "OUS" or column.dtype.kind in "OUS":
                cats_cmp, column = cats.astype(object).astype(str), column.astype(object).astype(str)
                order = np.argsort(cats_cmp)
                pos = np.clip(np.searchsorted(cats_cmp[order], column), 0, len(cats) - 1)
                known[:, j] = cats_cmp[order][pos] == column
                codes[:, j] = order[pos]
            else:
                pos = np.clip(np.searchsorted(cats, column), 0, len(cats) - 1)
                known[:, j] = cats[pos] == column
                codes[:, j] = pos
        return codes, known

    def _kept(self, j: int) -> np.ndarray:
        n = len(self.categories_[j])
        keep = np.ones(n, dtype=bool)
        if self.drop_idx_ is not None and self.drop_idx_[j] is not None:
            keep[self.drop_idx_[j]] = False
        return keep

    def transform(self, X) -> np.ndarray:
        """Row i gets a 1 in the column of (j, X[i, j]) for every input column j."""
        check_is_fitted(self)
        X = self._check_input(X, reset=False)
        codes, known = self._codes(X)
        if self.handle_unknown == "error" and not known.all():
            j = int(np.where(~known.all(axis=0))[0][0])
            unknown = np.unique(X[~known[:, j], j]).tolist()
            raise ValueError(f"Found unknown categories {unknown!r} in column {j} during transform")
        blocks = []
        for j, cats in enumerate(self.categories_):
            block = np.zeros((X.shape[0], len(cats)), dtype=self.dtype)
            rows = np.flatnonzero(known[:, j])
            block[rows, codes[rows, j]] = 1
            blocks.append(block[:, self._kept(j)])
        if not blocks:
            return np.zeros((X.shape[0], 0), dtype=self.dtype)
        return np.hstack(blocks)

    def inverse_transform(self, X) -> np.ndarray:
        """Back to categories: the column holding the 1 (all zeros → the dropped category, or None)."""
        check_is_fitted(self)
        X = check_array(X)
        widths = [int(self._kept(j).sum()) for j in range(len(self.categories_))]
        if X.shape[1] != sum(widths):
            raise ValueError(f"Shape of the passed X data is not correct. Expected {sum(widths)} columns, "
                             f"got {X.shape[1]}.")
        dtypes = {c.dtype for c in self.categories_}
        out_dtype = dtypes.pop() if len(dtypes) == 1 else object
        out = np.empty((X.shape[0], len(self.categories_)), dtype=object)
        start = 0
        for j, cats in enumerate(self.categories_):
            block = X[:, start:start + widths[j]]
            start += widths[j]
            kept = cats[self._kept(j)]
            values = np.empty(X.shape[0], dtype=object)
            if widths[j]:
                values[:] = kept[np.argmax(block, axis=1)]
            empty = block.sum(axis=1) == 0 if widths[j] else np.ones(X.shape[0], dtype=bool)
            if self.drop_idx_ is not None and self.drop_idx_[j] is not None:
                values[empty] = cats[self.drop_idx_[j]]
            else:
                values[empty] = None
            out[:, j] = values
        if not any(v is None for v in out.ravel()):
            out = out.astype(out_dtype)
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names such as 'color_red' (input name, underscore, category)."""
        names = input_feature_names(self, input_features)
        return np.asarray([f"{names[j]}_{c}" for j, cats in enumerate(self.categories_)
                           for c in cats[self._kept(j)]], dtype=object)

    def _tag_overrides(self):
        return {"categorical": True, "string": True}
