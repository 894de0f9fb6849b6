"""The forward-only activations that overwrite their input (ops/nn.py), against the Tensor ops."""
import numpy as np
import pytest

from glassnet import activations
from glassnet.autodiff import Tensor
from glassnet.ops import nn


def _awkward(dtype, shape=(37, 23)):
    """Values with the cases that tell implementations apart: ±0, NaN of both signs, ±inf, huge logits."""
    z = np.random.default_rng(0).standard_normal(shape).astype(dtype) * 30
    flat = z.reshape(-1)
    flat[:6] = [-0.0, 0.0, np.nan, -np.nan, np.inf, -np.inf]
    return z


def _same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    assert np.array_equal(np.ascontiguousarray(a).view(np.uint8), np.ascontiguousarray(b).view(np.uint8))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("in_place, plain", [(nn.relu_in_place, nn.relu), (nn.softmax_in_place, nn.softmax),
                                             (nn.tanh_in_place, nn.tanh)])
def test_in_place_form_writes_the_ops_forward_value_over_its_input(in_place, plain, dtype):
    z = _awkward(dtype)
    expected = plain(Tensor(z.copy())).data
    result = in_place(z)
    assert result is z                      # written over its input, nothing new allocated
    _same_bits(z, expected)


@pytest.mark.parametrize("in_place, plain", [(nn.relu_in_place, nn.relu), (nn.softmax_in_place, nn.softmax)])
def test_in_place_form_on_a_strided_view_changes_only_that_view(in_place, plain):
    base = _awkward(np.float32, (20, 30))
    before = base.copy()
    view = base[::2, 1:]                     # not contiguous: relu takes the scalar-zero path
    expected = plain(Tensor(view.copy())).data
    in_place(view)
    _same_bits(np.ascontiguousarray(view), expected)
    np.testing.assert_array_equal(base[1::2], before[1::2])


def test_relu_matches_the_scalar_maximum_for_any_shape_and_layout():
    for shape in [(5,), (3, 4), (2, 3, 5, 7), (1000, 3)]:
        z = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
        _same_bits(nn.relu(Tensor(z)).data, np.maximum(z, 0))
        _same_bits(nn.relu(Tensor(z.T)).data, np.maximum(z.T, 0))     # a transposed (F-ordered) input


def test_relu_zeros_buffer_stays_zero_and_grows():
    small = nn.relu(Tensor(-np.ones((2, 3), np.float32))).data
    big = nn.relu(Tensor(-np.ones((50, 70), np.float32))).data
    assert not small.any() and not big.any()
    zeros = nn._ZEROS[np.dtype(np.float32)]
    assert zeros.size >= 50 * 70 and not zeros.any() and not zeros.flags.writeable


@pytest.mark.parametrize("name", ["relu", "softmax", "tanh", "linear"])
def test_activation_in_place_lookup_matches_the_activation(name):
    fn = activations.get(name)
    z = _awkward(np.float32)
    expected = fn(Tensor(z.copy())).data
    _same_bits(activations.in_place(fn)(z), expected)


def test_activation_without_an_in_place_form_says_none():
    assert activations.in_place(activations.get("sigmoid")) is None
    assert activations.in_place(lambda t: t) is None
