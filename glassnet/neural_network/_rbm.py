"""Bernoulli restricted Boltzmann machine trained by persistent contrastive divergence (PCD)."""
from __future__ import annotations

import time

import numpy as np

from glassnet.base import BaseEstimator, TransformerMixin
from glassnet.utils.validation import check_is_fitted, check_random_state, validate_data


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z), stable for any z (no overflow of e^{−z})."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


class BernoulliRBM(TransformerMixin, BaseEstimator):
    """A restricted Boltzmann machine with binary visible units v and binary hidden units h.

    Energy and probabilities (W = ``components_`` (n_components, n_features),
    b = ``intercept_visible_``, c = ``intercept_hidden_``):

        E(v, h) = −vᵀb − hᵀc − hᵀWv,     p(v, h) ∝ e^{−E(v, h)}
        p(h_j = 1 | v) = σ(W_j·v + c_j),   p(v_i = 1 | h) = σ(W_{:,i}·h + b_i)
        free energy F(v) = −vᵀb − Σ_j log(1 + e^{W_j·v + c_j})

    Learning climbs the log-likelihood, whose gradient is "data minus model":

        ∂ log p(v) / ∂W = E[h vᵀ | data] − E[h vᵀ | model]

    Persistent contrastive divergence (Tieleman 2008) estimates the model term from "fantasy"
    particles ``h_samples_`` kept from one mini-batch to the next, each advanced by one Gibbs
    step (h → v → h) per update. With learning rate ε and a batch of size n:

        W += (ε/n)·(σ(Wv+c)ᵀv − σ(Wv⁻+c)ᵀv⁻),  c += (ε/n)·Σ(h⁺ − h⁻),  b += (ε/n)·Σ(v − v⁻)

    The parameters have scikit-learn's names and defaults.

    Parameters
    ----------
    n_components : int, default=256 — hidden units
    learning_rate : float, default=0.1
    batch_size : int, default=10
    n_iter : int, default=10 — passes over the training data
    verbose : int, default=0 — print the pseudo-likelihood after each pass
    random_state : int, RandomState or None

    Attributes
    ----------
    components_, intercept_hidden_, intercept_visible_, h_samples_ (batch_size, n_components),
    n_features_in_
    """

    def __init__(self, n_components: int = 256, *, learning_rate: float = 0.1, batch_size: int = 10,
                 n_iter: int = 10, verbose: int = 0, random_state=None):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.verbose = verbose
        self.random_state = random_state

    # ------------------------------------------------------------------ the two conditionals
    def _mean_hiddens(self, v: np.ndarray) -> np.ndarray:
        """p(h = 1 | v) = σ(v·Wᵀ + c)."""
        return _sigmoid(v @ self.components_.T + self.intercept_hidden_)

    def _sample_hiddens(self, v: np.ndarray, rng) -> np.ndarray:
        p = self._mean_hiddens(v)
        return (rng.uniform(size=p.shape) < p).astype(v.dtype)

    def _sample_visibles(self, h: np.ndarray, rng) -> np.ndarray:
        """v ~ p(v | h) = σ(h·W + b)."""
        p = _sigmoid(h @ self.components_ + self.intercept_visible_)
        return (rng.uniform(size=p.shape) < p).astype(h.dtype)

    def _free_energy(self, v: np.ndarray) -> np.ndarray:
        """F(v) = −vᵀb − Σ_j log(1 + e^{W_j·v + c_j})  (logaddexp keeps it exact for large inputs)."""
        return -(v @ self.intercept_visible_) - np.logaddexp(0, v @ self.components_.T + self.intercept_hidden_).sum(1)

    # ------------------------------------------------------------------ public verbs
    def transform(self, X) -> np.ndarray:
        """The hidden units' probabilities p(h = 1 | v) for each sample: the learned features."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        return self._mean_hiddens(X)

    def gibbs(self, v) -> np.ndarray:
        """One Gibbs step from v: h ~ p(h | v), then a new v ~ p(v | h)."""
        check_is_fitted(self)
        rng = check_random_state(self.random_state)
        v = validate_data(self, v, reset=False, dtype=(np.float64, np.float32))
        return self._sample_visibles(self._sample_hiddens(v, rng), rng)

    def partial_fit(self, X, y=None) -> "BernoulliRBM":
        """One PCD update on the mini-batch X (initialising the machine on the first call)."""
        first = not hasattr(self, "components_")
        X = validate_data(self, X, reset=first, dtype=(np.float64, np.float32))
        if not hasattr(self, "random_state_"):
            self.random_state_ = check_random_state(self.random_state)
        if first:
            self._initialise(X.shape[1], X.dtype)
        self._fit_batch(X, self.random_state_)
        return self

    def fit(self, X, y=None) -> "BernoulliRBM":
        """``n_iter`` passes of PCD over X in mini-batches of ``batch_size``."""
        X = validate_data(self, X, dtype=(np.float64, np.float32))
        rng = check_random_state(self.random_state)
        self._initialise(X.shape[1], X.dtype, rng)
        n_samples = X.shape[0]
        n_batches = int(np.ceil(n_samples / self.batch_size))
        bounds = np.linspace(0, n_samples, n_batches + 1).astype(int)   # even slices, as scikit-learn's
        for iteration in range(1, self.n_iter + 1):
            start = time.time()
            for lo, hi in zip(bounds[:-1], bounds[1:]):
                self._fit_batch(X[lo:hi], rng)
            if self.verbose:
                print(f"[{type(self).__name__}] Iteration {iteration}, pseudo-likelihood = "
                      f"{self.score_samples(X).mean():.2f}, time = {time.time() - start:.2f}s")
        return self

    def score_samples(self, X) -> np.ndarray:
        """Pseudo-log-likelihood of each sample, estimated by flipping one random unit i:

            log PL(v) ≈ n_features · log σ(F(ṽ) − F(v)),   ṽ = v with v_i flipped.
        """
        check_is_fitted(self)
        v = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        rng = check_random_state(self.random_state)
        flipped = v.copy()
        columns = rng.randint(0, v.shape[1], v.shape[0])
        rows = np.arange(v.shape[0])
        flipped[rows, columns] = 1 - flipped[rows, columns]
        difference = self._free_energy(flipped) - self._free_energy(v)
        return -v.shape[1] * np.logaddexp(0, -difference)

    # ------------------------------------------------------------------ learning
    def _initialise(self, n_features: int, dtype, rng=None) -> None:
        if isinstance(self.n_components, bool) or int(self.n_components) != self.n_components or self.n_components < 1:
            raise ValueError(f"BernoulliRBM: n_components must be a positive integer, got {self.n_components!r}")
        if int(self.batch_size) != self.batch_size or self.batch_size < 1:
            raise ValueError(f"BernoulliRBM: batch_size must be a positive integer, got {self.batch_size!r}")
        rng = rng if rng is not None else self.random_state_
        self.components_ = np.asarray(rng.normal(0, 0.01, (self.n_components, n_features)), dtype=dtype, order="F")
        self.intercept_hidden_ = np.zeros(self.n_components, dtype=dtype)
        self.intercept_visible_ = np.zeros(n_features, dtype=dtype)
        self.h_samples_ = np.zeros((self.batch_size, self.n_components), dtype=dtype)

    def _fit_batch(self, v_pos: np.ndarray, rng) -> None:
        """One PCD step: data statistics from v_pos, model statistics from the persistent chains."""
        h_pos = self._mean_hiddens(v_pos)
        v_neg = self._sample_visibles(self.h_samples_, rng)
        h_neg = self._mean_hiddens(v_neg)
        rate = float(self.learning_rate) / v_pos.shape[0]
        self.components_ += rate * (h_pos.T @ v_pos - h_neg.T @ v_neg)
        self.intercept_hidden_ += rate * (h_pos.sum(axis=0) - h_neg.sum(axis=0))
        self.intercept_visible_ += rate * (np.asarray(v_pos.sum(axis=0)).ravel() - v_neg.sum(axis=0))
        self.h_samples_ = (rng.uniform(size=h_neg.shape) < h_neg).astype(v_pos.dtype)   # the chains move on

    def _tag_overrides(self) -> dict:
        # score_samples flips a random unit of each sample: a stochastic estimate
        return {"preserves_dtype": ["float64", "float32"], "non_deterministic": True}
