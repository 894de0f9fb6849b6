"""``Sequential``: a plain stack of layers, each feeding the next.

    model = keras.Sequential()
    model.add(layers.Dense(16, input_dim=4, activation='relu'))
    model.add(layers.Dense(1, activation='sigmoid'))

or ``keras.Sequential([keras.Input(shape=(4,)), layers.Dense(16), ...])``.

As soon as the input shape is known (an ``Input`` first, or ``input_shape=``/``input_dim=``
on the first layer) each added layer is called on a symbolic tensor: it is built at
once, its output shape is known (``summary()`` can show it) and a layer that does
not fit the previous one fails at ``add`` with its name in the message. Without an
input shape the model is built on the first batch of data, as in Keras.
"""
from __future__ import annotations

import numpy as np

from glassnet.layers import Input, InputLayer, Layer
from glassnet.layers.call_context import probing_shapes_now
from glassnet.models.functional import Graph, flatten, is_symbolic
from glassnet.models.model import Model


class Sequential(Model):
    """A linear stack of layers (Keras's ``keras.Sequential``).

    Parameters
    ----------
    layers : list, optional
        Layers to add in order; the first may be a ``keras.Input``.
    name : str, optional
    """

    def __init__(self, layers=None, trainable: bool = True, name: str | None = None):
        Model.__init__(self, trainable=trainable, name=name)
        self._sequence: list = []
        self._input_tensor = None
        for layer in layers or []:
            self.add(layer)

    def _explicit_layers(self) -> list:
        return list(self._sequence)

    def add(self, layer) -> None:
        """Append a layer (or, first of all, a ``keras.Input``)."""
        if is_symbolic(layer):
            if self._sequence or self._input_tensor is not None:
                raise ValueError("Sequential.add: a keras.Input can only be the first element of the model")
            self._input_tensor = layer
            self._rebuild()
            return
        if isinstance(layer, InputLayer) and not self._sequence and self._input_tensor is None:
            batch_shape = layer._batch_input_shape
            self.add(Input(shape=tuple(batch_shape[1:]), batch_size=batch_shape[0], name=layer.name))
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add: expected a layer (e.g. layers.Dense(8)), got {type(layer).__name__}")
        if any(existing is layer for existing in self._sequence):
            raise ValueError(f"Sequential.add: layer {layer.name!r} is already in the model")
        if any(existing.name == layer.name for existing in self._sequence):
            raise ValueError("All layers added to a Sequential model should have unique names. Name "
                             f"{layer.name!r} is already the name of a layer in this model; pass another name=")
        self._sequence.append(layer)
        if self._input_tensor is None and len(self._sequence) == 1:
            batch_shape = getattr(layer, "_batch_input_shape", None)
            if batch_shape is not None:
                self._input_tensor = Input(shape=tuple(batch_shape[1:]), batch_size=batch_shape[0])
        if self._input_tensor is not None:
            try:
                self._rebuild()
            except Exception:
                self._sequence.pop()
                if not self._sequence and getattr(layer, "_batch_input_shape", None) is not None:
                    self._input_tensor = None
                raise

    def pop(self):
        """Remove and return the last layer."""
        if not self._sequence:
            raise TypeError("Sequential.pop: there are no layers in the model")
        layer = self._sequence.pop()
        self._rebuild()
        return layer

    def _rebuild(self) -> None:
        """Call every layer on the symbolic input again, so the graph matches the list."""
        if self._input_tensor is None:
            return
        tensor = self._input_tensor
        for layer in self._sequence:
            tensor = layer(tensor)
        self._graph = Graph(self._input_tensor, tensor)
        self.built = True

    def build(self, input_shape=None) -> None:
        """Build every layer for inputs of ``input_shape`` (batch axis first, may be None)."""
        if self._input_tensor is None:
            if input_shape is None:
                raise ValueError(f"Sequential {self.name!r}: build() needs an input_shape, e.g. (None, 4)")
            shape = tuple(input_shape)
            self._input_tensor = Input(shape=shape[1:], batch_size=shape[0])
        self._rebuild()

    def _build_from_data(self, shape: tuple) -> None:
        """Build for the first data seen. Inside a shape probe (an enclosing layer worked out its output
        shape on zeros) the sizes between batch and features are stand-ins: built for any size there,
        when the layers allow it, as Keras builds such a sub-model for (None, None, features)."""
        if probing_shapes_now() and len(shape) > 2:
            try:
                return self.build((None,) * (len(shape) - 1) + shape[-1:])
            except (ValueError, TypeError):   # e.g. Flatten then Dense: the sizes are needed
                self._input_tensor = None
        self.build(shape)

    def call(self, inputs, training=False):
        """x → layer₁ → layer₂ → … → output."""
        x = inputs
        for layer in self._sequence:
            x = layer(x, training=training)
        return x

    def __call__(self, inputs, training=None, **kwargs):
        if self._input_tensor is None and self._sequence and not any(is_symbolic(v) for v in flatten(inputs)):
            self._build_from_data((None,) + tuple(np.shape(inputs)[1:]))
        return Model.__call__(self, inputs, training=training, **kwargs)

    @property
    def input_shape(self):
        if self._input_tensor is None:
            raise AttributeError(f"Sequential {self.name!r} has no input shape yet: add a keras.Input first, "
                                 "give the first layer input_shape=..., or call the model on data")
        return tuple(self._input_tensor.shape)

    def get_config(self) -> dict:
        from glassnet.models.saving import serialize_layer
        shape = None if self._input_tensor is None else list(self._input_tensor.shape)
        return {"name": self.name, "trainable": self.trainable, "build_input_shape": shape,
                "layers": [serialize_layer(layer) for layer in self._sequence]}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> "Sequential":
        from glassnet.models.saving import deserialize_layer
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        shape = config.get("build_input_shape")
        if shape is not None:
            model.add(Input(shape=tuple(shape[1:]), batch_size=shape[0]))
        for spec in config.get("layers", []):
            model.add(deserialize_layer(spec, custom_objects))
        return model
