"""Shape ops with more than two pieces: each input of a concatenation gets back its own slice."""
import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops import reshaping as S


def test_concatenate_three_tensors_gives_each_its_slice_of_the_gradient():
    parts = [Tensor(np.zeros((2, n)), requires_grad=True) for n in (1, 2, 3)]
    out = S.concatenate(parts, axis=-1)
    assert out.shape == (2, 6)
    upstream = np.arange(12.0).reshape(2, 6)
    out.backward(upstream)
    np.testing.assert_array_equal(parts[0].grad, upstream[:, :1])
    np.testing.assert_array_equal(parts[1].grad, upstream[:, 1:3])
    np.testing.assert_array_equal(parts[2].grad, upstream[:, 3:])
