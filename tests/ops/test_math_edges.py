"""Math ops where the rule has a boundary or a special shape: clip's gradient at and beyond its
bounds, and matrix products that broadcast a batch against a plain matrix."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import math as M
from glassnet.utils.gradcheck import check_against_torch


def test_clip_passes_the_gradient_inside_and_at_the_bounds_only():
    a = Tensor(np.array([-2.0, -1.0, 0.3, 1.0, 2.5]), requires_grad=True)
    out = M.clip(a, -1.0, 1.0)
    np.testing.assert_array_equal(out.data, [-1.0, -1.0, 0.3, 1.0, 1.0])
    out.backward(np.array([5.0, 4.0, 3.0, 2.0, 1.0]))
    np.testing.assert_array_equal(a.grad, [0.0, 4.0, 3.0, 2.0, 0.0])      # as torch.clamp


def test_clip_matches_torch_with_values_on_the_bounds():
    torch = pytest.importorskip("torch")
    values = np.array([[-1.5, -0.5, 0.0], [0.5, 0.5, 2.0]])
    assert check_against_torch(lambda t: M.clip(t, -0.5, 0.5), lambda t: torch.clamp(t, -0.5, 0.5), [values]) < 1e-12


@pytest.mark.parametrize("a_shape, b_shape", [((3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)),
                                              ((4,), (2, 4, 5)), ((2, 3, 4), (4,))])
def test_matmul_broadcasting_batches_matches_torch(a_shape, b_shape):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=a_shape), rng.normal(size=b_shape)
    assert check_against_torch(M.matmul, lambda x, y: x @ y, [a, b]) < 1e-10


@pytest.mark.parametrize("a_shape, b_shape", [((4,), (4,)), ((4,), (4, 3)), ((3, 4), (4,)), ((1, 3, 4), (2, 4, 5))])
def test_matmul_vectors_and_batch_broadcasting_match_torch(a_shape, b_shape):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=a_shape), rng.normal(size=b_shape)
    assert check_against_torch(M.matmul, lambda x, y: x @ y, [a, b]) < 1e-10


def test_matmul_of_shapes_that_do_not_fit_names_both_shapes():
    import pytest
    from glassnet import ops
    with pytest.raises(ValueError, match=r"\(4, 5\) and \(10, 5\).*\(5\).*\(10\)"):
        ops.matmul(np.ones((4, 5)), np.ones((10, 5)))
