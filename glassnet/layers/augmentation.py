"""Random image augmentation inside the model: RandomFlip and RandomRotation (Keras's layers).

Each image of the batch gets its own random draw, and only in training mode: inside ``fit``, or
when the layer is called directly on data (their ``call`` defaults to ``training=True``, as in
Keras). ``predict`` and ``evaluate`` pass the images through unchanged.

    RandomFlip("horizontal")      y[n, i, j] = x[n, i, W−1−j]  for the images drawn (probability ½)
    RandomRotation(0.1)           y[n] = x[n] rotated by θₙ ~ U[−0.1·2π, 0.1·2π] (counter-clockwise > 0)

A rotation reads, for output pixel p, the input at the point R(−θ)(p − c) + c (c the image's centre)
by bilinear interpolation of its four neighbours (or the nearest one); a neighbour outside the image
is read through ``fill_mode``: 'reflect' (d c b a | a b c d | d c b a), 'wrap', 'nearest' (the edge
pixel) or 'constant' (``fill_value``). Both layers are linear in x, so gradients flow back through
them: a flip flips dL/dy back, a rotation scatters each dL/dy to the four pixels it read, with the
same weights.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.layers.layer import register
from glassnet.layers.regularization import _Random

_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")
_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


class _RandomImageLayer(_Random):
    """The seed and generator of the regularisation layers (``_Random``), for images."""

    def _images(self, inputs) -> tuple[np.ndarray, bool]:
        """The batch as (N, H, W, C), and whether a single image (H, W, C) was given."""
        if inputs.ndim not in (3, 4):
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) expects images of shape "
                             f"(batch, height, width, channels) or (height, width, channels), "
                             f"got shape {tuple(inputs.shape)}")
        return (inputs.data[None], True) if inputs.ndim == 3 else (inputs.data, False)


@register
class RandomFlip(_RandomImageLayer):
    """Flip each image left-right and/or upside down, each with probability ½, while training.

    Parameters
    ----------
    mode : {'horizontal', 'vertical', 'horizontal_and_vertical'}
    seed : int, optional
    """

    def __init__(self, mode: str = "horizontal_and_vertical", seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if mode not in _FLIP_MODES:
            raise ValueError(f"RandomFlip: mode must be one of {_FLIP_MODES}, got {mode!r}")
        self.mode = mode

    def call(self, inputs, training=True):
        if not training:
            return inputs
        images, single = self._images(inputs)
        rng = self._generator()
        n = images.shape[0]
        left_right = rng.random(n) < 0.5 if "horizontal" in self.mode else np.zeros(n, bool)
        upside_down = rng.random(n) < 0.5 if "vertical" in self.mode else np.zeros(n, bool)

        def flip(values):
            values = values.copy()
            values[left_right] = values[left_right, :, ::-1]
            values[upside_down] = values[upside_down, ::-1]
            return values

        out = flip(images)
        return Tensor.from_op(out[0] if single else out, (inputs,),
                              lambda g: (flip(g[None])[0] if single else flip(g),), name="random_flip")

    def get_config(self):
        return {**super().get_config(), "mode": self.mode, "seed": self.seed}


class _WarpLayer(_RandomImageLayer):
    """A random geometric change of each image while training: output pixel (y, x) reads the source
    point the subclass's ``_sources`` gives, bilinearly (or the nearest pixel), and points outside
    the image are brought in by ``fill_mode``. The backward pass sends each output gradient to the
    pixels it read, with the same weights."""

    _kind = "warp"

    def __init__(self, fill_mode: str = "reflect", interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, **kwargs):
        super().__init__(seed=seed, **kwargs)
        name = type(self).__name__
        if fill_mode not in _FILL_MODES:
            raise ValueError(f"{name}: fill_mode must be one of {_FILL_MODES}, got {fill_mode!r}")
        if interpolation not in ("bilinear", "nearest"):
            raise ValueError(f"{name}: interpolation must be 'bilinear' or 'nearest', got {interpolation!r}")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, float(fill_value)

    def _sources(self, count: int, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        """Source rows and columns (count, height, width) read by each output pixel."""
        raise NotImplementedError

    def call(self, inputs, training=True):
        if not training:
            return inputs
        images, single = self._images(inputs)
        reads = self._reads(*self._sources(images.shape[0], images.shape[1], images.shape[2]),
                            images.shape[1], images.shape[2])
        batch = np.arange(len(images))[:, None, None]
        out = np.zeros(images.shape, dtype=np.result_type(images.dtype, np.float32))
        for index_y, index_x, weight, fill_weight in reads:
            out += weight[..., None] * images[batch, index_y, index_x]
            if fill_weight is not None:  # fill_mode='constant': what falls outside reads fill_value
                out += (fill_weight * self.fill_value)[..., None]
        out = out.astype(images.dtype)

        def backward(g):
            g = g[None] if single else g
            grad = np.zeros(images.shape, dtype=g.dtype)
            for index_y, index_x, weight, _ in reads:
                np.add.at(grad, (np.broadcast_to(batch, index_y.shape), index_y, index_x), weight[..., None] * g)
            return (grad[0] if single else grad,)

        return Tensor.from_op(out[0] if single else out, (inputs,), backward, name=self._kind)

    def _reads(self, src_y, src_x, height: int, width: int) -> list:
        """For each output pixel: (row index, column index, weight, fill weight) of each pixel it reads.

        With ``fill_mode='constant'`` a read outside the image has weight 0 and its fill weight goes to
        ``fill_value``; the fill weight is None for the other modes.
        """
        if self.interpolation == "nearest":
            return [self._read(np.round(src_y), np.round(src_x), np.ones_like(src_x), height, width)]
        y0, x0 = np.floor(src_y), np.floor(src_x)
        wy, wx = src_y - y0, src_x - x0
        return [self._read(y0 + oy, x0 + ox, weight, height, width)
                for oy, ox, weight in ((0, 0, (1 - wy) * (1 - wx)), (0, 1, (1 - wy) * wx),
                                       (1, 0, wy * (1 - wx)), (1, 1, wy * wx))]

    def _read(self, rows, cols, weight, height: int, width: int) -> tuple:
        """Integer pixel indices brought into the image by ``fill_mode``."""
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        if self.fill_mode != "constant":
            return _into(rows, height, self.fill_mode), _into(cols, width, self.fill_mode), weight, None
        outside = (rows < 0) | (rows >= height) | (cols < 0) | (cols >= width)
        return (np.clip(rows, 0, height - 1), np.clip(cols, 0, width - 1), np.where(outside, 0.0, weight),
                np.where(outside, weight, 0.0))

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                "seed": self.seed, "fill_value": self.fill_value}


def _bounds(layer: str, name: str, factor, symmetric: bool = True) -> tuple[float, float]:
    """(lower, upper) from a number f ((−f, f)) or a pair."""
    bounds = tuple(factor) if isinstance(factor, (list, tuple)) else ((-factor, factor) if symmetric else factor)
    if len(bounds) != 2 or not all(isinstance(b, (int, float, np.number)) for b in bounds) or bounds[0] > bounds[1]:
        raise ValueError(f"{layer}: {name} must be a number or a pair (lower, upper) with lower <= upper, "
                         f"got {factor!r}")
    return float(bounds[0]), float(bounds[1])


def _centred_grid(height: int, width: int):
    cy, cx = (height - 1) / 2, (width - 1) / 2
    dy, dx = np.meshgrid(np.arange(height) - cy, np.arange(width) - cx, indexing="ij")
    return cy, cx, dy, dx


@register
class RandomRotation(_WarpLayer):
    """Rotate each image by a random angle while training.

    Parameters
    ----------
    factor : float or (float, float)
        Fractions of a full turn 2π: the angle is drawn uniformly in [lower·2π, upper·2π];
        one number f means (−f, f). Positive angles turn counter-clockwise.
    fill_mode : {'reflect', 'wrap', 'constant', 'nearest'}
    interpolation : {'bilinear', 'nearest'}
    seed : int, optional
    fill_value : float
        The value read outside the image when ``fill_mode='constant'``.
    """

    _kind = "random_rotation"

    def __init__(self, factor, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs):
        self.lower, self.upper = _bounds("RandomRotation", "factor", factor)
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value, **kwargs)
        self.factor = factor

    def _sources(self, count, height, width):
        angles = self._generator().uniform(self.lower, self.upper, size=count) * 2 * np.pi
        cy, cx, dy, dx = _centred_grid(height, width)
        cos, sin = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
        return cy + sin * dx + cos * dy, cx + cos * dx - sin * dy

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@register
class RandomZoom(_WarpLayer):
    """Zoom each image in or out by a random factor while training (about its centre).

    ``height_factor`` (and ``width_factor``) give the zoom as fractions: the image is scaled by
    1 / (1 + z) with z ~ U[lower, upper]; a positive z zooms out (the image gets smaller, the edge
    is filled by ``fill_mode``), a negative one zooms in. One number f means (−f, f). Without
    ``width_factor`` both axes take the same z (the aspect ratio is kept)."""

    _kind = "random_zoom"

    def __init__(self, height_factor, width_factor=None, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs):
        self.height_bounds = _bounds("RandomZoom", "height_factor", height_factor)
        self.width_bounds = None if width_factor is None else _bounds("RandomZoom", "width_factor", width_factor)
        if min(self.height_bounds) <= -1 or (self.width_bounds and min(self.width_bounds) <= -1):
            raise ValueError(f"RandomZoom: factors must be > -1, got {height_factor!r}, {width_factor!r}")
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor

    def _sources(self, count, height, width):
        rng = self._generator()
        zoom_y = 1 + rng.uniform(*self.height_bounds, size=count)[:, None, None]
        zoom_x = zoom_y if self.width_bounds is None else 1 + rng.uniform(*self.width_bounds, size=count)[:, None, None]
        cy, cx, dy, dx = _centred_grid(height, width)
        return cy + zoom_y * dy, cx + zoom_x * dx

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor, "width_factor": self.width_factor}


@register
class RandomTranslation(_WarpLayer):
    """Shift each image by a random fraction of its height and width while training.

    The shift down is t·height with t ~ U[lower, upper] (one number f means (−f, f); a positive
    value moves the image down), and the same for ``width_factor`` (positive: to the right)."""

    _kind = "random_translation"

    def __init__(self, height_factor, width_factor, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs):
        self.height_bounds = _bounds("RandomTranslation", "height_factor", height_factor)
        self.width_bounds = _bounds("RandomTranslation", "width_factor", width_factor)
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor

    def _sources(self, count, height, width):
        rng = self._generator()
        shift_y = rng.uniform(*self.height_bounds, size=count)[:, None, None] * height
        shift_x = rng.uniform(*self.width_bounds, size=count)[:, None, None] * width
        rows, cols = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
        return rows - shift_y, cols - shift_x

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor, "width_factor": self.width_factor}


def _into(index: np.ndarray, size: int, mode: str) -> np.ndarray:
    if mode == "nearest":
        return np.clip(index, 0, size - 1)
    if mode == "wrap":
        return np.mod(index, size)
    index = np.mod(index, 2 * size)  # reflect: the image, then its mirror, repeated
    return np.where(index >= size, 2 * size - 1 - index, index)


__all__ = ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation"]
