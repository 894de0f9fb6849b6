"""Look inside a network: feature maps and learned filters, and one backward pass laid out layer by layer.

    table = backprop_table(model, x, y)        # z, a, δ = dL/dz, dL/dW, dL/db of every Dense layer
    print(table)

    maps = feature_maps(model, x_test[0])      # {'conv2d': (28, 28, 6), 'conv2d_1': (10, 10, 16)}
    filters = conv_filters(model)              # {'conv2d': (5, 5, 1, 6), 'conv2d_1': (5, 5, 6, 16)}

A feature map is what one filter "sees" across the image: the output of a convolution
layer (after its activation, as Keras's intermediate outputs) for one input image. The
filters are the learned kernels, Keras's layout (kh, kw, in_channels, filters).
Pictures of both come with the visualisation module; here they are plain NumPy arrays.

For the estimators, ``permutation_importance`` (scikit-learn's ``sklearn.inspection`` name) is
importable from here too; it lives in ``glassnet.model_selection._permutation_importance``.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import no_grad
from glassnet.layers.conv import _Conv
from glassnet.model_selection._permutation_importance import permutation_importance  # noqa: F401  (estimators)


def _find_layers(model, keep) -> list:
    """The layers of a model for which ``keep(layer)`` holds, in order, looking into nested models."""
    found, seen = [], set()

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        if keep(layer):
            found.append(layer)
        for sub in getattr(layer, "layers", []) or []:
            visit(sub)
    for layer in getattr(model, "layers", []) or []:
        visit(layer)
    return found


def conv_layers(model) -> list:
    """Every convolution layer of a model, in order, looking into nested models and layers."""
    return _find_layers(model, lambda layer: isinstance(layer, _Conv))


def _image_batch(model, image) -> np.ndarray:
    """One image, (H, W), (H, W, C) or (1, H, W, C), as a batch of one of the model's input rank."""
    array = np.asarray(image)
    first = conv_layers(model)
    rank = (first[0].rank + 2) if first else array.ndim + 1
    if array.ndim == rank - 2:            # a grey image without its channel axis
        array = array[..., None]
    if array.ndim == rank - 1:
        array = array[None]
    if array.ndim != rank or array.shape[0] != 1:
        raise ValueError(f"feature_maps: expected one image of shape (H, W), (H, W, C) or (1, H, W, C) "
                         f"for a model whose convolutions take rank-{rank} batches, got shape {np.shape(image)}")
    return array


def feature_maps(model, image, pre_activation: bool = False) -> dict[str, np.ndarray]:
    """The feature maps of every convolution layer for one image.

    Parameters
    ----------
    model : a built Sequential, functional or subclassed model (or any callable layer).
    image : array (H, W), (H, W, C) or (1, H, W, C).
    pre_activation : bool
        False (default) gives a = activation(z), the layer's output; True gives z.

    Returns
    -------
    dict
        layer name → array (H_out, W_out, filters) (or (steps, filters) for Conv1D), in
        the order the layers appear in the model.
    """
    layers = conv_layers(model)
    if not layers:
        raise ValueError(f"feature_maps: the model {getattr(model, 'name', model)!r} has no convolution layer")
    batch = _image_batch(model, image)
    with no_grad():
        model(batch, training=False)
    maps = {}
    for layer in layers:
        value = layer.z if pre_activation else layer.a
        if value is None or value.shape[0] != 1:
            raise ValueError(f"feature_maps: layer {layer.name!r} was not reached by the forward pass")
        maps[layer.name] = np.array(value.data[0])
    return maps


def conv_filters(model) -> dict[str, np.ndarray]:
    """The learned kernels of every convolution layer: name → copy of shape (kh, kw, in, filters)."""
    layers = conv_layers(model)
    if not layers:
        raise ValueError(f"conv_filters: the model {getattr(model, 'name', model)!r} has no convolution layer")
    missing = [layer.name for layer in layers if layer.kernel is None]
    if missing:
        raise ValueError(f"conv_filters: layers {missing} are not built yet: call the model on data first")
    return {layer.name: layer.kernel.data.copy() for layer in layers}


# ---------------------------------------------------------------------- backpropagation, layer by layer
def _weighted_layers(model) -> list:
    """Layers that keep z and a (Dense, convolutions), in order, looking into nested models."""
    return _find_layers(model, lambda layer: hasattr(layer, "z") and getattr(layer, "kernel", None) is not None)


