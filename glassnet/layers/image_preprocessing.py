"""Image preprocessing layers of Keras: Resizing, CenterCrop, RandomCrop, RandomContrast, RandomBrightness.

Images are (batch, height, width, channels) or one (height, width, channels) image.
Resizing samples the source at half-pixel centres, as TensorFlow's and JAX's resize do::

    source coordinate of output row i = (i + ½) · H_in / H_out − ½      (clamped to the image)

'bilinear' mixes the two nearest rows (then columns) linearly; 'nearest' takes
⌊(i + ½) · H_in / H_out⌋. Both are linear maps along each axis, y = A_h · x · A_wᵀ, written as
one einsum, so the gradient flows back through a Resizing layer inside a network.
The random layers change images only while training (``training=True``, as in ``fit``);
evaluate and predict see them unchanged, except RandomCrop, which then takes the centre window.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.layer import Layer, register
from glassnet.layers.regularization import _Random
from glassnet.ops import math as M
from glassnet.ops.einstein import einsum

_INTERPOLATIONS = ("bilinear", "nearest")


def resize_matrix(size_in: int, size_out: int, interpolation: str) -> np.ndarray:
    """A (size_out, size_in) matrix A with out = A · in along one axis (half-pixel centres)."""
    scale = size_in / size_out
    matrix = np.zeros((size_out, size_in))
    rows = np.arange(size_out)
    if interpolation == "nearest":
        matrix[rows, np.minimum(np.floor((rows + 0.5) * scale).astype(int), size_in - 1)] = 1.0
        return matrix
    source = np.clip((rows + 0.5) * scale - 0.5, 0, size_in - 1)
    low = np.floor(source).astype(int)
    high = np.minimum(low + 1, size_in - 1)
    frac = source - low
    np.add.at(matrix, (rows, low), 1 - frac)
    np.add.at(matrix, (rows, high), frac)
    return matrix


def _aspect_window(height: int, width: int, target_h: int, target_w: int) -> tuple[slice, slice]:
    """The largest centred window of the image with the target's aspect ratio."""
    ratio = target_w / target_h
    crop_h, crop_w = min(height, int(round(width / ratio))), min(width, int(round(height * ratio)))
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    return slice(top, top + crop_h), slice(left, left + crop_w)


def _resize(images: Tensor, height: int, width: int, interpolation: str, crop_to_aspect_ratio: bool) -> Tensor:
    if crop_to_aspect_ratio:
        rows, cols = _aspect_window(images.shape[-3], images.shape[-2], height, width)
        images = images[..., rows, cols, :]
    a_h = resize_matrix(images.shape[-3], height, interpolation).astype(images.dtype)
    a_w = resize_matrix(images.shape[-2], width, interpolation).astype(images.dtype)
    subscripts = "ih,jw,...hwc->...ijc"
    return einsum(subscripts, Tensor(a_h), Tensor(a_w), images)


def _check_size(layer: str, height, width) -> tuple[int, int]:
    for name, value in (("height", height), ("width", width)):
        if isinstance(value, bool) or int(value) != value or value <= 0:
            raise ValueError(f"{layer}: {name} must be a positive integer, got {value!r}")
    return int(height), int(width)


class _ImageLayer(Layer):
    def _images(self, inputs) -> Tensor:
        if inputs.ndim not in (3, 4):
            raise ValueError(f"{type(self).__name__} '{self.name}': expected images (batch, height, width, channels) "
                             f"or one (height, width, channels), got shape {tuple(inputs.shape)}")
        return inputs


@register
class Resizing(_ImageLayer):
    """Resize images to (height, width); with ``crop_to_aspect_ratio`` the largest centred window of the
    target's aspect ratio is taken first, so nothing is stretched."""

    def __init__(self, height: int, width: int, interpolation: str = "bilinear", crop_to_aspect_ratio: bool = False,
                 pad_to_aspect_ratio: bool = False, fill_mode: str = "constant", fill_value: float = 0.0,
                 antialias: bool = False, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = _check_size("Resizing", height, width)
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(f"Resizing: interpolation must be one of {_INTERPOLATIONS} in glassnet, got "
                             f"{interpolation!r}")
        if pad_to_aspect_ratio or antialias or data_format not in (None, "channels_last"):
            raise ValueError("Resizing: pad_to_aspect_ratio, antialias and channels_first are not supported")
        self.interpolation, self.crop_to_aspect_ratio = interpolation, bool(crop_to_aspect_ratio)

    def call(self, inputs):
        return _resize(self._images(inputs), self.height, self.width, self.interpolation, self.crop_to_aspect_ratio)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio}


