"""glassnet.ops.slicing: slices, scatters and segment reductions, values and gradient routing."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import slicing as S
from glassnet.utils.gradcheck import check_gradients

RNG = np.random.default_rng(9)
X = RNG.normal(size=(4, 5))


def test_slice_and_slice_update_values():
    np.testing.assert_array_equal(S.slice(X, [1, 2], (2, 3)).numpy(), X[1:3, 2:5])
    updated = S.slice_update(X, np.array([2, 0]), np.ones((2, 2)))
    expected = X.copy()
    expected[2:4, 0:2] = 1
    np.testing.assert_array_equal(updated.numpy(), expected)
    np.testing.assert_array_equal(X[2:4, 0:2], X[2:4, 0:2])       # the input is not changed


GRADIENT_CASES = {
    "slice": (lambda x: S.slice(x, [1, 2], (2, 3)), [X]),
    "slice_update": (lambda x, u: S.slice_update(x, [1, 1], u), [X, RNG.normal(size=(2, 2))]),
    "scatter": (lambda v: S.scatter(np.array([[0, 1], [2, 3], [0, 1]]), v, (3, 4)), [RNG.normal(size=3)]),
    "scatter_update": (lambda x, u: S.scatter_update(x, np.array([[0, 0], [3, 4]]), u), [X, RNG.normal(size=2)]),
    "segment_sum": (lambda x: S.segment_sum(x, np.array([0, 2, 0, 1]), 3), [X]),
    "segment_max": (lambda x: S.segment_max(x, np.array([0, 2, 0, 1]), 3), [X]),
}


@pytest.mark.parametrize("name", sorted(GRADIENT_CASES))
def test_gradients_match_finite_differences(name):
    fn, inputs = GRADIENT_CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


def test_scatter_adds_repeated_places_and_scatter_update_replaces():
    out = S.scatter(np.array([[0, 1], [2, 3], [0, 1]]), np.array([1.0, 2.0, 3.0]), (3, 4)).numpy()
    assert out[0, 1] == 4.0 and out[2, 3] == 2.0 and out.sum() == 6.0
    up = S.scatter_update(np.zeros((2, 3)), np.array([[1, 2]]), np.array([7.0])).numpy()
    assert up[1, 2] == 7.0 and up.sum() == 7.0


def test_segment_sum_and_max_equal_a_loop():
    ids = np.array([0, 2, 0, 1])
    sums = S.segment_sum(X, ids).numpy()
    maxes = S.segment_max(X, ids, num_segments=4).numpy()
    for s in range(3):
        np.testing.assert_allclose(sums[s], X[ids == s].sum(axis=0))
        np.testing.assert_allclose(maxes[s], X[ids == s].max(axis=0))
    assert np.all(np.isneginf(maxes[3]))


def test_segment_max_shares_the_gradient_between_ties():
    x = Tensor(np.array([2.0, 2.0, 1.0]), requires_grad=True)
    S.segment_max(x, np.array([0, 0, 0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.5, 0.5, 0.0])


def test_multi_hot_marks_every_label_present():
    np.testing.assert_array_equal(S.multi_hot(np.array([[0, 2], [1, 1]]), 4).numpy(), [[1, 0, 1, 0], [0, 1, 0, 0]])
    np.testing.assert_array_equal(S.multi_hot(np.array([3, 0]), 4).numpy(), [1, 0, 0, 1])
