"""glassnet.ops.indexing: take, take_along_axis, top_k, one_hot, dot, tensordot."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import ops
from glassnet.autodiff import Tensor
from glassnet.ops import indexing as I
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(7)
A = RNG.normal(size=(3, 4))
A3 = RNG.normal(size=(2, 3, 4))
IDX = np.array([2, 0, 2])
ALONG = np.array([[0, 3], [1, 1], [2, 0]])


def _torch():
    return pytest.importorskip("torch")


def _t(array):
    return _torch().tensor(array)


CASES = {
    "take_axis1_repeated": (lambda a: I.take(a, IDX, axis=1), lambda a: a[:, _t(IDX)], [A]),
    "take_flat": (lambda a: I.take(a, np.array([[1, 5], [5, 11]])), lambda a: a.flatten()[_t([[1, 5], [5, 11]])], [A]),
    "take_axis0_matrix_index": (lambda a: I.take(a, np.array([[0, 1], [1, 1]]), axis=0),
                                lambda a: a[_t([[0, 1], [1, 1]])], [A3]),
    "take_along_axis": (lambda a: I.take_along_axis(a, ALONG, axis=1),
                        lambda a: _torch().take_along_dim(a, _t(ALONG), dim=1), [A]),
    "top_k_values": (lambda a: I.top_k(a, 2)[0], lambda a: a.topk(2).values, [A]),
    "dot_matrices": (I.dot, lambda a, b: a @ b, [A, RNG.normal(size=(4, 2))]),
    "dot_vectors": (I.dot, lambda a, b: a @ b, [A[0], A[1]]),
    "dot_nd_2d": (I.dot, lambda a, b: a @ b, [A3, RNG.normal(size=(4, 2))]),
    "tensordot": (lambda a, b: I.tensordot(a, b, axes=([1, 2], [0, 1])),
                  lambda a, b: _torch().tensordot(a, b, dims=([1, 2], [0, 1])), [A3, RNG.normal(size=(3, 4, 5))]),
    "sort_rows": (lambda a: I.sort(a, axis=1), lambda a: a.sort(1).values, [A]),
    "sort_axis0": (lambda a: I.sort(a, axis=0), lambda a: a.sort(0).values, [A3]),
    "tril": (lambda a: I.tril(a, k=1), lambda a: a.tril(1), [A]),
    "triu_batched": (lambda a: I.triu(a), lambda a: a.triu(), [A3]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    _torch()
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_top_k_indices_and_errors():
    values, indices = ops.top_k(np.array([[1.0, 5.0, 3.0]]), 2)
    np.testing.assert_array_equal(values.numpy(), [[5.0, 3.0]])
    np.testing.assert_array_equal(indices.numpy(), [[1, 2]])
    with pytest.raises(ValueError, match="k=4"):
        ops.top_k(np.array([1.0, 2.0]), 4)


def test_one_hot_matches_to_categorical_and_ignores_out_of_range():
    out = ops.one_hot(np.array([0, 2, 5]), 3)
    np.testing.assert_array_equal(out.numpy(), [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    assert out.dtype == np.float32
    assert ops.one_hot(np.array([[1, 0]]), 2, axis=1).shape == (1, 2, 2)
    with pytest.raises(ValueError, match="integers"):
        ops.one_hot(np.array([0.5]), 2)


def test_dot_of_rank_three_second_argument_is_a_clear_error():
    with pytest.raises(ValueError, match="x2 of rank 3"):
        ops.dot(A, A3)


def test_argsort_gives_the_sorting_indices():
    np.testing.assert_array_equal(ops.argsort(np.array([[3.0, 1.0, 2.0]])).numpy(), [[1, 2, 0]])
    assert ops.argsort(np.array([2.0, 1.0])).dtype == np.int32


def test_top_k_unsorted_gives_each_rows_k_largest_values_and_their_indices():
    x = RNG.normal(size=(2, 3, 5))
    values, indices = ops.top_k(x, 3, sorted=False)
    assert values.shape == indices.shape == (2, 3, 3)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(x, indices.numpy(), axis=-1))
    np.testing.assert_array_equal(np.sort(values.numpy(), axis=-1), np.sort(x, axis=-1)[..., 2:])
