"""Pooling ops: the classroom 4×4 example, gradients vs finite differences and PyTorch, errors."""
import numpy as np
import pytest

from glassnet.ops.pooling import (avg_pool1d, avg_pool2d, global_avg_pool, global_max_pool, max_pool1d,
                                  max_pool2d)

from .gradcheck_helpers import check_gradients, rel_err


def test_max_pooling_classroom_example():
    x = np.array([[1, 3, 2, 1],
                  [4, 6, 5, 0],
                  [3, 1, 1, 0],
                  [1, 2, 3, 4]], dtype=np.float64)
    out = max_pool2d(x[None, :, :, None], pool_size=2).data[0, :, :, 0]
    np.testing.assert_array_equal(out, [[6, 5], [3, 4]])
    avg = avg_pool2d(x[None, :, :, None], pool_size=2).data[0, :, :, 0]
    np.testing.assert_array_equal(avg, [[3.5, 2.0], [1.75, 2.0]])


def test_max_pool_gradient_goes_to_first_maximum_on_ties():
    from glassnet.autodiff import Tensor
    x = Tensor(np.zeros((1, 2, 2, 1)), requires_grad=True)
    max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad[0, :, :, 0], [[1, 0], [0, 0]])


def _torch_same_pads(size, k, s):
    out = int(np.ceil(size / s))
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


POOL_CASES = [
    # (N, H, W, C, pool, stride, padding)
    (1, 4, 4, 1, 2, None, "valid"),
    (2, 5, 5, 2, 2, None, "valid"),
    (2, 6, 5, 3, 3, 2, "valid"),
    (1, 5, 6, 2, 2, 1, "valid"),
    (2, 5, 5, 2, 2, None, "same"),
    (1, 7, 6, 1, 3, 2, "same"),
]


@pytest.mark.parametrize("n,h,w,c,pool,stride,padding", POOL_CASES)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool2d_gradients_match_finite_differences_and_torch(kind, n, h, w, c, pool, stride, padding):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((n, h, w, c))
    op = max_pool2d if kind == "max" else avg_pool2d
    (gx,), weights, out = check_gradients(lambda t: op(t, pool, stride, padding), [x])

    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    s = pool if stride is None else stride
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    if padding == "same":
        ph, pw = _torch_same_pads(h, pool, s), _torch_same_pads(w, pool, s)
        fill = -np.inf if kind == "max" else 0.0
        xin = F.pad(xt, (pw[0], pw[1], ph[0], ph[1]), value=fill)
    else:
        xin = xt
    if kind == "max":
        tout = F.max_pool2d(xin, pool, s)
    else:
        tout = F.avg_pool2d(xin, pool, s)
        if padding == "same":  # Keras divides by the count of real values
            ones = F.pad(torch.ones_like(xt[:1, :1]), (pw[0], pw[1], ph[0], ph[1]))
            tout = tout / F.avg_pool2d(ones, pool, s)
    tout = tout.permute(0, 2, 3, 1)
    assert rel_err(tout.detach().numpy(), out) < 1e-10
    (tout * torch.tensor(weights)).sum().backward()
    assert rel_err(xt.grad.numpy().transpose(0, 2, 3, 1), gx) < 1e-6


@pytest.mark.parametrize("n,l,c,pool,stride,padding", [(1, 6, 1, 2, None, "valid"), (2, 7, 2, 3, 2, "same"),
                                                       (2, 5, 3, 2, 1, "valid")])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool1d_gradients(kind, n, l, c, pool, stride, padding):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((n, l, c))
    op = max_pool1d if kind == "max" else avg_pool1d
    (gx,), weights, out = check_gradients(lambda t: op(t, pool, stride, padding), [x])
    torch = pytest.importorskip("torch")
    if padding == "valid":
        F = torch.nn.functional
        xt = torch.tensor(x.transpose(0, 2, 1), requires_grad=True)
        s = pool if stride is None else stride
        tout = (F.max_pool1d if kind == "max" else F.avg_pool1d)(xt, pool, s).permute(0, 2, 1)
        assert rel_err(tout.detach().numpy(), out) < 1e-10
        (tout * torch.tensor(weights)).sum().backward()
        assert rel_err(xt.grad.numpy().transpose(0, 2, 1), gx) < 1e-6


@pytest.mark.parametrize("op", [global_avg_pool, global_max_pool])
@pytest.mark.parametrize("shape", [(1, 3, 3, 1), (2, 4, 3, 2), (2, 5, 3)])
def test_global_pooling_gradients(op, shape):
    rng = np.random.default_rng(6)
    x = rng.standard_normal(shape)
    (gx,), weights, out = check_gradients(lambda t: op(t), [x])
    assert out.shape == (shape[0], shape[-1])
    torch = pytest.importorskip("torch")
    xt = torch.tensor(x, requires_grad=True)
    dims = tuple(range(1, x.ndim - 1))
    tout = xt.mean(dim=dims) if op is global_avg_pool else xt.amax(dim=dims)
    (tout * torch.tensor(weights)).sum().backward()
    assert rel_err(xt.grad.numpy(), gx) < 1e-6


