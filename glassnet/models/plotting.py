"""``keras.utils.plot_model``: a model's layer graph as a picture (PNG, SVG, PDF), without Graphviz.

This file reads the graph (which layer feeds which) and writes each box's text, as Keras 3
does: the class name (with the layer's name before it when ``show_layer_names``), the input and
output shapes, the dtype, the activation, whether it trains. ``glassnet.viz.model_graph`` draws.

A functional or Sequential model is a graph of layers; a subclassed model is Python code, so
(as in Keras) it is drawn as a single box. With ``expand_nested`` a model used as a layer
shows its own layers inside a dashed frame.
"""
from __future__ import annotations

import os

from glassnet.models.functional import flatten


def _shape_text(shape) -> str:
    if isinstance(shape, list) and shape and isinstance(shape[0], (tuple, list)):
        return ", ".join(_shape_text(s) for s in shape)
    shape = tuple(shape)
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _activation_name(layer) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None or isinstance(layer, _model_class()):
        return None
    return getattr(activation, "__name__", type(activation).__name__)


def _model_class():
    from glassnet.models.model import Model
    return Model


class _Builder:
    """Collects boxes and edges while walking a model (and nested models when expanding)."""

    def __init__(self, options: dict):
        from glassnet.viz.model_graph import GraphPicture
        self.options = options
        self.picture = GraphPicture(boxes=[], edges=[], clusters={})
        self.used_ids: set[str] = set()

    def _unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used_ids:
            candidate, n = f"{name}_{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def box(self, name, class_name, input_shape, output_shape, dtype, layer=None, cluster=None) -> str:
        from glassnet.viz.model_graph import Box
        o = self.options
        lines = [f"{name} ({class_name})" if o["show_layer_names"] else class_name]
        if o["show_shapes"]:
            lines.append(f"Input shape: {_shape_text(input_shape) if input_shape is not None else '?'}")
            lines.append(f"Output shape: {_shape_text(output_shape) if output_shape is not None else '?'}")
        if o["show_dtype"]:
            lines.append(f"Output dtype: {dtype}")
        if o["show_layer_activations"] and layer is not None and _activation_name(layer):
            lines.append(f"Activation: {_activation_name(layer)}")
        if o["show_trainable"] and layer is not None:
            lines.append(f"Trainable: {'yes' if layer.trainable else 'no'}")
        box_id = self._unique(name)
        self.picture.boxes.append(Box(box_id, lines, cluster))
        return box_id

    def edge(self, a: str, b: str) -> None:
        if (a, b) not in self.picture.edges:
            self.picture.edges.append((a, b))

    def add_model(self, model, cluster=None) -> tuple[list[str], list[str]]:
        """Boxes for ``model``'s layers; returns (boxes fed by its inputs, boxes giving its outputs)."""
        graph = getattr(model, "_graph", None)
        if graph is None:   # a subclassed model: its call() is code, one box (as Keras draws it)
            shape = getattr(model, "_build_input_shape", None)
            box = self.box(model.name, type(model).__name__, shape, None, model.dtype if hasattr(model, "dtype")
                           else "float32", model, cluster)
            return [box], [box]
        tensor_box: dict[int, str] = {}
        entries: list[str] = []
        for i, tensor in enumerate(graph.inputs):
            if cluster is None:
                name = getattr(tensor, "name", None) or f"input_layer_{i}"
                box = self.box(name, "InputLayer", tuple(tensor.shape), tuple(tensor.shape), tensor.dtype, None, None)
                tensor_box[id(tensor)] = box
                entries.append(box)
        layer_boxes: dict[int, tuple[list[str], list[str]]] = {}
        for node in graph.nodes:
            sources = [tensor_box.get(id(t)) for t in flatten(node.arguments)]
            if id(node.layer) not in layer_boxes:
                layer_boxes[id(node.layer)] = self._layer(node, cluster)
            ins, outs = layer_boxes[id(node.layer)]
            for source in sources:
                for target in ins:
                    if source is not None:
                        self.edge(source, target)
                    elif cluster is not None and target not in entries:
                        entries.append(target)   # fed by the nested model's own input
            tensor_box[id(node.output)] = outs[0]
        exits = [tensor_box[id(t)] for t in graph.outputs if id(t) in tensor_box]
        return entries, exits

    def _layer(self, node, cluster) -> tuple[list[str], list[str]]:
        layer = node.layer
        if isinstance(layer, _model_class()) and self.options["expand_nested"]:
            inner = self._unique(f"cluster_{layer.name}")
            kind = "Functional" if type(layer) is _model_class() else type(layer).__name__
            self.picture.clusters[inner] = f"{layer.name} ({kind})"
            return self.add_model(layer, cluster=inner)
        arguments = flatten(node.arguments)
        input_shape = [tuple(t.shape) for t in arguments] if len(arguments) > 1 else tuple(arguments[0].shape)
        box = self.box(layer.name, type(layer).__name__, input_shape, tuple(node.output.shape),
                       getattr(node.output, "dtype", layer.dtype), layer, cluster)
        return [box], [box]


def model_to_picture(model, show_shapes=False, show_dtype=False, show_layer_names=False, expand_nested=False,
                     show_layer_activations=False, show_trainable=False):
    """The :class:`~glassnet.viz.model_graph.GraphPicture` (boxes, edges, clusters) of ``model``."""
    if not getattr(model, "built", True) and getattr(model, "_graph", None) is None:
        raise ValueError(f"plot_model: model {model.name!r} has not been built yet; call it on data or give it "
                         "a keras.Input first")
    builder = _Builder({"show_shapes": show_shapes, "show_dtype": show_dtype, "show_layer_names": show_layer_names,
                        "expand_nested": expand_nested, "show_layer_activations": show_layer_activations,
                        "show_trainable": show_trainable})
    builder.add_model(model)
    return builder.picture


def plot_model(model, to_file: str = "model.png", show_shapes: bool = False, show_dtype: bool = False,
               show_layer_names: bool = False, rankdir: str = "TB", expand_nested: bool = False, dpi: int = 200,
               show_layer_activations: bool = False, show_trainable: bool = False, **kwargs):
    """Draw the model's layer graph into ``to_file`` (.png, .svg, .pdf, .jpg: by its extension).

    Returns an ``IPython.display.Image`` of the file when IPython is installed (so a notebook
    shows it), else None, as Keras does.
    """
    unknown = set(kwargs) - {"layer_range", "subgraph"}
    if unknown:
        raise TypeError(f"plot_model: unexpected argument(s) {sorted(unknown)}")
    if kwargs.get("layer_range") is not None:
        raise ValueError("plot_model: layer_range is not supported; plot the whole model")
    from glassnet.viz.model_graph import draw_model_graph
    picture = model_to_picture(model, show_shapes, show_dtype, show_layer_names, expand_nested,
                               show_layer_activations, show_trainable)
    figure = draw_model_graph(picture, rankdir=rankdir, dpi=dpi)
    extension = os.path.splitext(os.fspath(to_file))[1].lstrip(".").lower() or "png"
    figure.savefig(to_file, format=extension, dpi=dpi)
    if extension == "pdf":
        return None
    try:
        from IPython import display
    except ImportError:
        return None
    return display.Image(filename=os.fspath(to_file)) if extension != "svg" else display.SVG(filename=os.fspath(to_file))


__all__ = ["plot_model", "model_to_picture"]
