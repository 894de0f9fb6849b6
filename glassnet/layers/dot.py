"""Dot: the dot product of two inputs, sample by sample (Keras's ``layers.Dot``).

For each sample b, the values of x₁[b] and x₂[b] along the paired axes are multiplied and
summed:  y[b] = Σₖ x₁[b, …, k] · x₂[b, k, …].  Two (batch, d) inputs give (batch, 1): one
similarity score per sample; (batch, m, d) and (batch, n, d) with ``axes=2`` give (batch, m, n),
the score matrix of attention. ``normalize=True`` divides each vector by its L2 norm first,
so the result is the cosine similarity.

It is a batched matrix product, so the gradients are those of ``ops.matmul``:
dL/dx₁ = G·x₂ᵀ and dL/dx₂ = x₁ᵀ·G for every sample.
"""
from __future__ import annotations

import math

from glassnet.ops import math as M
from glassnet.ops import reshaping as R
from glassnet.layers.layer import register
from glassnet.layers.merge import Merge

_EPSILON = 1e-12   # as Keras's l2_normalize: x / √max(Σx², ε)


def _l2_normalize(x, axis):
    return M.divide(x, M.sqrt(M.maximum(M.sum(M.square(x), axis=axis, keepdims=True), _EPSILON)))


@register
class Dot(Merge):
    """y = Σ over ``axes`` of x₁ ⊙ x₂, per sample.

    Parameters
    ----------
    axes : int or (int, int)
        The axis of each input to pair (never 0, the batch axis); one int for both.
    normalize : bool
        L2-normalise along those axes first (cosine similarity).
    """

    def __init__(self, axes, normalize: bool = False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2:
                raise ValueError(f"Dot: axes must be an int or a pair of ints, got {axes!r}")
            axes = (int(axes[0]), int(axes[1]))
        else:
            axes = int(axes)
        self.axes = axes
        self.normalize = bool(normalize)

    def _pair_axes(self, shapes):
        axes = self.axes if isinstance(self.axes, tuple) else (self.axes, self.axes)
        resolved = tuple(a % len(s) for a, s in zip(axes, shapes))
        if 0 in resolved:
            raise ValueError(f"layer {self.name!r} (Dot, axes={self.axes!r}) cannot sum over the batch axis 0")
        return resolved

    def build(self, input_shape):
        self._check_list(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"layer {self.name!r} (Dot) takes exactly 2 inputs, got {len(input_shape)}")
        a, b = (tuple(s) for s in input_shape)
        ax, bx = self._pair_axes((a, b))
        if a[ax] is not None and b[bx] is not None and a[ax] != b[bx]:
            raise ValueError(f"layer {self.name!r} (Dot, axes={self.axes!r}): the paired axes differ in size, "
                             f"{a[ax]} (input 0, shape {a}) and {b[bx]} (input 1, shape {b})")

    def compute_output_shape(self, input_shape):
        a, b = (tuple(s) for s in input_shape)
        ax, bx = self._pair_axes((a, b))
        rest = tuple(d for i, d in enumerate(a) if i not in (0, ax)) + tuple(d for i, d in enumerate(b)
                                                                              if i not in (0, bx))
        return (a[0],) + (rest or (1,))

    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"layer {self.name!r} (Dot) takes exactly 2 inputs, got {len(inputs)}")
        x, y = inputs
        ax, bx = self._pair_axes((x.shape, y.shape))
        if self.normalize:
            x, y = _l2_normalize(x, ax), _l2_normalize(y, bx)
        x = R.moveaxis(x, ax, -1)                       # (batch, rest₁..., k)
        y = R.moveaxis(y, bx, 1)                        # (batch, k, rest₂...)
        rest_x, rest_y = x.shape[1:-1], y.shape[2:]
        batch, k = x.shape[0], x.shape[-1]
        product = M.matmul(R.reshape(x, (batch, math.prod(rest_x), k)),
                           R.reshape(y, (batch, k, math.prod(rest_y))))
        return R.reshape(product, (batch,) + (tuple(rest_x) + tuple(rest_y) or (1,)))

    def get_config(self):
        return {**super().get_config(), "axes": list(self.axes) if isinstance(self.axes, tuple) else self.axes,
                "normalize": self.normalize}


def dot(inputs, axes=-1, normalize: bool = False, **kwargs):
    """Functional form: ``layers.dot([x1, x2], axes=1)`` = ``Dot(axes=1)([x1, x2])``."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)


__all__ = ["Dot", "dot"]
