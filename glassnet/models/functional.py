"""The functional graph: layers wired together by calling them on symbolic tensors.

    inputs = keras.Input(shape=(4,))
    h = Dense(8, activation='relu')(inputs)      # h.history = (dense, inputs)
    outputs = Dense(1)(h)
    model = keras.Model(inputs, outputs)

Each symbolic ``KerasTensor`` remembers the layer that made it and the tensors that
layer was called on. Walking back from the outputs to the inputs gives every call
("node"); sorting the nodes so that each comes after the nodes that feed it (a
topological order) gives a program that can be replayed on real data:

    values[inputs] = x
    for each node in order:  values[node] = layer(values[node's inputs])

Graphs with several paths (two branches joined by ``Add`` or ``Concatenate``), shared
layers (one layer called twice) and several inputs or outputs all replay the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def is_symbolic(value) -> bool:
    """A KerasTensor (made by ``Input`` or by a layer called on one)."""
    from glassnet.layers import KerasTensor
    return isinstance(value, KerasTensor)


def flatten(structure) -> list:
    """The leaves of a nested list/tuple/dict structure, in order."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in structure for leaf in flatten(structure[key])]
    return [structure]


def map_structure(fn: Callable, structure):
    """Apply ``fn`` to every leaf, keeping the list/tuple/dict shape."""
    if isinstance(structure, list):
        return [map_structure(fn, item) for item in structure]
    if isinstance(structure, tuple):
        return tuple(map_structure(fn, item) for item in structure)
    if isinstance(structure, dict):
        return {key: map_structure(fn, value) for key, value in structure.items()}
    return fn(structure)


def node_of(tensor) -> tuple[Any, Any] | None:
    """(layer, what the layer was called on) for a layer's output; None for an Input."""
    history = getattr(tensor, "history", None)
    if history is None:
        return None
    layer, node_inputs = history[0], history[1]
    return layer, node_inputs


def is_positional(tensor) -> bool:
    """Made by ``layer(a, b)``: the arguments are several positional tensors, not one list."""
    history = getattr(tensor, "history", None)
    return history is not None and len(history) > 3 and history[3] == "positional"


def call_kwargs(tensor) -> dict:
    """The keyword arguments of the call that made ``tensor`` (``mask=``, ``use_causal_mask=`` ...)."""
    history = getattr(tensor, "history", None)
    return dict(history[4]) if history is not None and len(history) > 4 else {}


def output_index(tensor) -> int | None:
    """Which output of its layer call a tensor is, for layers with several outputs; else None."""
    history = getattr(tensor, "history", None)
    return history[2] if history is not None and len(history) > 2 else None


@dataclass
class Node:
    """One layer call of the graph: ``output = layer(arguments)``."""
    layer: Any
    arguments: Any          # a KerasTensor or a list of them (merge layers)
    output: Any             # the KerasTensor it produced
    positional: bool = False  # layer(*arguments) (a call with several tensors) instead of layer(arguments)
    kwargs: dict = field(default_factory=dict)  # keyword arguments of the call (symbolic tensors among them)


