"""glassnet.ops.statistics: values as NumPy's, differentiable averages and quantiles."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import statistics as S
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(8)
X = RNG.normal(size=(4, 5))          # distinct values: quantiles have one slope
W = RNG.uniform(0.5, 2.0, size=5)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("q", [0.5, 0.3, [0.1, 0.9]])
def test_quantile_equals_numpy(axis, q):
    np.testing.assert_allclose(S.quantile(X, q, axis=axis).numpy(), np.quantile(X, q, axis=axis))
    np.testing.assert_allclose(S.quantile(X, q, axis=axis, keepdims=True).numpy(),
                               np.quantile(X, q, axis=axis, keepdims=True))


def test_median_and_average_equal_numpy():
    np.testing.assert_allclose(S.median(X, axis=1).numpy(), np.median(X, axis=1))
    np.testing.assert_allclose(S.median(X).numpy(), np.median(X))
    np.testing.assert_allclose(S.average(X, axis=1, weights=W).numpy(), np.average(X, axis=1, weights=W))
    np.testing.assert_allclose(S.average(X, axis=0).numpy(), X.mean(axis=0))
    np.testing.assert_allclose(S.average(X, weights=X * 0 + 2).numpy(), X.mean())


@pytest.mark.parametrize("fn", [lambda a: S.quantile(a, [0.2, 0.75], axis=1), lambda a: S.median(a),
                                lambda a, w: S.average(a, axis=1, weights=w)], ids=["quantile", "median", "average"])
def test_gradients_match_finite_differences(fn):
    inputs = [X, W] if fn.__code__.co_argcount == 2 else [X]
    assert check_gradients(fn, inputs) < 1e-6


def test_quantile_matches_torch():
    torch = pytest.importorskip("torch")
    q = torch.tensor([0.2, 0.75], dtype=torch.float64)
    assert check_against_torch(lambda a: S.quantile(a, [0.2, 0.75], axis=1),
                               lambda a: torch.quantile(a, q, dim=1), [X]) < 1e-6


def test_quantile_refuses_out_of_range_q_and_other_methods():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        S.quantile(X, 1.5)
    with pytest.raises(ValueError, match="method='linear'"):
        S.quantile(X, 0.5, method="nearest")


def test_counting_and_searching_equal_numpy():
    ints = np.array([0, 3, 3, 1, 0, 5])
    assert int(S.count_nonzero(ints).numpy()) == 4
    np.testing.assert_array_equal(S.count_nonzero(X > 0, axis=0).numpy(), np.count_nonzero(X > 0, axis=0))
    np.testing.assert_array_equal(S.isclose(np.array([1.0, 1.1]), 1.0).numpy(), [True, False])
    np.testing.assert_array_equal(S.bincount(ints).numpy(), np.bincount(ints))
    np.testing.assert_allclose(S.bincount(ints, weights=np.arange(6.0), minlength=8).numpy(),
                               np.bincount(ints, np.arange(6.0), 8))
    np.testing.assert_array_equal(S.bincount(np.array([[0, 1, 1], [2, 2, 2]])).numpy(), [[1, 2, 0], [0, 0, 3]])
    np.testing.assert_array_equal(S.searchsorted(np.array([1, 3, 5]), np.array([0, 3, 6]), side="right").numpy(),
                                  [0, 2, 3])
    np.testing.assert_array_equal(S.digitize(np.array([0.5, 1.5, 9.0]), np.array([1.0, 2.0])).numpy(), [0, 1, 2])
    rows, cols = S.nonzero(np.array([[0, 2], [3, 0]]))
    np.testing.assert_array_equal(rows.numpy(), [0, 1])
    np.testing.assert_array_equal(cols.numpy(), [1, 0])


def test_in_top_k_counts_a_target_among_the_k_best():
    scores = np.array([[0.1, 0.5, 0.4], [0.7, 0.2, 0.1], [0.3, 0.3, 0.4]])
    np.testing.assert_array_equal(S.in_top_k(np.array([2, 2, 0]), scores, 1).numpy(), [False, False, False])
    np.testing.assert_array_equal(S.in_top_k(np.array([2, 2, 0]), scores, 2).numpy(), [True, False, True])


def test_average_passes_gradient_to_the_weights_too():
    x, w = Tensor(X, requires_grad=True), Tensor(W, requires_grad=True)
    S.average(x, axis=1, weights=w).sum().backward()
    assert np.abs(w.grad).sum() > 0 and np.abs(x.grad).sum() > 0
