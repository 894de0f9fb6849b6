"""glassnet.losses_more: values against PyTorch (float64), gradients against finite differences,
per-sample functional forms, names, and saving (Keras 3's documented formulas)."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import losses
from glassnet.autodiff import Tensor
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(11)
N, K = 5, 4
Z = RNG.normal(scale=2.0, size=(N, K))
TARGETS = RNG.normal(size=(N, K))
POSITIVE = RNG.random((N, K)) * 3 + 0.1
TARGET_POSITIVE = RNG.random((N, K)) * 3 + 0.1
BINARY = (RNG.random((N, K)) > 0.5).astype(float)
ONE_HOT = np.eye(K)[RNG.integers(0, K, N)]
PROBS = RNG.dirichlet(np.ones(K), size=N)
TARGET_PROBS = RNG.dirichlet(np.ones(K), size=N)
COUNTS = RNG.poisson(2.0, size=(N, K)).astype(float)


def _cases():
    torch = pytest.importorskip("torch")
    F, T = torch.nn.functional, torch.tensor
    margins = T(2 * BINARY - 1)
    return {
        "huber": (lambda p: losses.Huber(delta=1.5)(TARGETS, p), lambda p: F.huber_loss(p, T(TARGETS), delta=1.5), Z),
        "log_cosh": (lambda p: losses.LogCosh()(TARGETS, p), lambda p: torch.log(torch.cosh(p - T(TARGETS))).mean(), Z),
        "msle": (lambda p: losses.MeanSquaredLogarithmicError()(TARGET_POSITIVE, p),
                 lambda p: ((torch.log1p(p) - torch.log1p(T(TARGET_POSITIVE))) ** 2).mean(), POSITIVE),
        "mape": (lambda p: losses.MeanAbsolutePercentageError()(TARGETS, p),
                 lambda p: 100 * ((p - T(TARGETS)).abs() / T(TARGETS).abs()).mean(), Z),
        "hinge": (lambda p: losses.Hinge()(BINARY, p), lambda p: torch.clamp(1 - margins * p, min=0).mean(), Z),
        "squared_hinge": (lambda p: losses.SquaredHinge()(BINARY, p),
                          lambda p: (torch.clamp(1 - margins * p, min=0) ** 2).mean(), Z),
        "categorical_hinge": (lambda p: losses.CategoricalHinge()(ONE_HOT, p),
                              lambda p: torch.clamp(1 + (p * (1 - T(ONE_HOT))).max(-1).values
                                                    - (p * T(ONE_HOT)).sum(-1), min=0).mean(), Z),
        "kl_divergence": (lambda p: losses.KLDivergence()(TARGET_PROBS, p),
                          lambda p: F.kl_div(p.log(), T(TARGET_PROBS), reduction="batchmean"), PROBS),
        "poisson": (lambda p: losses.Poisson()(COUNTS, p),
                    lambda p: F.poisson_nll_loss(p, T(COUNTS), log_input=False, eps=1e-7), POSITIVE),
        "cosine_similarity": (lambda p: losses.CosineSimilarity()(TARGETS, p),
                              lambda p: -F.cosine_similarity(p, T(TARGETS), dim=-1).mean(), Z),
    }


NAMES = ["huber", "log_cosh", "msle", "mape", "hinge", "squared_hinge", "categorical_hinge", "kl_divergence",
         "poisson", "cosine_similarity"]


@pytest.mark.parametrize("name", NAMES)
def test_value_and_gradient_match_torch(name):
    fn, torch_fn, x = _cases()[name]
    assert check_against_torch(fn, torch_fn, [x]) < 1e-6


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences(name):
    fn, _, x = _cases()[name]
    assert check_gradients(fn, [x]) < 1e-5


@pytest.mark.parametrize("function, cls", [
    (keras.losses.huber, "Huber"), (keras.losses.log_cosh, "LogCosh"), (keras.losses.kl_divergence, "KLDivergence"),
    (keras.losses.hinge, "Hinge"), (keras.losses.poisson, "Poisson"), (keras.losses.cosine_similarity, "CosineSimilarity"),
])
def test_functional_forms_are_per_sample_and_known_by_name(function, cls):
    out = function(TARGET_PROBS, PROBS)
    assert out.shape == (N,)
    assert losses.get(function)(TARGET_PROBS, PROBS).item() == pytest.approx(float(out.data.mean()))
    assert type(losses.get(function)).__name__ == cls


def test_names_and_json_round_trip():
    assert type(losses.get("huber")).__name__ == "Huber" and type(losses.get("kld")).__name__ == "KLDivergence"
    loss = losses.Huber(delta=0.5)
    again = losses.deserialize(json.loads(json.dumps(losses.serialize(loss))))
    assert type(again).__name__ == "Huber" and again.delta == 0.5


def test_huber_trains_a_model():
    x = RNG.normal(size=(64, 3)).astype(np.float32)
    y = x @ np.array([[1.0], [2.0], [-1.0]], np.float32)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1), keras.losses.Huber())
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


SEQUENCE_CASES = {   # class, y_true and y_pred of shape (2 sequences, 3 steps, K)
    "huber": (losses.Huber, RNG.normal(size=(2, 3, K)), RNG.normal(scale=2.0, size=(2, 3, K))),
    "squared_hinge": (losses.SquaredHinge, (RNG.random((2, 3, K)) > 0.5).astype(float), RNG.normal(size=(2, 3, K))),
    "categorical_hinge": (losses.CategoricalHinge, np.eye(K)[RNG.integers(0, K, (2, 3))], RNG.normal(size=(2, 3, K))),
    "kl_divergence": (losses.KLDivergence, RNG.dirichlet(np.ones(K), size=(2, 3)), RNG.dirichlet(np.ones(K), size=(2, 3))),
    "cosine_similarity": (losses.CosineSimilarity, RNG.normal(size=(2, 3, K)), RNG.normal(size=(2, 3, K))),
}


@pytest.mark.parametrize("name", sorted(SEQUENCE_CASES))
def test_on_sequences_every_step_is_scored_like_a_sample(name):
    # Keras reduces the last axis only: a (batch, steps, K) output gives one loss per step.
    cls, y_true, y_pred = SEQUENCE_CASES[name]
    per_step = cls(reduction="none")(y_true, Tensor(y_pred)).data
    as_samples = cls(reduction="none")(y_true.reshape(6, K), Tensor(y_pred.reshape(6, K))).data
    assert per_step.shape == (2, 3)
    np.testing.assert_allclose(per_step, as_samples.reshape(2, 3), rtol=1e-6)


def test_squared_hinge_gives_one_value_per_sample():
    y_true, y_pred = BINARY[:3], Z[:3]          # 3 samples of K = 4 classes
    margins = 2 * y_true - 1
    expected = (np.maximum(1 - margins * y_pred, 0) ** 2).mean(axis=-1)
    np.testing.assert_allclose(losses.SquaredHinge(reduction="none")(y_true, Tensor(y_pred)).data,
                               expected, rtol=1e-6)


def test_cosine_similarity_does_not_depend_on_the_vectors_lengths():
    y_true, y_pred = TARGETS, Z
    full = losses.CosineSimilarity(reduction="none")(y_true, Tensor(y_pred)).data
    small = losses.CosineSimilarity(reduction="none")(1e-3 * y_true, Tensor(1e-3 * y_pred)).data
    np.testing.assert_allclose(small, full, rtol=1e-5)
    cosines = (y_true * y_pred).sum(-1) / np.linalg.norm(y_true, axis=-1) / np.linalg.norm(y_pred, axis=-1)
    np.testing.assert_allclose(full, -cosines, rtol=1e-5)
