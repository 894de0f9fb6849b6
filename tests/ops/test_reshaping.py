"""glassnet.ops.reshaping: reshape, flatten, transpose, slicing, concatenate, stack — gradients and values."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops import reshaping as S
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(8)
A = RNG.normal(size=(2, 3, 4))
B = RNG.normal(size=(2, 3, 4))
C = RNG.normal(size=(2, 1, 4))
INDEX = np.array([0, 2, 2, 1])

CASES = {
    "reshape": (lambda a: S.reshape(a, (6, 4)), lambda a: a.reshape(6, 4), [A]),
    "reshape_infer": (lambda a: S.reshape(a, (2, -1)), lambda a: a.reshape(2, -1), [A]),
    "flatten": (S.flatten, lambda a: a.flatten(1), [A]),
    "transpose_default": (S.transpose, lambda a: a.permute(2, 1, 0), [A]),
    "transpose_axes": (lambda a: S.transpose(a, (1, 2, 0)), lambda a: a.permute(1, 2, 0), [A]),
    "getitem_slice": (lambda a: S.getitem(a, (slice(None), slice(1, 3))), lambda a: a[:, 1:3], [A]),
    "getitem_int": (lambda a: S.getitem(a, 1), lambda a: a[1], [A]),
    "getitem_repeated_index": (lambda a: S.getitem(a, (slice(None), INDEX[:3] % 3)),
                               lambda a: a[:, __import__("torch").tensor(INDEX[:3] % 3)], [A]),
    "getitem_negative_step": (lambda a: S.getitem(a, (Ellipsis, slice(None, None, -2))),
                              lambda a: a.flip(-1)[..., ::2], [A]),
    "concatenate_last": (lambda a, b: S.concatenate([a, b], axis=-1), lambda a, b: __import__("torch").cat([a, b], -1),
                         [A, B]),
    "concatenate_axis1": (lambda a, c: S.concatenate([a, c], axis=1),
                          lambda a, c: __import__("torch").cat([a, c], 1), [A, C]),
    "stack_0": (lambda a, b: S.stack([a, b]), lambda a, b: __import__("torch").stack([a, b]), [A, B]),
    "stack_last": (lambda a, b: S.stack([a, b], axis=-1),
                   lambda a, b: __import__("torch").stack([a, b], -1), [A, B]),
    "stack_middle": (lambda a, b: S.stack([a, b], axis=1),
                     lambda a, b: __import__("torch").stack([a, b], 1), [A, B]),
    "expand_dims": (lambda a: S.expand_dims(a, 1), lambda a: a.unsqueeze(1), [A]),
    "squeeze": (lambda a: S.squeeze(a, 1), lambda a: a.squeeze(1), [A[:, :1]]),
    "swapaxes": (lambda a: S.swapaxes(a, 0, 2), lambda a: a.transpose(0, 2), [A]),
    "moveaxis": (lambda a: S.moveaxis(a, 0, -1), lambda a: a.movedim(0, -1), [A]),
    "broadcast_to": (lambda a: S.broadcast_to(a, (2, 3, 4)), lambda a: a.expand(2, 3, 4), [A[:, :1]]),
    "split_middle": (lambda a: S.split(a, 2, axis=2)[1], lambda a: a.split(2, dim=2)[1], [A]),
    "split_at": (lambda a: S.split(a, [1], axis=0)[1], lambda a: a[1:], [A]),
    "tile": (lambda a: S.tile(a, (2, 3)), lambda a: a.tile((2, 3)), [A]),
    "tile_new_axis": (lambda a: S.tile(a, (2, 1, 1)), lambda a: a.tile((2, 1, 1)), [A]),
    "repeat_axis": (lambda a: S.repeat(a, 2, axis=1), lambda a: a.repeat_interleave(2, dim=1), [A]),
    "repeat_flat": (lambda a: S.repeat(a, 3), lambda a: a.flatten().repeat_interleave(3), [A]),
    "repeat_uneven": (lambda a: S.repeat(a, [1, 0, 2], axis=1),
                      lambda a: a.repeat_interleave(__import__("torch").tensor([1, 0, 2]), dim=1), [A]),
    "flip": (lambda a: S.flip(a, 1), lambda a: a.flip(1), [A]),
    "pad": (lambda a: S.pad(a, ((1, 0), (2, 1), (0, 2))),
            lambda a: __import__("torch").nn.functional.pad(a, (0, 2, 2, 1, 1, 0)), [A]),
    "ravel": (S.ravel, lambda a: a.flatten(), [A]),
    "hstack": (lambda a, b: S.hstack([a, b]), lambda a, b: __import__("torch").hstack([a, b]), [A, B]),
    "vstack_rows": (lambda a, b: S.vstack([a[0, 0], b[0]]), lambda a, b: __import__("torch").vstack([a[0, 0], b[0]]),
                    [A, B]),
    "append_flat": (lambda a, b: S.append(a, b), lambda a, b: __import__("torch").cat([a.flatten(), b.flatten()]),
                    [A, C]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, _, inputs = CASES[name]
    assert check_gradients(fn, inputs) < 1e-6


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_gradient_match_torch(name):
    pytest.importorskip("torch")
    fn, torch_fn, inputs = CASES[name]
    assert check_against_torch(fn, torch_fn, inputs) < 1e-6


def test_tensor_methods_route_to_the_shape_ops():
    t = Tensor(A, requires_grad=True)
    out = t.reshape(6, 4).T[1:3]
    assert out.shape == (2, 6)
    out.sum().backward()
    expected = np.zeros((4, 6))
    expected[1:3] = 1
    np.testing.assert_array_equal(t.grad, expected.T.reshape(A.shape))


def test_shape_ops_keep_float32():
    t = Tensor(A.astype(np.float32), requires_grad=True)
    for out in (S.flatten(t), S.transpose(t), t[0], S.concatenate([t, t]), S.stack([t, t])):
        assert out.dtype == np.float32


def test_pad_refuses_a_mode_it_cannot_differentiate():
    with pytest.raises(ValueError, match="pad: only mode='constant' is differentiable here, got mode='reflect'"):
        S.pad(A, 1, mode="reflect")


def test_tile_takes_its_repeats_as_a_tensor_too():
    from glassnet import ops
    mask = np.tril(np.ones((3, 3), "int32"))[None]
    batch = ops.expand_dims(ops.shape(np.zeros((2, 3)))[0], -1)
    repeats = ops.concatenate([batch, ops.convert_to_tensor([1, 1])], axis=0)
    np.testing.assert_array_equal(np.asarray(ops.tile(mask, repeats)), np.tile(mask, (2, 1, 1)))
