"""Lambda: any function of tensors as a layer, ``layers.Lambda(lambda x: ops.square(x))``.

The function composes ops, so its gradient comes with them. What differs from Keras is
saving: Keras writes the function's Python bytecode into the file, and loading it would run
code chosen by the file. glassnet never does that: the file holds the function's *name* only.
A registered function (``@keras.saving.register_keras_serializable()``) is found again by that
name; any other function is saved with a warning saying so, and ``load_model`` asks for it
(``custom_objects={"name": function}``) with a clear error instead of guessing.
"""
from __future__ import annotations

import inspect

import numpy as np

from glassnet.layers.layer import Layer, register


@register
class Lambda(Layer):
    """``y = function(x, **arguments)``.

    Parameters
    ----------
    function : callable
        Takes the input tensor(s) (and ``mask`` / ``training`` only if it asks for them).
    output_shape : tuple or callable, optional
        The output shape without the batch axis, or a function of the input shape; by
        default found by running the function on zeros.
    mask : callable or array, optional
        The output's mask (Keras's rule): ``mask(inputs, previous_mask)`` when a function, the
        given boolean array otherwise; None (default): the output carries no mask.
    arguments : dict, optional
        Extra keyword arguments for the function.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        function = _registered_function(function)
        if not callable(function):
            raise TypeError(f"Lambda: function must be callable, got {function!r}")
        self.function = function
        self._output_shape = output_shape
        mask = _registered_function(mask)
        self.mask = mask if mask is None or callable(mask) else np.asarray(mask, dtype=bool)
        self.arguments = dict(arguments or {})

    def call(self, inputs, mask=None, training=False):
        extra = dict(self.arguments)
        asked = _keyword_names(self.function)
        if "mask" in asked:
            extra["mask"] = mask
        if "training" in asked:
            extra["training"] = training
        return self.function(inputs, **extra)

    def compute_mask(self, inputs, previous_mask=None):
        """Keras's rule: ``mask(inputs, previous_mask)`` when it is a function, else ``mask`` itself
        (a fixed boolean array, or None: the output carries no mask)."""
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        return (input_shape[0],) + tuple(self._output_shape)

    def get_config(self):
        if callable(self._output_shape):
            raise ValueError(f"layer {self.name!r} (Lambda): an output_shape given as a function cannot be saved; "
                             "give it as a tuple")
        output_shape = None if self._output_shape is None else list(self._output_shape)
        mask = self.mask.tolist() if isinstance(self.mask, np.ndarray) else self.mask
        # the function objects themselves: layers.serialize writes their names (never their code)
        return {**super().get_config(), "function": self.function, "output_shape": output_shape,
                "mask": mask, "arguments": self.arguments}


def _keyword_names(function) -> set:
    """The arguments ``function`` can take by name (none known for a builtin without a signature)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return set()
    return {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def _registered_function(value):
    """A function named in a file (a name, or Keras's {"class_name": "function", ...}), looked up among
    registered objects; anything else as it is."""
    if not isinstance(value, (str, dict)):
        return value
    from glassnet.saving.serialization_lib import deserialize_keras_object
    spec = value if isinstance(value, dict) else {"class_name": "function", "config": value}
    return deserialize_keras_object(spec)


__all__ = ["Lambda"]
