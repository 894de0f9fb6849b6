"""The other Keras losses: robust regression, margins, distributions, counts and directions.

Each class gives one value per sample (reduced over the last axis), and ``Loss`` averages
them over the batch; the lower-case functions (``keras.losses.huber(y_true, y_pred)``)
return the per-sample values, as in Keras. ``glassnet.losses`` lists them all.

    Huber             Lᵢ = mean_j ½a² + δ·(|e| − a),  e = ŷ − y, a = min(|e|, δ)
    LogCosh           Lᵢ = mean_j log cosh(ŷ − y)
    MSLE              Lᵢ = mean_j (log(1 + ŷ) − log(1 + y))²
    MAPE              Lᵢ = 100 · mean_j |y − ŷ| / |y|
    Hinge             Lᵢ = mean_j max(1 − t·ŷ, 0),     t = 2y − 1 ∈ {−1, 1} for 0/1 labels
    SquaredHinge      Lᵢ = mean_j max(1 − t·ŷ, 0)²
    CategoricalHinge  Lᵢ = max(0, 1 + max_j (1 − yⱼ)ŷⱼ − Σⱼ yⱼŷⱼ)
    KLDivergence      Lᵢ = Σⱼ yⱼ log(yⱼ / ŷⱼ)          (both clipped to [ε, 1])
    Poisson           Lᵢ = mean_j ŷ − y log(ŷ + ε)
    CosineSimilarity  Lᵢ = −Σⱼ ŷⱼ yⱼ / (‖ŷ‖ ‖y‖)        (−1 when they point the same way)
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.losses_base import EPSILON, Loss, _targets
from glassnet.ops import math as M


def _margins(y: np.ndarray) -> np.ndarray:
    """Labels in {0, 1} become {−1, 1}; labels already in {−1, 1} stay (Keras's rule)."""
    return np.where(y == 0, -1.0, y).astype(y.dtype) if np.isin(y, (0.0, 1.0)).all() else y


class Huber(Loss):
    """Squared error for small errors, absolute error beyond ``delta`` (robust to outliers).

    With a = min(|e|, δ): L = ½a² + δ(|e| − a), so dL/de = e when |e| ≤ δ, δ·sign(e) beyond.
    """

    default_name = "huber_loss"

    def __init__(self, delta: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.delta = float(delta)

    def call(self, y_true, y_pred):
        error = M.abs(y_pred - _targets(y_true, y_pred, self.name))
        beyond = M.maximum(error - self.delta, 0.0)      # |e| − a
        small = error - beyond                            # a = min(|e|, δ)
        return M.mean(M.square(small) * 0.5 + beyond * self.delta, axis=-1)

    def get_config(self):
        return {**super().get_config(), "delta": self.delta}


class LogCosh(Loss):
    """log cosh(e) = |e| + log(1 + e^(−2|e|)) − log 2: like ½e² near 0, like |e| far away."""

    default_name = "log_cosh"

    def call(self, y_true, y_pred):
        error = M.abs(y_pred - _targets(y_true, y_pred, self.name))
        return M.mean(error + M.log(M.exp(error * -2.0) + 1.0) - float(np.log(2.0)), axis=-1)


class MeanSquaredLogarithmicError(Loss):
    """Squared difference of log(1 + ·): relative errors for positive targets."""

    default_name = "mean_squared_logarithmic_error"

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        log_y = np.log(np.maximum(y, EPSILON) + 1.0).astype(y.dtype)
        return M.mean(M.square(M.log(M.maximum(y_pred, EPSILON) + 1.0) - log_y), axis=-1)


class MeanAbsolutePercentageError(Loss):
    """100 · |y − ŷ| / max(|y|, ε), averaged over the last axis."""

    default_name = "mean_absolute_percentage_error"

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        scale = (100.0 / np.maximum(np.abs(y), EPSILON)).astype(y.dtype)
        return M.mean(M.abs(y_pred - y) * scale, axis=-1)


class Hinge(Loss):
    """The SVM loss: max(1 − t·ŷ, 0) with t ∈ {−1, 1} (0/1 labels are converted)."""

    default_name = "hinge"

    def call(self, y_true, y_pred):
        t = _margins(_targets(y_true, y_pred, self.name))
        return M.mean(M.maximum(1.0 - y_pred * t, 0.0), axis=-1)


class SquaredHinge(Loss):
    """max(1 − t·ŷ, 0)², t ∈ {−1, 1}."""

    default_name = "squared_hinge"

    def call(self, y_true, y_pred):
        t = _margins(_targets(y_true, y_pred, self.name))
        return M.mean(M.square(M.maximum(1.0 - y_pred * t, 0.0)), axis=-1)


class CategoricalHinge(Loss):
    """max(0, 1 + best wrong score − true score) for one-hot y."""

    default_name = "categorical_hinge"

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        true_score = M.sum(y_pred * y, axis=-1)
        best_wrong = M.max(y_pred * (1.0 - y), axis=-1)
        return M.maximum(best_wrong - true_score + 1.0, 0.0)


class KLDivergence(Loss):
    """Σ y log(y / ŷ): how far the predicted distribution ŷ is from the target y (e.g. distillation)."""

    default_name = "kl_divergence"

    def call(self, y_true, y_pred):
        y = np.clip(_targets(y_true, y_pred, self.name), EPSILON, 1.0)
        return M.sum(M.log(M.clip(y_pred, EPSILON, 1.0)) * -y, axis=-1) + (y * np.log(y)).sum(-1)


class Poisson(Loss):
    """ŷ − y log(ŷ + ε): the negative log-likelihood of counts y under a Poisson rate ŷ (constant dropped)."""

    default_name = "poisson"

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        return M.mean(y_pred - M.log(y_pred + EPSILON) * y, axis=-1)


class CosineSimilarity(Loss):
    """−cos(ŷ, y) along ``axis``: −1 when ŷ and y point the same way, 0 when orthogonal."""

    default_name = "cosine_similarity"

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, y_true, y_pred):
        y = _targets(y_true, y_pred, self.name)
        y_unit = y / np.sqrt(np.maximum((y * y).sum(self.axis, keepdims=True), 1e-12))
        norm = M.sqrt(M.maximum(M.sum(M.square(y_pred), axis=self.axis, keepdims=True), 1e-12))
        return -M.sum(y_pred / norm * y_unit, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def _per_sample(cls, **fixed):
    def function(y_true, y_pred, **kwargs) -> Tensor:
        return cls(reduction="none", **fixed, **kwargs)(y_true, y_pred)
    function.__name__ = cls.default_name
    function.__doc__ = f"Per-sample {cls.__name__} (no reduction over the batch)."
    return function


huber = _per_sample(Huber)
log_cosh = logcosh = _per_sample(LogCosh)
mean_squared_logarithmic_error = msle = MSLE = _per_sample(MeanSquaredLogarithmicError)
mean_absolute_percentage_error = mape = MAPE = _per_sample(MeanAbsolutePercentageError)
hinge = _per_sample(Hinge)
squared_hinge = _per_sample(SquaredHinge)
categorical_hinge = _per_sample(CategoricalHinge)
kl_divergence = kld = KLD = _per_sample(KLDivergence)
poisson = _per_sample(Poisson)
cosine_similarity = _per_sample(CosineSimilarity)

CLASSES = (Huber, LogCosh, MeanSquaredLogarithmicError, MeanAbsolutePercentageError, Hinge, SquaredHinge,
           CategoricalHinge, KLDivergence, Poisson, CosineSimilarity)
ALIASES = {"huber": Huber, "huber_loss": Huber, "log_cosh": LogCosh, "logcosh": LogCosh,
           "msle": MeanSquaredLogarithmicError, "mean_squared_logarithmic_error": MeanSquaredLogarithmicError,
           "mape": MeanAbsolutePercentageError, "mean_absolute_percentage_error": MeanAbsolutePercentageError,
           "hinge": Hinge, "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
           "kl_divergence": KLDivergence, "kld": KLDivergence, "kullback_leibler_divergence": KLDivergence,
           "poisson": Poisson, "cosine_similarity": CosineSimilarity}
FUNCTIONS = {huber: "huber", log_cosh: "log_cosh", mean_squared_logarithmic_error: "msle",
             mean_absolute_percentage_error: "mape", hinge: "hinge", squared_hinge: "squared_hinge",
             categorical_hinge: "categorical_hinge", kl_divergence: "kl_divergence", poisson: "poisson",
             cosine_similarity: "cosine_similarity"}