class Graph:
    """The nodes between ``inputs`` and ``outputs``, in an order that can be replayed.

    Raises a ValueError naming the missing Input when an output depends on a symbolic
    tensor that is not among ``inputs`` (a "disconnected" graph).
    """

    def __init__(self, inputs, outputs):
        self.input_structure = inputs
        self.output_structure = outputs
        self.inputs = flatten(inputs)
        self.outputs = flatten(outputs)
        for kind, group in (("inputs", self.inputs), ("outputs", self.outputs)):
            for tensor in group:
                if not is_symbolic(tensor):
                    raise TypeError(f"Model({kind}=...): expected symbolic tensors made by keras.Input(...) "
                                    f"and layers called on them, got {type(tensor).__name__}")
        self.nodes = self._topological_nodes()
        self.layers = []
        seen = set()
        for node in self.nodes:
            if id(node.layer) not in seen:
                seen.add(id(node.layer))
                self.layers.append(node.layer)
        names = [layer.name for layer in self.layers]
        for name in dict.fromkeys(names):
            if names.count(name) > 1:  # get_layer(name) would be ambiguous; Keras refuses it too
                raise ValueError(f"The name {name!r} is used by {names.count(name)} layers in the model; "
                                 "all layer names must be unique (pass name=... to tell them apart)")

    def _topological_nodes(self) -> list[Node]:
        input_ids = {id(t) for t in self.inputs}
        order: list[Node] = []
        done: set[int] = set()
        stack: list[tuple[Any, bool]] = [(t, False) for t in reversed(self.outputs)]
        while stack:
            tensor, expanded = stack.pop()
            key = id(tensor)
            if expanded:
                done.add(key)
                layer, arguments = node_of(tensor)
                order.append(Node(layer, arguments, tensor, is_positional(tensor), call_kwargs(tensor)))
                continue
            if key in done or key in input_ids:
                continue
            node = node_of(tensor)
            if node is None:
                raise ValueError(
                    f"Graph disconnected: an output depends on the Input {getattr(tensor, 'name', tensor)!r} "
                    f"of shape {tuple(tensor.shape)}, which is not in the model's inputs. "
                    "Pass every keras.Input the outputs are computed from: keras.Model(inputs=[...], outputs=...)")
            stack.append((tensor, True))
            for parent in reversed(flatten(node[1]) + [v for v in flatten(call_kwargs(tensor)) if is_symbolic(v)]):
                if id(parent) not in done and id(parent) not in input_ids:
                    stack.append((parent, False))
        return order

    def run(self, inputs: list, call: Callable) -> Any:
        """Replay the graph: ``call(layer, arguments)`` runs one layer on real values
        (``call(layer, arguments, positional=True)`` for a call with several tensors; keyword
        arguments of the call, e.g. ``mask=``, follow as keywords).

        A layer with several outputs (e.g. an LSTM with return_state) runs once per call; each
        output takes its item of the result.
        """
        values = {id(t): x for t, x in zip(self.inputs, inputs)}
        several: dict = {}

        def value(t):
            return values[id(t)] if is_symbolic(t) else t
        for node in self.nodes:
            arguments = map_structure(value, node.arguments)
            kwargs = map_structure(value, node.kwargs)
            index = output_index(node.output)
            if index is None:
                values[id(node.output)] = call(node.layer, arguments, positional=node.positional, **kwargs)
                continue
            key = (id(node.layer),) + tuple(id(v) for v in flatten(arguments))
            if key not in several:
                several[key] = call(node.layer, arguments, positional=node.positional, **kwargs)
            values[id(node.output)] = several[key][index]
        return map_structure(lambda t: values[id(t)], self.output_structure)

    # ------------------------------------------------------------------ to and from a file
    def get_config(self, serialize_layer: Callable) -> dict:
        """A JSON-ready description: the layers once each, then every call by tensor number.

        Tensors are numbered: the inputs first (0, 1, ...), then each node's output in
        replay order; a node's arguments are written with those numbers.
        """
        numbers = {id(t): i for i, t in enumerate(self.inputs)}
        for i, node in enumerate(self.nodes):
            numbers[id(node.output)] = len(self.inputs) + i
        layer_index = {id(layer): i for i, layer in enumerate(self.layers)}
        return {
            "inputs": [{"shape": list(t.shape[1:]), "batch_size": t.shape[0], "dtype": str(t.dtype),
                        "name": getattr(t, "name", None)} for t in self.inputs],
            "layers": [serialize_layer(layer) for layer in self.layers],
            "nodes": [{"layer": layer_index[id(node.layer)],
                       "arguments": map_structure(lambda t: numbers[id(t)], node.arguments),
                       **({"positional": True} if node.positional else {}),
                       **({"kwargs": map_structure(lambda v: _kwarg_to_json(v, numbers), node.kwargs)}
                          if node.kwargs else {}),
                       **({} if output_index(node.output) is None else {"output_index": output_index(node.output)})}
                      for node in self.nodes],
            "input_structure": map_structure(lambda t: numbers[id(t)], self.input_structure),
            "output_structure": map_structure(lambda t: numbers[id(t)], self.output_structure),
        }

    @staticmethod
    def from_config(config: dict, deserialize_layer: Callable):
        """Rebuild (inputs, outputs) by creating the Inputs and calling fresh layers on them."""
        from glassnet.layers import Input
        tensors: list = []
        try:
            for spec in config["inputs"]:
                tensors.append(Input(shape=tuple(spec["shape"]), batch_size=spec.get("batch_size"),
                                     name=spec.get("name"), dtype=spec.get("dtype")))
            layers = [deserialize_layer(spec) for spec in config["layers"]]
            for node in config["nodes"]:
                arguments = map_structure(lambda i: tensors[_index(i, len(tensors))], node["arguments"])
                layer = layers[_index(node["layer"], len(layers))]
                kwargs = {key: _kwarg_from_json(v, tensors) for key, v in node.get("kwargs", {}).items()}
                output = layer(*arguments, **kwargs) if node.get("positional") else layer(arguments, **kwargs)
                if "output_index" in node:
                    output = output[_index(node["output_index"], len(output))]
                tensors.append(output)
            inputs = map_structure(lambda i: tensors[_index(i, len(tensors))], config["input_structure"])
            outputs = map_structure(lambda i: tensors[_index(i, len(tensors))], config["output_structure"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"the functional model description is incomplete or malformed ({error!r})") from None
        return inputs, outputs


def _index(value, length: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < length:
        raise ValueError(f"the model description refers to item {value!r}, which does not exist")
    return value


def _kwarg_to_json(value, numbers: dict):
    """A keyword argument of a layer call as JSON: a symbolic tensor by its number, a plain value as is."""
    if is_symbolic(value):
        return {"__tensor__": numbers[id(value)]}
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:  # NumPy scalar
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"a layer call's keyword argument {value!r} cannot be saved in a model file "
                    "(only symbolic tensors, numbers, strings, booleans and None can)")


def _kwarg_from_json(value, tensors: list):
    if isinstance(value, dict) and set(value) == {"__tensor__"}:
        return tensors[_index(value["__tensor__"], len(tensors))]
    if isinstance(value, list):
        return [_kwarg_from_json(v, tensors) for v in value]
    if isinstance(value, dict):
        return {key: _kwarg_from_json(v, tensors) for key, v in value.items()}
    return value
