"""ZeroPadding2D: a border of zeros around every feature map, so the edges are seen too.

Without padding a 3×3 kernel visits a corner pixel once and a centre pixel nine times;
P rows and columns of zeros give the border as many looks. The output size then follows
the classroom formula (W − F + 2P)/S + 1 with the padding done beforehand.

    padding=1              → 1 on every side
    padding=(1, 2)         → 1 above and below, 2 left and right
    padding=((1, 0), (2, 3)) → top, bottom, left, right given one by one
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.conv import _check_channels_last, check_spatial_input
from glassnet.layers.layer import Layer, register


def _normalize_padding(padding) -> tuple[tuple[int, int], tuple[int, int]]:
    if isinstance(padding, (int, np.integer)):
        pairs = ((int(padding),) * 2,) * 2
    elif len(padding) == 2 and all(isinstance(p, (int, np.integer)) for p in padding):
        pairs = ((int(padding[0]),) * 2, (int(padding[1]),) * 2)
    elif len(padding) == 2 and all(len(p) == 2 for p in padding):
        pairs = tuple(tuple(int(v) for v in p) for p in padding)
    else:
        raise ValueError(f"ZeroPadding2D: padding must be an int, (pad_h, pad_w) or "
                         f"((top, bottom), (left, right)), got {padding!r}")
    if any(v < 0 for p in pairs for v in p):
        raise ValueError(f"ZeroPadding2D: padding must be >= 0, got {padding!r}")
    return pairs


def zero_pad2d(x: Tensor, pads) -> Tensor:
    """y = x with zeros around it;  dL/dx = dL/dy with the border cut off."""
    (top, bottom), (left, right) = pads
    out = np.pad(x.data, ((0, 0), (top, bottom), (left, right), (0, 0)))
    h, w = x.shape[1:3]
    return Tensor.from_op(out, (x,), lambda g: (g[:, top:top + h, left:left + w, :],), name="zero_pad2d")


@register
class ZeroPadding2D(Layer):
    """Add rows and columns of zeros around a (batch, height, width, channels) input."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _normalize_padding(padding)
        _check_channels_last(data_format, f"ZeroPadding2D '{self.name}'")

    def compute_output_shape(self, input_shape) -> tuple:
        check_spatial_input(self, input_shape, 2)
        (top, bottom), (left, right) = self.padding
        h, w = input_shape[1:3]
        return (input_shape[0], None if h is None else h + top + bottom,
                None if w is None else w + left + right, input_shape[3])

    def call(self, inputs, training=False):
        check_spatial_input(self, inputs.shape, 2)
        return zero_pad2d(inputs, self.padding)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": "channels_last"})
        return config


__all__ = ["ZeroPadding2D", "zero_pad2d"]