@pytest.mark.parametrize("shape,kwargs,match", [
    ((4, 4, 1), {}, "expected input \\(N, H, W, C\\)"),
    ((1, 1, 4, 1), {"pool_size": 2}, "larger than the padded input"),
    ((1, 4, 4, 1), {"strides": 0}, "strides must be positive"),
    ((1, 4, 4, 1), {"padding": "full"}, "padding must be"),
])
def test_pool2d_bad_input(shape, kwargs, match):
    with pytest.raises(ValueError, match=match):
        max_pool2d(np.zeros(shape), **kwargs)


def test_pool1d_bad_input_names_the_op():
    with pytest.raises(ValueError, match="avg_pool1d.*larger than"):
        avg_pool1d(np.zeros((1, 1, 2)), 2)


def test_max_pool2d_pools_two_by_two_by_default():
    x = np.arange(36, dtype=np.float64).reshape(1, 6, 6, 1)
    out = max_pool2d(x).data
    assert out.shape == (1, 3, 3, 1)
    np.testing.assert_array_equal(out[0, :, :, 0], x[0, 1::2, 1::2, 0])


@pytest.mark.parametrize("window", [np.ones((3, 2)), np.array([[0, 0], [0, 1], [1, 1]]),
                                    np.ones((2, 3)), np.array([[0, 0, 1], [0, 1, 1]])])
def test_max_pool2d_sends_each_windows_gradient_to_one_of_its_maxima(window):
    # Ties in every window, the first maximum anywhere from the first to the last offset:
    # each window's gradient must go to one place, never to every maximum.
    from glassnet.autodiff import Tensor
    x = Tensor(np.tile(window.astype(float), (2, 3))[None, :, :, None], requires_grad=True)
    out = max_pool2d(x, pool_size=window.shape)
    out.sum().backward()
    assert x.grad.sum() == out.data.size and set(np.unique(x.grad)) == {0.0, 1.0}


def _first_maximum_gradient_by_loops(x, g, pool, strides):
    """dL/dx of max pooling ('valid'), window by window: δ to the first maximum in row-major order."""
    grad = np.zeros_like(x)
    for n, i, j, c in np.ndindex(g.shape):
        window = x[n, i * strides[0]: i * strides[0] + pool[0], j * strides[1]: j * strides[1] + pool[1], c]
        u, v = np.unravel_index(np.argmax(window), window.shape)     # argmax: the first maximum
        grad[n, i * strides[0] + u, j * strides[1] + v, c] += g[n, i, j, c]
    return grad


@pytest.mark.parametrize("pool,strides", [((2, 2), (2, 2)), ((3, 3), (2, 2)), ((2, 2), (1, 1)), ((2, 3), (2, 3))])
@pytest.mark.parametrize("channel_first", [False, True])
def test_max_pool2d_gradient_with_many_ties_matches_a_loop_over_windows(pool, strides, channel_first):
    # Small integers after a ReLU: most windows hold several equal maxima (all zeros, often).
    from glassnet.autodiff import Tensor
    rng = np.random.default_rng(3)
    x = np.maximum(rng.integers(-2, 3, size=(3, 7, 8, 4)), 0).astype(np.float32)
    if channel_first:   # a convolution's channel-first output, as conv_channels_first.py hands it on
        x = np.ascontiguousarray(x.transpose(3, 0, 1, 2)).transpose(1, 2, 3, 0)
    xt = Tensor(x, requires_grad=True)
    out = max_pool2d(xt, pool_size=pool, strides=strides)
    g = rng.standard_normal(out.shape).astype(np.float32)
    (grad,) = out.backward_fn(g)
    np.testing.assert_allclose(grad, _first_maximum_gradient_by_loops(x, g, pool, strides), rtol=1e-6, atol=1e-6)


def test_one_dimensional_pools_default_to_windows_of_two_steps_as_in_keras():
    """Keras MaxPooling1D / AveragePooling1D: pool_size=2, strides=pool_size, 'valid'."""
    x = np.array([1.0, 5.0, 2.0, 4.0, 9.0, 3.0, 7.0]).reshape(1, 7, 1)
    np.testing.assert_array_equal(max_pool1d(x).data.ravel(), [5.0, 4.0, 9.0])
    np.testing.assert_array_equal(avg_pool1d(x).data.ravel(), [3.0, 3.0, 6.0])
