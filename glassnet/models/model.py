"""``Model``: layers that train together.

Two ways to make one, as in Keras:

* **functional** — ``keras.Model(inputs, outputs)`` with symbolic tensors: the graph of
  layer calls between them is recorded and replayed on data (see ``functional.py``);
* **subclassing** — a class that assigns layers in ``__init__`` and composes them in
  ``call(self, inputs)``; the layers (also in lists) are found through attribute
  tracking, so ``model.weights`` lists theirs.

A model is itself a layer: it can be called on data (``model(x, training=True)``
returns a Tensor whose graph ``backward()`` walks) or used inside a bigger model.
The training loop (``compile``/``fit``/``evaluate``/``predict``) lives in ``training.py``.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, no_grad
from glassnet.layers import Layer
from glassnet.layers.naming import unique_name
from glassnet.models.functional import Graph, flatten, is_symbolic
from glassnet.models.training import Trainer


def _unique(weights) -> list:
    seen, out = set(), []
    for w in weights:
        if id(w) not in seen:
            seen.add(id(w))
            out.append(w)
    return out


class Model(Trainer, Layer):
    """A trainable stack or graph of layers (Keras's ``keras.Model``).

    Parameters
    ----------
    inputs, outputs : KerasTensor or list of KerasTensor, optional
        For a functional model: the ``keras.Input`` tensors and the tensors computed
        from them. Leave both out when subclassing.
    name : str, optional
    """

    _accepts_strings = True    # text goes on to the model's layers, which say whether they take it

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        if (inputs is None) != (outputs is None):
            raise TypeError("Model(inputs, outputs): give both (functional model) or neither (subclassing)")
        if inputs is not None and type(self) is Model and kwargs.get("name") is None:
            kwargs["name"] = unique_name("functional")  # Keras 3's default name for a graph model
        Layer.__init__(self, **kwargs)
        Trainer.__init__(self)
        self._graph = None
        self._build_input_shape = None  # what a model without a graph was built for (a graph reads its Inputs)
        if inputs is not None:
            self._set_graph(inputs, outputs)

    # ------------------------------------------------------------------ the functional graph
    def _set_graph(self, inputs, outputs) -> None:
        self._graph = Graph(inputs, outputs)
        self.built = True

    @property
    def inputs(self) -> list | None:
        return list(self._graph.inputs) if self._graph else None

    @property
    def outputs(self) -> list | None:
        return list(self._graph.outputs) if self._graph else None

    @property
    def input_names(self) -> list[str]:
        """The names by which a dict of input arrays is matched to the inputs."""
        if self._graph is None:
            return []
        if isinstance(self._graph.input_structure, dict):
            return list(self._graph.input_structure)
        return [getattr(t, "name", None) or f"input_{i}" for i, t in enumerate(self._graph.inputs)]

    @property
    def output_names(self) -> list[str]:
        """The outputs' names (Keras 3): the keys of a dict of outputs, else the names of the
        layers that compute them; the keys of dicts given to ``loss=``, ``y``, ``metrics=``."""
        if self._graph is None:
            return []
        if isinstance(self._graph.output_structure, dict):
            return list(self._graph.output_structure)
        names = [t.history[0].name if t.history else (getattr(t, "name", None) or f"output_{i}")
                 for i, t in enumerate(self._graph.outputs)]
        return names

    def _inputs_by_name(self, inputs: dict) -> list:
        """A dict of input arrays as the list the graph replays, matched by input name."""
        names = self.input_names
        missing = [name for name in names if name not in inputs]
        if missing:
            raise ValueError(f"model {self.name!r}: no array given for input(s) {missing}; the inputs are "
                             f"{names}, the dict has {sorted(inputs)}")
        return [inputs[name] for name in names]

    @property
    def input(self):
        """The model's keras.Input (a list when there are several), e.g. for a feature extractor:
        ``keras.Model(model.input, model.get_layer('hidden').output)``."""
        if self._graph:  # as given to Model(inputs, ...), like Keras 3
            return self._graph.input_structure
        return Layer.input.fget(self)

    @property
    def output(self):
        if self._graph:
            return self._graph.output_structure
        return Layer.output.fget(self)

    @property
    def input_shape(self):
        if self._graph:
            shapes = [tuple(t.shape) for t in self._graph.inputs]
            return shapes[0] if len(shapes) == 1 else shapes
        if self._build_input_shape:
            return self._build_input_shape[0] if len(self._build_input_shape) == 1 else self._build_input_shape
        raise AttributeError(f"Model {self.name!r} has no input shape yet: call it on data or build it first")

    @property
    def output_shape(self):
        if self._graph:
            shapes = [tuple(t.shape) for t in self._graph.outputs]
            return shapes[0] if len(shapes) == 1 else shapes
        raise AttributeError(f"Model {self.name!r}: the output shape is known only for functional and "
                             "Sequential models with an input shape")

    def build(self, input_shape) -> None:
        """Create the weights of a subclassed model by running it once on a batch of zeros
        (``model.build((None, 4))`` before ``summary()``, as in Keras)."""
        if self._graph is not None:
            return
        self.built = True  # before the call: Layer.__call__ must not come back here
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        zeros = [Tensor(np.zeros((1,) + tuple(1 if d is None else d for d in tuple(s)[1:]), dtype=self._dtype))
                 for s in shapes]
        with no_grad():
            self._call(zeros[0] if len(zeros) == 1 else zeros, training=False)
        self._build_input_shape = [(None,) + tuple(s)[1:] for s in shapes]

    def call(self, inputs, training=False):
        """Replay the functional graph (subclasses override this with their own forward pass)."""
        if self._graph is None:
            raise TypeError(f"{type(self).__name__} has no graph: a subclass of keras.Model must define "
                            "call(self, inputs) (or pass inputs and outputs to Model)")
        if isinstance(inputs, dict):
            inputs = self._inputs_by_name(inputs)
        values = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        if len(values) != len(self._graph.inputs):
            raise ValueError(f"Model {self.name!r} expects {len(self._graph.inputs)} inputs, got {len(values)}")
        def run(layer, args, positional=False, **kwargs):
            kwargs = {"training": training, **kwargs}  # a training= given when the graph was built wins
            return layer(*args, **kwargs) if positional else layer(args, **kwargs)
        outputs = self._graph.run(list(values), run)
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1:
            return outputs[0]  # Model(inputs=[x], outputs=[y]) gives one output, as in Keras 3
        return outputs

    def __call__(self, inputs, *args, training=None, **kwargs):
        if isinstance(inputs, dict) and self._graph is not None:
            inputs = self._inputs_by_name(inputs)
        if not any(is_symbolic(v) for v in flatten(inputs)):
            self._check_input_shapes(inputs)
            if self._build_input_shape is None:
                self._build_input_shape = [(None,) + tuple(np.shape(v)[1:]) for v in flatten(inputs)]
        return Layer.__call__(self, inputs, *args, training=training, **kwargs)

    def _check_input_shapes(self, inputs) -> None:
        """A clear error for data of the wrong shape, before any layer sees it.

        Checked against the Inputs of a graph, or against the shape a subclassed model
        was first called with (its weights were made for that many features).
        """
        if self._graph is not None:
            expected_shapes = [tuple(t.shape) for t in self._graph.inputs]
        elif self._build_input_shape is not None:
            expected_shapes = self._build_input_shape
        else:
            return
        values = flatten(inputs)
        if len(values) != len(expected_shapes):
            raise ValueError(f"Model {self.name!r} expects {len(expected_shapes)} input array(s), "
                             f"got {len(values)}")
        for i, (value, expected) in enumerate(zip(values, expected_shapes)):
            shape = tuple(np.shape(value))
            if len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected[1:], shape[1:])):
                which = f"input {i} of " if len(values) > 1 else ""
                hint = ""
                if shape == tuple(expected[1:]):
                    hint = f"; for one sample add the batch axis: x[None] (shape {_fmt((1,) + shape)})"
                raise ValueError(f"{which}model {self.name!r}: expected input shape {_fmt(expected)}, "
                                 f"got {shape}{hint}")

    # ------------------------------------------------------------------ layers and weights
    def _explicit_layers(self) -> list | None:
        """The layers when the model knows them itself (graph, sequence); None: attribute tracking."""
        return list(self._graph.layers) if self._graph is not None else None

    @property
    def layers(self) -> list:
        """The model's layers; a functional model's start with its InputLayers, as in Keras 3.

        Operations applied to symbolic tensors (``x * 2``, ``ops.relu(x)``) are steps of the graph,
        not layers, and are left out, as Keras 3 leaves them out: ``model.layers[1]`` is the same
        layer whether or not the graph has such steps.
        """
        from glassnet.layers.symbolic_op import OpLayer
        explicit = self._explicit_layers()
        if explicit is None:
            return list(Layer.layers.fget(self))
        explicit = [layer for layer in explicit if not isinstance(layer, OpLayer)]
        return self._input_layers() + explicit if self._graph is not None else explicit

    def _input_layers(self) -> list:
        """One InputLayer per keras.Input of the graph (made once; ``.output`` is that Input)."""
        if self._graph is None or type(self)._explicit_layers is not Model._explicit_layers:
            return []  # Sequential lists only its own layers (Keras 3)
        cached = getattr(self, "_input_layers_cache", None)
        if cached is None or cached[0] is not self._graph:
            from glassnet.layers import InputLayer
            made = []
            for tensor in self._graph.inputs:
                layer = InputLayer(batch_shape=tuple(tensor.shape), dtype=tensor.dtype, name=tensor.name)
                layer._symbolic_output = tensor
                layer._input_shape_seen = layer._output_shape_seen = tuple(tensor.shape)
                layer.built = True
                made.append(layer)
            cached = self._input_layers_cache = (self._graph, made)
        return cached[1]

    def get_layer(self, name: str | None = None, index: int | None = None):
        """A layer by its name or by its position in ``model.layers``."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(f"get_layer: index {index} out of range: the model has {len(self.layers)} layers")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name!r}. Layers: {[layer.name for layer in self.layers]}")

    @property
    def weights(self) -> list:
        explicit = self._explicit_layers()
        if explicit is None:
            return Layer.weights.fget(self)
        return _unique(w for layer in explicit for w in layer.weights)

    @property
    def trainable_weights(self) -> list:
        explicit = self._explicit_layers()
        if explicit is None:
            return Layer.trainable_weights.fget(self)
        if not self.trainable:
            return []
        return _unique(w for layer in explicit for w in layer.trainable_weights)

    @property
    def non_trainable_weights(self) -> list:
        if self._explicit_layers() is None:
            return Layer.non_trainable_weights.fget(self)
        trainable = {id(w) for w in self.trainable_weights}
        return [w for w in self.weights if id(w) not in trainable]

    @property
    def losses(self) -> list:
        explicit = self._explicit_layers()
        if explicit is None:
            return Layer.losses.fget(self)
        return list(getattr(self, "_added_losses", [])) + [loss for layer in explicit for loss in layer.losses]

    def count_params(self) -> int:
        return int(sum(w.data.size for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """Copies of every weight, in ``model.weights`` order."""
        return [w.data.copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Load arrays (as from ``get_weights``) into the weights, checking count and shapes."""
        own = self.weights
        weights = list(weights)
        if len(weights) != len(own):
            raise ValueError(f"set_weights: model {self.name!r} has {len(own)} weight arrays, got {len(weights)}")
        for w, value in zip(own, weights):
            value = np.asarray(value.data if isinstance(value, Tensor) else value)
            if value.shape != w.data.shape:
                raise ValueError(f"set_weights: weight {w.name!r} of model {self.name!r} has shape "
                                 f"{w.data.shape}, got an array of shape {value.shape}")
        for w, value in zip(own, weights):
            w.data[...] = np.asarray(value.data if isinstance(value, Tensor) else value)

    # ------------------------------------------------------------------ description
    def summary(self, line_length: int | None = None, positions=None, print_fn=None,
                expand_nested: bool = False, show_trainable: bool = False) -> None:
        """Print the layers, their output shapes and parameter counts, and the totals."""
        from glassnet.models.summary import print_summary
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable)

    def get_config(self) -> dict:
        if self._graph is None:
            return {"name": self.name, "trainable": self.trainable}
        from glassnet.models.saving import serialize_layer
        return {"name": self.name, "trainable": self.trainable, **self._graph.get_config(serialize_layer)}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> "Model":
        if "nodes" not in config:
            return cls(**config)
        from glassnet.models.saving import deserialize_layer
        inputs, outputs = Graph.from_config(config, lambda spec: deserialize_layer(spec, custom_objects))
        return cls(inputs, outputs, name=config.get("name"), trainable=config.get("trainable", True))

    def to_json(self, **kwargs) -> str:
        """The architecture as a JSON string (``keras.models.model_from_json`` rebuilds it)."""
        from glassnet.models.json_io import model_to_json
        return model_to_json(self, **kwargs)

    # ------------------------------------------------------------------ files
    def save(self, filepath, overwrite: bool = True, include_optimizer: bool = True) -> None:
        """Write architecture, weights and compile settings to one zip file (atomically)."""
        from glassnet.models.saving import save_model
        save_model(self, filepath, overwrite=overwrite, include_optimizer=include_optimizer)

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Write only the weights (a zip of .npy arrays); read back with ``load_weights``."""
        from glassnet.models.saving import save_weights
        save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath) -> None:
        """Load weights written by ``save_weights`` or ``save`` into this (same-shaped) model."""
        from glassnet.models.saving import load_weights
        load_weights(self, filepath)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}, {len(self.layers)} layers, {self.count_params()} params>"


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