def _array(tensor) -> np.ndarray | None:
    return None if tensor is None else np.array(tensor)


class BackpropTable:
    """One forward-backward pass, layer by layer: ``table.layers`` is a list of dicts with the arrays
    'z', 'a', 'delta' (δ = dL/dz), 'dL_da', 'dL_dW', 'dL_db' (None where not computed), and
    ``table['dense_1']`` gives one layer's dict. ``print(table)`` shows them as a table."""

    def __init__(self, loss: float, loss_name: str, layers: list[dict]):
        self.loss = loss
        self.loss_name = loss_name
        self.layers = layers

    def __getitem__(self, name: str) -> dict:
        for row in self.layers:
            if row["layer"] == name:
                return row
        raise KeyError(f"backprop_table: no layer {name!r}; the table has {[r['layer'] for r in self.layers]}")

    def __len__(self) -> int:
        return len(self.layers)

    def __str__(self) -> str:
        names = (("z", "z = a_prev·W + b"), ("a", "a = f(z)"), ("delta", "δ = dL/dz"), ("dL_da", "dL/da"),
                 ("dL_dW", "dL/dW = a_prevᵀ·δ"), ("dL_db", "dL/db = Σ δ"))
        lines = [f"{self.loss_name} = {self.loss:.6g}"]
        for row in self.layers:
            lines.append(f"── {row['layer']} ──")
            for key, label in names:
                value = row[key]
                text = "—" if value is None else np.array2string(value, precision=4, suppress_small=True)
                text = text.replace("\n", "\n" + " " * 20)
                lines.append(f"  {label:<18}{text}")
        return "\n".join(lines)

    __repr__ = __str__


def backprop_table(model, x, y, loss=None) -> BackpropTable:
    """Run one forward and one backward pass and collect, for each layer with weights, the lecture's
    quantities: z, a, δ = dL/dz, dL/da, dL/dW and dL/db.

    With the quadratic loss and sigmoid neurons the numbers follow the four equations of
    backpropagation: δᴸ = (aᴸ − y) ⊙ σ'(zᴸ), δˡ = (δˡ⁺¹ · Wˡ⁺¹ᵀ) ⊙ σ'(zˡ), dL/dWˡ = aˡ⁻¹ᵀ · δˡ,
    dL/dbˡ = Σ δˡ (rows are samples, as Keras lays them out; for a batch the loss is the batch mean).

    Parameters
    ----------
    model : a built network (Sequential or functional) whose Dense/convolution layers keep z and a.
    x, y : a batch (or one sample) of inputs and targets.
    loss : the loss; default the compiled loss, else 'quadratic' (½‖a − y‖², the slides' cost).

    Returns
    -------
    BackpropTable. A cross-entropy loss after a sigmoid/softmax is computed from z directly, so the
    last layer's dL/da is None (δ is still exact).
    """
    from glassnet import losses
    from glassnet.autodiff import Tensor
    layers = _weighted_layers(model)
    if not layers:
        raise ValueError(f"backprop_table: the model {getattr(model, 'name', model)!r} has no Dense or "
                         "convolution layer")
    loss_fn = losses.get(loss if loss is not None else (getattr(model, "_loss_fn", None) or "quadratic"))
    inputs = np.asarray(x, dtype=layers[0].kernel.data.dtype if layers[0].kernel is not None else np.float32)
    if inputs.ndim == 1:
        inputs = inputs[None]
    prediction = model(Tensor(inputs), training=False)
    value = loss_fn(y, prediction)
    value.backward()
    rows = []
    for layer in layers:
        bias = getattr(layer, "bias", None)
        rows.append({"layer": layer.name, "z": _array(layer.z), "a": _array(layer.a),
                     "delta": _array(layer.z.grad), "dL_da": _array(layer.a.grad),
                     "dL_dW": _array(layer.kernel.grad), "dL_db": None if bias is None else _array(bias.grad)})
    return BackpropTable(float(value.data), loss_fn.name, rows)


__all__ = ["feature_maps", "conv_filters", "conv_layers", "backprop_table", "BackpropTable"]


__all__ = ["feature_maps", "conv_filters", "conv_layers", "permutation_importance"]
