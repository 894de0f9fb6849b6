"""Merge layers: join several paths of a functional graph into one.

    x1 = Dense(8)(inputs); x2 = Dense(8)(inputs)
    y = layers.Add()([x1, x2])            # y = x1 + x2;  dL/dx1 = dL/dx2 = dL/dy
    y = layers.Concatenate()([x1, x2])    # shape (None, 16); each input gets its slice of dL/dy
"""
from __future__ import annotations

from functools import reduce

from glassnet.ops import elementwise as E
from glassnet.ops import math as M
from glassnet.ops import reshaping as shape_ops
from glassnet.layers.layer import Layer, register


class Merge(Layer):
    """Base of the merge layers: called on a list of at least two inputs."""

    def _check_list(self, shapes):
        if not isinstance(shapes, (list, tuple)) or len(shapes) < 2 or not all(
                isinstance(s, (list, tuple)) for s in shapes):
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) must be called on a list of at "
                             f"least 2 inputs, got {shapes!r}")

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"layer {self.name!r} ({type(self).__name__}) must be called on a list of at "
                             "least 2 inputs")
        return self._merge(list(inputs))


class _Elementwise(Merge):
    def build(self, input_shape):
        self._check_list(input_shape)
        first = tuple(input_shape[0])
        for shape in input_shape[1:]:
            if len(shape) != len(first) or any(a is not None and b is not None and a != b
                                              for a, b in zip(first[1:], tuple(shape)[1:])):
                raise ValueError(f"layer {self.name!r} ({type(self).__name__}) needs inputs of the same shape, "
                                 f"got shapes {[tuple(s) for s in input_shape]}")

    def compute_output_shape(self, input_shape):
        """Each size that every input knows; None where one does not (Keras's rule). The batch
        size is the one known, if the inputs that know one agree."""
        shapes = [tuple(s) for s in input_shape]
        batches = {s[0] for s in shapes} - {None}
        batch = batches.pop() if len(batches) == 1 else None
        return (batch,) + tuple(None if any(s[i] is None for s in shapes) else shapes[0][i]
                                for i in range(1, len(shapes[0])))


@register
class Add(_Elementwise):
    """y = x₁ + x₂ + ...;  every input receives dL/dy unchanged."""

    def _merge(self, inputs):
        return reduce(M.add, inputs)


@register
class Subtract(_Elementwise):
    """y = x₁ − x₂;  dL/dx₁ = dL/dy, dL/dx₂ = −dL/dy."""

    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"layer {self.name!r} (Subtract) takes exactly 2 inputs, got {len(inputs)}")
        return M.subtract(inputs[0], inputs[1])


@register
class Multiply(_Elementwise):
    """y = x₁ ⊙ x₂ ⊙ ...;  dL/dxᵢ = dL/dy ⊙ Πⱼ≠ᵢ xⱼ."""

    def _merge(self, inputs):
        return reduce(M.multiply, inputs)


@register
class Average(_Elementwise):
    """y = (x₁ + ... + xₖ)/k;  every input receives dL/dy / k."""

    def _merge(self, inputs):
        return reduce(M.add, inputs) * (1.0 / len(inputs))


@register
class Maximum(_Elementwise):
    """y = max(x₁, x₂, ...) elementwise;  dL/dy goes to the input that was largest."""

    def _merge(self, inputs):
        return reduce(M.maximum, inputs)


@register
class Minimum(_Elementwise):
    """y = min(x₁, x₂, ...) elementwise;  dL/dy goes to the input that was smallest."""

    def _merge(self, inputs):
        return reduce(E.minimum, inputs)


@register
class Concatenate(Merge):
    """Join along ``axis`` (default the last: features side by side); all other sizes must match."""

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def build(self, input_shape):
        self._check_list(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        axis = self.axis % rank if -rank <= self.axis < rank else None
        if axis is None or axis == 0 or any(len(s) != rank for s in shapes):
            raise ValueError(f"layer {self.name!r} (Concatenate, axis={self.axis}) needs inputs of equal rank "
                             f"joined along a non-batch axis, got shapes {shapes}")
        for s in shapes[1:]:
            if any(i != axis and a is not None and b is not None and a != b for i, (a, b) in enumerate(zip(shapes[0], s))):
                raise ValueError(f"layer {self.name!r} (Concatenate, axis={self.axis}): all sizes except along "
                                 f"the axis must match, got shapes {shapes}")

    def _merge(self, inputs):
        return shape_ops.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        axis = self.axis % len(shapes[0])
        sizes = [s[axis] for s in shapes]
        out = list(shapes[0])
        out[axis] = None if any(d is None for d in sizes) else sum(sizes)
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def add(inputs, **kwargs):
    """Functional form: ``layers.add([x1, x2])`` = ``Add()([x1, x2])``."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Functional form of :class:`Subtract`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Functional form of :class:`Multiply`."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Functional form of :class:`Average`."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Functional form of :class:`Maximum`."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Functional form of :class:`Minimum`."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    """Functional form: ``layers.concatenate([x1, x2])`` = ``Concatenate(axis)([x1, x2])``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


__all__ = ["Merge", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "add",
           "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]