@register
class CenterCrop(_ImageLayer):
    """The centred (height, width) window; an image smaller than that is resized up (its centred
    window of the right aspect ratio), as Keras does."""

    def __init__(self, height: int, width: int, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = _check_size("CenterCrop", height, width)

    def call(self, inputs):
        images = self._images(inputs)
        h, w = images.shape[-3], images.shape[-2]
        if h < self.height or w < self.width:
            return _resize(images, self.height, self.width, "bilinear", True)
        top, left = (h - self.height) // 2, (w - self.width) // 2
        return images[..., top:top + self.height, left:left + self.width, :]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}


class _RandomImageLayer(_Random, _ImageLayer):
    """The seed and generator of the regularisation layers (``_Random``), for images."""


@register
class RandomCrop(_RandomImageLayer):
    """While training, a random (height, width) window of each image; otherwise the centred window of the
    target's aspect ratio, resized to (height, width)."""

    def __init__(self, height: int, width: int, seed: int | None = None, data_format=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.height, self.width = _check_size("RandomCrop", height, width)

    def call(self, inputs, training=False):
        images = self._images(inputs)
        h, w = images.shape[-3], images.shape[-2]
        if not training or h < self.height or w < self.width:
            if (h, w) == (self.height, self.width):
                return images
            return _resize(images, self.height, self.width, "bilinear", True)
        rng = self._generator()
        if images.ndim == 3:
            top, left = rng.integers(0, h - self.height + 1), rng.integers(0, w - self.width + 1)
            return images[top:top + self.height, left:left + self.width, :]
        tops = rng.integers(0, h - self.height + 1, size=images.shape[0])
        lefts = rng.integers(0, w - self.width + 1, size=images.shape[0])
        rows = tops[:, None] + np.arange(self.height)                 # (batch, height)
        cols = lefts[:, None] + np.arange(self.width)
        batch = np.arange(images.shape[0])[:, None, None]
        return images[batch, rows[:, :, None], cols[:, None, :]]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width, "seed": self.seed}


def _factor_range(layer: str, factor) -> tuple[float, float]:
    lower, upper = (factor, factor) if np.isscalar(factor) else tuple(factor)
    return float(lower), float(upper)


@register
class RandomContrast(_RandomImageLayer):
    """While training, each image's contrast scaled by c ~ U[1 − lower, 1 + upper]: per channel,
    x ← (x − mean) · c + mean, then clipped to ``value_range``."""

    def __init__(self, factor, value_range=(0, 255), seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor if np.isscalar(factor) else list(factor)
        self.lower, self.upper = _factor_range("RandomContrast", factor)
        if not (0 <= self.lower <= 1 and self.upper >= 0):
            raise ValueError(f"RandomContrast: factor must be in [0, 1] (lower) and ≥ 0 (upper), got {factor!r}")
        self.value_range = tuple(float(v) for v in value_range)

    def call(self, inputs, training=False):
        images = self._images(inputs)
        if not training:
            return images
        shape = (images.shape[0], 1, 1, 1) if images.ndim == 4 else (1, 1, 1)
        factor = self._generator().uniform(1 - self.lower, 1 + self.upper, size=shape).astype(images.dtype)
        mean = M.mean(images, axis=(-3, -2), keepdims=True)
        return M.clip((images - mean) * Tensor(factor) + mean, *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": list(self.value_range), "seed": self.seed}


@register
class RandomBrightness(_RandomImageLayer):
    """While training, add d · (value_range's width) to each image, d ~ U[lower, upper] (a number f means
    [−f, f]), then clip to ``value_range``."""

    def __init__(self, factor, value_range=(0, 255), seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor if np.isscalar(factor) else list(factor)
        lower, upper = (-float(factor), float(factor)) if np.isscalar(factor) else tuple(float(f) for f in factor)
        if not (-1 <= lower <= upper <= 1):
            raise ValueError(f"RandomBrightness: factor must lie in [-1, 1], got {factor!r}")
        self.lower, self.upper = lower, upper
        self.value_range = tuple(float(v) for v in value_range)

    def call(self, inputs, training=False):
        images = self._images(inputs)
        if not training:
            return images
        shape = (images.shape[0], 1, 1, 1) if images.ndim == 4 else (1, 1, 1)
        span = self.value_range[1] - self.value_range[0]
        delta = (self._generator().uniform(self.lower, self.upper, size=shape) * span).astype(images.dtype)
        return M.clip(images + Tensor(delta), *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": list(self.value_range), "seed": self.seed}
