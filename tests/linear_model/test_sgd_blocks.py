"""Blocks of SGD samples (glassnet/linear_model/_sgd_blocks.py) make the per-sample loop's very updates."""
import numpy as np
import pytest

from glassnet.linear_model import Perceptron, SGDClassifier, SGDRegressor
from glassnet.linear_model import _sgd_blocks as blocks
from glassnet.linear_model import _sgd_fast as fast
from glassnet.linear_model import _sgd_losses as losses

LOSSES = {"squared_error": losses.squared_error, "hinge": losses.hinge, "perceptron": losses.perceptron}


def _chunk(loss: str, n: int = 203, d: int = 5, eta: float = 0.05, decay_rate: float = 0.3, seed: int = 0):
    """A chunk of samples with varying steps and decays, and nonzero first weights."""
    rng = np.random.RandomState(seed)
    rows = rng.normal(size=(n, d))
    if loss == "squared_error":
        targets = rows @ rng.normal(size=d) + rng.normal(size=n)
    else:
        targets = np.where(rows @ rng.normal(size=d) + 0.5 * rng.normal(size=n) > 0, 1.0, -1.0)
    etas = eta / (1.0 + np.arange(n)) ** 0.25
    decays = np.maximum(1.0 - decay_rate * etas, 0.0)
    norms = np.einsum("ij,ij->i", rows, rows)
    return rows, targets, etas, decays, norms, 0.3 * rng.normal(size=d), 0.2


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("size", [1, 7, 64])          # blocks of one sample, padded blocks, one block
@pytest.mark.parametrize("eta", [0.01, 0.3])          # 0.3: many changes of mind within a hinge block
def test_a_chunk_in_blocks_equals_the_samples_one_by_one(monkeypatch, loss, fit_intercept, size, eta):
    monkeypatch.setattr(blocks, "SQUARED_BLOCK", size)
    monkeypatch.setattr(blocks, "THRESHOLD_BLOCK", size)
    *chunk, w, b = _chunk(loss, eta=eta)
    w_blocks, b_blocks, objective_blocks, loss_blocks = fast._in_blocks(*chunk, w, b, loss, 0.02, fit_intercept, {})
    w_loop, b_loop, objective_loop, loss_loop = fast._one_by_one(*chunk, w, b, LOSSES[loss], 0.02, fit_intercept)
    np.testing.assert_allclose(w_blocks, w_loop, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(b_blocks, b_loop, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(objective_blocks, objective_loop, rtol=1e-10)
    np.testing.assert_allclose(loss_blocks, loss_loop, rtol=1e-10)
    assert 0 < loss_loop < objective_loop                      # the objective adds the penalty to the loss
    assert np.abs(w_loop - w).max() > 1e-2                     # the chunk moved the weights
    assert (b_loop != b) == fit_intercept


def test_the_objective_adds_the_penalty_at_every_samples_weights():
    *chunk, w, b = _chunk("hinge")
    without = fast._in_blocks(*chunk, w, b, "hinge", 0.0, True, {})[2]
    with_penalty = fast._in_blocks(*chunk, w, b, "hinge", 0.02, True, {})[2]
    _, _, loop, _ = fast._one_by_one(*chunk, w, b, losses.hinge, 0.02, True)
    assert with_penalty > without
    np.testing.assert_allclose(with_penalty, loop, rtol=1e-10)


def test_hinge_blocks_report_the_margins_and_the_updates():
    rows, targets, etas, decays, _, w, b = _chunk("hinge", n=50)
    post = np.cumprod(decays)
    pre = np.concatenate([[1.0], post[:-1]])
    _, _, margins, updated = blocks.threshold_blocks(rows, targets, etas, pre, post, w, b, True, 1.0)
    # the first sample sees the first weights; updates are exactly the samples with y·p ≤ 1
    assert margins[0] == pytest.approx(targets[0] * (rows[0] @ w + b))
    np.testing.assert_array_equal(updated, (margins <= 1.0).astype(float))
    assert 0 < updated.sum() < len(updated)


def test_a_residual_past_the_gradient_clip_sends_the_chunk_back_to_the_loop():
    rows, targets, etas, decays, norms, w, b = _chunk("squared_error", n=20)
    targets = targets + 1e13                                   # dL/dp = p − y is clipped at 1e12
    assert fast._in_blocks(rows, targets, etas, decays, norms, w, b, "squared_error", 0.0, True, {}) is None
    model = SGDRegressor(random_state=0, max_iter=2, tol=None, eta0=1e-9)
    fitted = model.fit(rows, targets)
    coef = fitted.coef_.copy()
    model._train = lambda *a, **k: SGDRegressor._run_epochs(model, *a, **k)
    np.testing.assert_allclose(coef, model.fit(rows, targets).coef_, rtol=1e-10)


def test_a_vanishing_product_of_decays_sends_the_chunk_back_to_the_loop():
    rows, targets, etas, decays, norms, w, b = _chunk("hinge", n=300)
    decays = np.full(300, 0.3)                                  # 0.3³⁰⁰ < 1e-100
    assert fast._in_blocks(rows, targets, etas, decays, norms, w, b, "hinge", 0.0, True, {}) is None


@pytest.mark.parametrize("make", [lambda: SGDRegressor(random_state=0), lambda: SGDClassifier(random_state=0),
                                  lambda: Perceptron(random_state=0),
                                  lambda: SGDClassifier(loss="squared_error", random_state=0, eta0=0.001,
                                                        learning_rate="constant")])
def test_default_losses_run_in_blocks(monkeypatch, make):
    def refuse(*args, **kwargs):
        raise AssertionError("the per-sample loop ran")
    monkeypatch.setattr(fast, "_one_by_one", refuse)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 4))
    y = X @ np.array([1.0, -1.0, 0.5, 0.0])
    model = make()
    model.fit(X, y if isinstance(model, SGDRegressor) else (y > 0).astype(int))
    assert model.score(X, y if isinstance(model, SGDRegressor) else (y > 0).astype(int)) > 0.8


