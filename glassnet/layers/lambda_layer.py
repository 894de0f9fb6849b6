"""Lambda: any function of tensors as a layer, ``layers.Lambda(lambda x: ops.square(x))``.

The function composes ops, so its gradient comes with them. What differs from Keras is
saving: Keras writes the function's Python bytecode into the file, and loading it would run
code chosen by the file. glassnet never does that. A model holding a Lambda saves only if the
function was registered (``@keras.saving.register_keras_serializable()``): the file then holds
its registered *name*, and loading looks the name up. Otherwise saving stops with a message
that says what to do instead.
"""
from __future__ import annotations

from glassnet.layers.layer import Layer, register
from glassnet.utils.registration import get_registered_name, get_registered_object, is_registered


@register
class Lambda(Layer):
    """y = function(x, **arguments).

    Parameters
    ----------
    function : callable
        Takes the input tensor(s) (and ``mask`` / ``training`` only if it asks for them).
    output_shape : tuple or callable, optional
        The output shape without the batch axis, or a function of the input shape; by
        default found by running the function on zeros.
    arguments : dict, optional
        Extra keyword arguments for the function.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(function, str):   # from a file: only a registered name can come back
            found = get_registered_object(function)
            if found is None:
                raise ValueError(f"Lambda {self.name!r}: the function {function!r} is not registered; register it "
                                 "with @keras.saving.register_keras_serializable() before loading")
            function = found
        if not callable(function):
            raise TypeError(f"Lambda: function must be callable, got {function!r}")
        self.function = function
        self._output_shape = output_shape
        self.mask = mask
        self.arguments = dict(arguments or {})

    def call(self, inputs, training=False):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        return (input_shape[0],) + tuple(self._output_shape)

    def get_config(self):
        if not is_registered(self.function):
            name = getattr(self.function, "__name__", repr(self.function))
            raise ValueError(
                f"layer {self.name!r} (Lambda) holds Python code (function {name}), which glassnet never writes "
                "into a file (loading it would run code chosen by the file). Either register the function with "
                "@keras.saving.register_keras_serializable() so that the file stores its name, or write the "
                "computation as a Layer subclass, or save only the weights (model.save_weights) and rebuild "
                "the model in code.")
        if callable(self._output_shape):
            raise ValueError(f"layer {self.name!r} (Lambda): an output_shape given as a function cannot be saved; "
                             "give it as a tuple")
        output_shape = None if self._output_shape is None else list(self._output_shape)
        return {**super().get_config(), "function": get_registered_name(self.function),
                "output_shape": output_shape, "arguments": self.arguments}


__all__ = ["Lambda"]
