"""im2col.py's col2im: the banded product for stride 1 against the per-offset reference."""
import numpy as np
import pytest

from glassnet.ops.im2col import col2im, col2im_banded, col2im_per_offset, takes_banded_path


def _reference_by_loops(delta, kernel, padded_shape, out_hw):
    """dL/dx_pad[n, i+u, j+v, c] += Σ_f δ[n, i, j, f] · W[u, v, c, f], pixel by pixel (stride 1)."""
    kh, kw, _, n_filters = kernel.shape
    ho, wo = out_hw
    d = delta.reshape(padded_shape[0], ho, wo, n_filters)
    out = np.zeros(padded_shape)
    for i in range(ho):
        for j in range(wo):
            out[:, i:i + kh, j:j + kw] += np.einsum("nf,uvcf->nuvc", d[:, i, j], kernel)
    return out


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-10), (np.float32, 1e-5)])
@pytest.mark.parametrize("shape", [
    # (N, Hp, Wp, C, kh, kw, F): LeNet-5's conv2 (two blocks of kw output columns), a non-square kernel,
    # a last block of one column, one channel, a kernel as wide as the input (one partial block)
    (3, 14, 14, 6, 5, 5, 16), (2, 7, 8, 3, 2, 3, 4), (2, 5, 9, 2, 2, 3, 3), (2, 6, 5, 1, 3, 2, 2),
    (1, 4, 5, 2, 4, 5, 3)])
def test_the_banded_col2im_equals_the_per_offset_products(dtype, rtol, shape):
    n, hp, wp, c, kh, kw, f = shape
    ho, wo = hp - kh + 1, wp - kw + 1
    rng = np.random.default_rng(0)
    delta = rng.standard_normal((n * ho * wo, f)).astype(dtype)
    kernel = rng.standard_normal((kh, kw, c, f)).astype(dtype)
    banded = col2im_banded(delta, kernel, (ho, wo), np.zeros((n, hp, wp, c), dtype))
    per_offset = col2im_per_offset(delta, kernel, (ho, wo), (1, 1), (1, 1), np.zeros((n, hp, wp, c), dtype))
    assert banded.dtype == dtype
    assert np.abs(banded).max() > 0.1
    np.testing.assert_allclose(banded, per_offset, rtol=rtol, atol=rtol * np.abs(per_offset).max())
    np.testing.assert_allclose(per_offset, _reference_by_loops(delta, kernel, (n, hp, wp, c), (ho, wo)),
                               rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-4)


def test_col2im_takes_the_banded_path_only_for_stride_1_on_narrow_inputs():
    lenet_conv2 = (5, 5, 6, 16)
    assert takes_banded_path(lenet_conv2, (64, 14, 14, 6), (1, 1), (1, 1))
    assert not takes_banded_path(lenet_conv2, (64, 14, 14, 6), (2, 2), (1, 1))
    assert not takes_banded_path(lenet_conv2, (64, 14, 14, 6), (1, 1), (2, 2))
    assert not takes_banded_path((3, 3, 6, 16), (64, 32, 32, 6), (1, 1), (1, 1))   # 32 > 3 · 3: too many zeros


def test_col2im_adds_into_the_given_array_on_both_paths():
    rng = np.random.default_rng(1)
    kernel = rng.standard_normal((3, 3, 2, 4))
    for padded, strides in (((2, 6, 6, 2), (1, 1)), ((2, 7, 7, 2), (2, 2))):
        ho, wo = (padded[1] - 3) // strides[0] + 1, (padded[2] - 3) // strides[1] + 1
        delta = rng.standard_normal((2 * ho * wo, 4))
        whole = np.zeros((3,) + padded[1:])
        returned = col2im(delta, kernel, padded, (ho, wo), strides, (1, 1), out=whole[1:])
        assert returned.base is whole or returned is whole[1:] or np.shares_memory(returned, whole)
        np.testing.assert_allclose(whole[1:], col2im(delta, kernel, padded, (ho, wo), strides, (1, 1)))
        assert not whole[0].any() and np.abs(whole[1:]).max() > 0.1