@pytest.mark.parametrize("max_features, blocks_run", [(3, False), (4, True)])
def test_many_features_walk_the_samples_one_by_one(monkeypatch, max_features, blocks_run):
    calls = []
    original = fast._one_by_one
    monkeypatch.setattr(fast, "_one_by_one", lambda *a: calls.append(1) or original(*a))
    monkeypatch.setattr(blocks, "MAX_FEATURES", max_features)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 4))
    SGDRegressor(random_state=0, max_iter=3, tol=None).fit(X, X[:, 0])
    assert len(calls) == (0 if blocks_run else 3)


def test_log_loss_walks_the_samples_one_by_one(monkeypatch):
    calls = []
    original = fast._one_by_one
    monkeypatch.setattr(fast, "_one_by_one", lambda *a: calls.append(1) or original(*a))
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 3))
    SGDClassifier(loss="log_loss", random_state=0, max_iter=3, tol=None).fit(X, X[:, 0] > 0)
    assert len(calls) == 3


@pytest.mark.parametrize("make, n_classes", [(lambda: SGDRegressor(random_state=0, penalty="l2", alpha=0.01), 0),
                                             (lambda: SGDClassifier(random_state=0), 3),
                                             (lambda: SGDClassifier(random_state=0, fit_intercept=False), 2),
                                             (lambda: Perceptron(random_state=0), 3)])
def test_fits_across_several_chunks_equal_the_lesson_loop(monkeypatch, make, n_classes):
    from sklearn.datasets import make_classification, make_regression
    monkeypatch.setattr(fast, "CHUNK", 50)
    monkeypatch.setattr(blocks, "SQUARED_BLOCK", 8)
    monkeypatch.setattr(blocks, "THRESHOLD_BLOCK", 8)
    if n_classes:
        X, y = make_classification(230, 6, n_informative=4, n_classes=n_classes, random_state=0)
    else:
        X, y = make_regression(230, 6, noise=1.0, random_state=0)
        y = y / y.std()
    model = make()
    fitted = model.fit(X, y)
    coef, intercept, n_iter = fitted.coef_.copy(), fitted.intercept_.copy(), fitted.n_iter_
    model._train = lambda *a, **k: type(model)._run_epochs(model, *a, **k)
    reference = model.fit(X, y)
    assert n_iter == reference.n_iter_ > 1
    np.testing.assert_allclose(coef, reference.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(intercept, reference.intercept_, rtol=1e-10, atol=1e-12)
