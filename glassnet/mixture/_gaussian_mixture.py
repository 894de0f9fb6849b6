"""Gaussian mixture model fitted by expectation–maximisation."""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from glassnet.base import BaseEstimator
from glassnet.exceptions import ConvergenceWarning
from glassnet.mixture._gaussian_math import (estimate_parameters, log_gaussian_prob, logsumexp_rows,
                                             n_free_parameters, precision_cholesky)
from glassnet.utils.validation import (check_array, check_is_fitted, check_random_state,
                                       validate_data)

_COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
_INIT_PARAMS = ("kmeans", "random", "random_from_data")


class GaussianMixture(BaseEstimator):
    """p(x) = Σ_k π_k N(x; μ_k, Σ_k), fitted by EM to maximise the mean log-likelihood.

    E-step: responsibilities r_ik = π_k N(x_i; μ_k, Σ_k) / Σ_j π_j N(x_i; μ_j, Σ_j), computed in
    logs with log-sum-exp. M-step: N_k = Σ_i r_ik, π_k = N_k / n, μ_k = Σ_i r_ik x_i / N_k,
    Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + reg_covar·I. Each round cannot lower the
    log-likelihood (``lower_bound_``); EM stops when it gains less than ``tol``. It is a soft k-means,
    and starts from a k-means partition (``init_params='kmeans'``) or random responsibilities.

    Parameters
    ----------
    n_components : int, default=1
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
    tol : float, default=1e-3
    reg_covar : float, default=1e-6
    max_iter : int, default=100
    n_init : int, default=1 (the start with the best final likelihood is kept)
    init_params : {'kmeans', 'random', 'random_from_data'}, default='kmeans'
    weights_init, means_init, precisions_init : arrays or None (user-chosen starting values)
    random_state : int, RandomState or None
    warm_start : bool, default=False (continue from the last fit instead of a fresh start)
    verbose : int, default=0
        1 prints each start and whether EM converged; 2 also prints the change of the
        log-likelihood every ``verbose_interval`` rounds (as scikit-learn's).
    verbose_interval : int, default=10
    """

    _estimator_type = "density_estimator"

    def __init__(self, n_components: int = 1, *, covariance_type: str = "full", tol: float = 1e-3,
                 reg_covar: float = 1e-6, max_iter: int = 100, n_init: int = 1, init_params: str = "kmeans",
                 weights_init=None, means_init=None, precisions_init=None, random_state=None,
                 warm_start: bool = False, verbose: int = 0, verbose_interval: int = 10):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval

    def _tag_overrides(self):
        return {"estimator_type": "density_estimator"}

    # ------------------------------------------------------------------ checks
    def _check_parameters(self, X: np.ndarray) -> None:
        def positive_int(name, minimum=1):
            v = getattr(self, name)
            if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < minimum:
                raise ValueError(f"{name} must be an integer >= {minimum}, got {name}={v!r}.")

        positive_int("n_components")
        positive_int("n_init")
        positive_int("max_iter", 0)
        for name in ("tol", "reg_covar"):
            v = getattr(self, name)
            if not isinstance(v, numbers.Real) or v < 0:
                raise ValueError(f"{name} must be a number >= 0, got {name}={v!r}.")
        if self.covariance_type not in _COVARIANCE_TYPES:
            raise ValueError(f"covariance_type must be one of {_COVARIANCE_TYPES}, "
                             f"got covariance_type={self.covariance_type!r}.")
        if self.init_params not in _INIT_PARAMS:
            raise ValueError(f"init_params must be one of {_INIT_PARAMS}, got init_params={self.init_params!r}.")
        if X.shape[0] < self.n_components:
            raise ValueError(f"Expected n_samples >= n_components but got n_components = "
                             f"{self.n_components}, n_samples = {X.shape[0]}")
        K, d = self.n_components, X.shape[1]
        if self.weights_init is not None:
            w = check_array(self.weights_init, ensure_2d=False, input_name="weights_init")
            if w.shape != (K,) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
                raise ValueError(f"weights_init must have shape ({K},), be non-negative and sum to 1; "
                                 f"got shape {w.shape} summing to {w.sum():.6g}.")
        if self.means_init is not None:
            m = check_array(self.means_init, input_name="means_init")
            if m.shape != (K, d):
                raise ValueError(f"means_init must have shape ({K}, {d}), got {m.shape}.")
        if self.precisions_init is not None:
            expected = {"full": (K, d, d), "tied": (d, d), "diag": (K, d), "spherical": (K,)}[self.covariance_type]
            p = check_array(self.precisions_init, ensure_2d=False, allow_nd=True, input_name="precisions_init")
            if p.shape != expected:
                raise ValueError(f"precisions_init for covariance_type={self.covariance_type!r} must have "
                                 f"shape {expected}, got {p.shape}.")

    # ------------------------------------------------------------------ EM
    def _initialize(self, X: np.ndarray, random_state) -> None:
        n, K = X.shape[0], self.n_components
        if self.init_params == "kmeans":
            from glassnet.cluster import KMeans
            labels = KMeans(n_clusters=K, n_init=1, random_state=random_state).fit(X).labels_
            resp = np.zeros((n, K))
            resp[np.arange(n), labels] = 1.0
        elif self.init_params == "random":
            resp = random_state.uniform(size=(n, K))
            resp /= resp.sum(axis=1, keepdims=True)
        else:  # random_from_data: K samples become the first means
            resp = np.zeros((n, K))
            resp[random_state.choice(n, size=K, replace=False), np.arange(K)] = 1.0
        nk, means, cov = estimate_parameters(X, resp, self.reg_covar, self.covariance_type)
        self.weights_ = nk / n if self.weights_init is None else np.asarray(self.weights_init, float).copy()
        self.means_ = means if self.means_init is None else np.asarray(self.means_init, float).copy()
        self.covariances_ = cov
        if self.precisions_init is None:
            self.precisions_cholesky_ = precision_cholesky(cov, self.covariance_type)
        else:
            prec = np.asarray(self.precisions_init, dtype=np.float64)
            if self.covariance_type == "full":
                self.precisions_cholesky_ = np.array([np.linalg.cholesky(p) for p in prec])
            elif self.covariance_type == "tied":
                self.precisions_cholesky_ = np.linalg.cholesky(prec)
            else:
                self.precisions_cholesky_ = np.sqrt(prec)

    def _weighted_log_prob(self, X: np.ndarray) -> np.ndarray:
        """log π_k + log N(x_i; μ_k, Σ_k)."""
        return (log_gaussian_prob(X, self.means_, self.precisions_cholesky_, self.covariance_type)
                + np.log(self.weights_))

    def _e_step(self, X: np.ndarray):
        """Mean log-likelihood and log r_ik = log π_k N_k(x_i) − log Σ_j π_j N_j(x_i)."""
        weighted = self._weighted_log_prob(X)
        log_norm = logsumexp_rows(weighted)
        return float(log_norm.mean()), weighted - log_norm[:, None]

    def _m_step(self, X: np.ndarray, log_resp: np.ndarray) -> None:
        nk, self.means_, self.covariances_ = estimate_parameters(
            X, np.exp(log_resp), self.reg_covar, self.covariance_type)
        self.weights_ = nk / nk.sum()
        self.precisions_cholesky_ = precision_cholesky(self.covariances_, self.covariance_type)

    def _parameters(self):
        return (self.weights_, self.means_, self.covariances_, self.precisions_cholesky_)

    def _set_parameters(self, params) -> None:
        self.weights_, self.means_, self.covariances_, self.precisions_cholesky_ = params
        prec_chol = self.precisions_cholesky_
        if self.covariance_type == "full":
            self.precisions_ = prec_chol @ np.transpose(prec_chol, (0, 2, 1))
        elif self.covariance_type == "tied":
            self.precisions_ = prec_chol @ prec_chol.T
        else:
            self.precisions_ = prec_chol ** 2

    def fit(self, X, y=None) -> "GaussianMixture":
        self.fit_predict(X, y)
        return self

    def fit_predict(self, X, y=None) -> np.ndarray:
        """Run EM ``n_init`` times, keep the start with the highest log-likelihood, label X."""
        X = np.asarray(validate_data(self, X, ensure_min_samples=2), dtype=np.float64)
        self._check_parameters(X)
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        n_init = self.n_init if do_init else 1
        random_state = check_random_state(self.random_state)
        best_bound, best = -np.inf, None
        self.converged_ = False
        for start in range(n_init):
            if self.verbose:
                print(f"Initialization {start}")
            if do_init:
                self._initialize(X, random_state)
            bound = -np.inf if do_init else self.lower_bound_
            history, converged, n_iter = [], False, 0
            for n_iter in range(1, self.max_iter + 1):
                previous = bound
                log_norm, log_resp = self._e_step(X)
                self._m_step(X, log_resp)
                bound = log_norm
                history.append(bound)
                if self.verbose >= 2 and n_iter % self.verbose_interval == 0:
                    print(f"  Iteration {n_iter}\t ll change {bound - previous:.5g}")
                if abs(bound - previous) < self.tol:
                    converged = True
                    break
            if self.verbose:
                state = "converged" if converged else "did not converge"
                print(f"Initialization {state}. lower bound {bound:.5g}, {n_iter} iterations.")
            if best is None or bound > best_bound:
                best_bound, best = bound, (self._parameters(), n_iter, history, converged)
        params, self.n_iter_, self.lower_bounds_, self.converged_ = best
        if not self.converged_ and self.max_iter > 0:
            warnings.warn("Best performing initialization did not converge. Try different init "
                          "parameters, or increase max_iter, tol, or check for degenerate data.",
                          ConvergenceWarning, stacklevel=2)
        self._set_parameters(params)
        self.lower_bound_ = best_bound
        _, log_resp = self._e_step(X)  # labels consistent with the kept parameters
        return log_resp.argmax(axis=1)

    # ------------------------------------------------------------------ use
    def _checked(self, X) -> np.ndarray:
        check_is_fitted(self)
        return np.asarray(validate_data(self, X, reset=False), dtype=np.float64)

    def score_samples(self, X) -> np.ndarray:
        """log p(x_i) = log Σ_k π_k N(x_i; μ_k, Σ_k) for each sample."""
        return logsumexp_rows(self._weighted_log_prob(self._checked(X)))

    def score(self, X, y=None) -> float:
        """Mean log-likelihood per sample."""
        return float(self.score_samples(X).mean())

    def predict(self, X) -> np.ndarray:
        """The component with the largest posterior for each sample."""
        return np.argmax(self._weighted_log_prob(self._checked(X)), axis=1)

    def predict_proba(self, X) -> np.ndarray:
        """Responsibilities r_ik = P(component k | x_i)."""
        _, log_resp = self._e_step(self._checked(X))
        return np.exp(log_resp)

    def _n_parameters(self) -> int:
        return n_free_parameters(self.n_components, self.means_.shape[1], self.covariance_type)

    def bic(self, X) -> float:
        """Bayesian information criterion: −2 log L + p log n (lower is better)."""
        X = self._checked(X)
        return -2.0 * self.score(X) * X.shape[0] + self._n_parameters() * np.log(X.shape[0])

    def aic(self, X) -> float:
        """Akaike information criterion: −2 log L + 2p (lower is better)."""
        X = self._checked(X)
        return -2.0 * self.score(X) * X.shape[0] + 2 * self._n_parameters()

    def sample(self, n_samples: int = 1):
        """Draw (X, component labels): pick a component by π, then x ~ N(μ_k, Σ_k)."""
        check_is_fitted(self)
        if not isinstance(n_samples, numbers.Integral) or n_samples < 1:
            raise ValueError(f"Invalid value for 'n_samples': {n_samples}. The sampling requires at "
                             "least one sample.")
        rng = check_random_state(self.random_state)
        counts = rng.multinomial(n_samples, self.weights_)
        parts = []
        for k, (mean, count) in enumerate(zip(self.means_, counts)):
            if self.covariance_type == "full":
                parts.append(rng.multivariate_normal(mean, self.covariances_[k], count))
            elif self.covariance_type == "tied":
                parts.append(rng.multivariate_normal(mean, self.covariances_, count))
            else:
                scale = np.sqrt(self.covariances_[k])
                parts.append(mean + rng.standard_normal(size=(count, mean.shape[0])) * scale)
        labels = np.repeat(np.arange(self.n_components), counts)
        return np.vstack(parts), labels
