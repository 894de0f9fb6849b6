"""``predict`` on arrays, and its lean forward pass for a stack of dense layers.

``predict`` computes ŷ_k = f_L(… f_1(x_k)) for each batch x_k of the data. Called as in
training, a layer turns its input into a Tensor, checks shapes and masks, and every op wraps
its result in a Tensor that could record a graph; the activation writes a = f(z) into a new
array beside z, and the batches' outputs are joined at the end. Once the first batch has gone
through, none of this is needed: the weights exist and the shapes were checked. So for a
``Sequential`` model whose layers all have a ``_predict_array`` form (Dense, Dropout, Flatten,
Reshape: the same products and sums as their ``call``, bit for bit), or a functional model that
chains such layers from one Input to one output, the middle batches go
through those forms on plain arrays, each activation overwriting its own product, and the
last layer writes its batch straight into the rows of the preallocated result.

The first batch is computed the plain way: it builds the model, checks the input's shape and
tells the output's shape and dtype. The last batch is plain too, so that ``layer.z`` and
``layer.a`` hold the last batch afterwards, as in the plain loop. Any other model (your own
``call``, a layer without a lean form, several outputs) runs plain throughout.
"""
from __future__ import annotations

import numpy as np

from glassnet.layers import Layer
from glassnet.models.functional import flatten, map_structure, output_index
from glassnet.models.inference import predict_batches, worth_running_in_parallel
from glassnet.models.steps import all_layers


def lean_layers(model) -> list | None:
    """``model``'s layers in order when the lean path may replace its forward pass, else None.

    The model must simply chain its layers (see ``_chain``); and a layer's lean form is only
    valid while its class still computes with the ``call`` that form copies.
    """
    layers = _chain(model)
    for layer in layers or []:
        kind = type(layer)
        owner = next((c for c in kind.__mro__ if "_predict_array" in vars(c)), None)
        if owner is None or kind.call is not owner.call or kind.__call__ is not Layer.__call__:
            return None
    return layers or None


def _chain(model) -> list | None:
    """The layers of a ``Sequential`` model, or of a functional one whose graph is a single chain
    Input → layer → layer → … → output; None for anything else (your own ``call``, branches,
    several inputs or outputs)."""
    from glassnet.models.model import Model
    from glassnet.models.sequential import Sequential
    kind = type(model)
    if kind.call is Sequential.call and kind.__call__ is Sequential.__call__:
        return list(model._sequence)
    graph = getattr(model, "_graph", None)
    if (kind.call is not Model.call or kind.__call__ is not Model.__call__ or graph is None
            or len(graph.inputs) != 1 or len(graph.outputs) != 1):
        return None
    previous = graph.inputs[0]
    for node in graph.nodes:
        if node.positional or node.arguments is not previous or output_index(node.output) is not None:
            return None
        previous = node.output
    return [node.layer for node in graph.nodes] if previous is graph.outputs[0] else None


def lean_forward(layers: list, x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The layers' ``_predict_array`` forms in turn, the last one writing into ``out``.

    Each input is cast to the layer's dtype first, as ``Layer.__call__`` does."""
    for layer in layers:
        if x.dtype != layer._dtype:
            x = x.astype(layer._dtype)
        x = layer._predict_array(x, out if layer is layers[-1] else None)
    return x


def predict_arrays(model, source, steps: int, batch_size: int, callbacks):
    """The outputs of ``model`` for the first ``steps`` batches of ``source`` (array data), joined.

    Batches run on a thread pool for a model that gains from it (models/inference.py); with a
    lean forward (see the module text) the middle batches skip the layers' plain calls.
    """
    layers = lean_layers(model)
    rows_total = min(source.num_samples, steps * batch_size)
    result = None

    def forward(step):
        nonlocal result
        rows = slice(step * batch_size, (step + 1) * batch_size)
        x = source.x_batch(rows)
        if layers is None or result is None or step == steps - 1 or not isinstance(x, np.ndarray):
            outputs = arrays_of(model(x, training=False))
            if layers is not None and result is None and isinstance(outputs, np.ndarray) and steps > 2:
                result = np.empty((rows_total,) + outputs.shape[1:], dtype=outputs.dtype)
            return outputs
        return lean_forward(layers, x, result[rows])

    chunks = predict_batches(forward, steps, callbacks,
                             parallel=worth_running_in_parallel(model, all_layers(model)))
    if result is not None:   # the plain first and last batches still go to their rows
        result[:len(chunks[0])] = chunks[0]
        result[rows_total - len(chunks[-1]):] = chunks[-1]
        return result
    return join_batches(chunks)


def join_batches(chunks: list):
    """The batches' outputs joined along the batch axis: one array, or the outputs' list / dict."""
    if not chunks:
        return np.empty((0,), dtype=np.float32)
    joined = iter([np.concatenate(parts) for parts in zip(*[flatten(chunk) for chunk in chunks])])
    return map_structure(lambda _: next(joined), chunks[0])


def arrays_of(outputs):
    """The model's output Tensors as ndarrays, in the same structure (one, a list, a dict)."""
    return map_structure(lambda tensor: getattr(tensor, "data", tensor), outputs)
