"""What the kernel SVMs share: checked parameters, the kernel, and the trained support vectors."""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.svm._kernels import KERNELS, kernel_diagonal, kernel_matrix, resolve_gamma
from glassnet.svm._smo import KernelRows, smo
from glassnet.svm._smo_newton import smo_newton
from glassnet.utils.validation import check_is_fitted, validate_data

_FULL_KERNEL_MAX_ROWS = 2000


class BaseKernelSVM(BaseEstimator):
    """Parameters and kernel plumbing of SVC and SVR.

    The solver is SMO with Newton steps on faces (:func:`glassnet.svm._smo_newton.smo_newton`) and
    the training kernel's exp in single precision; ``_reference_solver = True`` (a class attribute,
    for tests and lessons) runs libsvm's exact iterations instead (:func:`glassnet.svm._smo.smo`,
    double precision throughout)."""

    _reference_solver = False

    def _check_params(self) -> None:
        if self.kernel not in KERNELS and not callable(self.kernel):
            raise ValueError(f"kernel must be one of {KERNELS} or a callable, got kernel={self.kernel!r}.")
        for name in ("C", "tol", "cache_size"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Real) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name} must be a number > 0, got {name}={value!r}.")
        if not isinstance(self.degree, numbers.Integral) or self.degree < 0:
            raise ValueError(f"degree must be an int >= 0, got degree={self.degree!r}.")
        if not isinstance(self.max_iter, numbers.Integral) or isinstance(self.max_iter, bool):
            raise ValueError(f"max_iter must be an int (-1 for no limit), got max_iter={self.max_iter!r}.")

    def _prepare_kernel(self, X: np.ndarray) -> None:
        self._gamma = 0.0 if callable(self.kernel) else resolve_gamma(self.gamma, X)

    def _kernel(self, A: np.ndarray, B: np.ndarray, sq_norms_b: np.ndarray | None = None) -> np.ndarray:
        return kernel_matrix(A, B, self.kernel, gamma=self._gamma, coef0=float(self.coef0),
                             degree=int(self.degree), sq_norms_b=sq_norms_b)

    def _training_kernel(self, A: np.ndarray, B: np.ndarray, sq_norms_b: np.ndarray | None = None) -> np.ndarray:
        """The kernel as SMO reads it: rbf's exp in single precision unless the reference solver runs."""
        return kernel_matrix(A, B, self.kernel, gamma=self._gamma, coef0=float(self.coef0), degree=int(self.degree),
                             sq_norms_b=sq_norms_b, single_exp=not self._reference_solver)

    def _kernel_rows(self, X: np.ndarray, copies: int = 1, full: np.ndarray | None = None) -> KernelRows:
        """The training set's kernel rows for SMO (``full``: K(X, X) when already computed)."""
        diag = kernel_diagonal(X, self.kernel, gamma=self._gamma, coef0=float(self.coef0), degree=int(self.degree))
        return KernelRows(X, self._training_kernel, diag, self.cache_size, copies=copies, full=full)

    def _solver(self):
        """SMO as libsvm runs it (reference) or with Newton steps on faces (default)."""
        return smo if self._reference_solver else smo_newton

    def _full_kernel(self, X: np.ndarray) -> np.ndarray | None:
        """K(X, X) for a small training set (it fits in ``cache_size`` MB and n ≤ 2000), else None.

        SMO reads only the rows of the variables it picks, a fraction of them on large sets:
        there the rows are computed on demand (measured on 5000 × 20: the full matrix took
        four times as long as the whole SMO run on demand)."""
        n = X.shape[0]
        return self._training_kernel(X, X) if n <= _FULL_KERNEL_MAX_ROWS and 8 * n**2 <= self.cache_size * 2**20 else None

    def _check_predict_input(self, X) -> np.ndarray:
        check_is_fitted(self, "support_vectors_")
        return np.asarray(validate_data(self, X, reset=False, dtype=np.float64), dtype=np.float64)

    @property
    def coef_(self) -> np.ndarray:
        """w = Σ_t dual_coef_t · x_t: the weights of the separating hyperplane (linear kernel only)."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        check_is_fitted(self, "support_vectors_")
        return self.dual_coef_ @ self.support_vectors_ if self._n_problems() == 1 else self._ovo_coef()

    def _n_problems(self) -> int:
        return len(np.atleast_1d(self.intercept_))

    def _tag_overrides(self):
        return {"pairwise": False}


def check_sample_weight_for_svm(sample_weight, n: int) -> np.ndarray:
    """Per-sample weights that scale C (C_t = C · w_t); negative weights are refused."""
    if sample_weight is None:
        return np.ones(n)
    if isinstance(sample_weight, numbers.Number):
        return np.full(n, float(sample_weight))
    w = np.asarray(sample_weight, dtype=np.float64).ravel()
    if w.shape != (n,):
        raise ValueError(f"sample_weight.shape == {w.shape}, expected ({n},)!")
    if np.any(w < 0):
        raise ValueError("Negative values in data passed to `sample_weight`")
    if not np.any(w > 0):
        raise ValueError("Invalid input - all samples have zero or negative weights.")
    return w
