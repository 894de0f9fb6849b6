"""Look inside a trained convolutional network: feature maps and learned filters, as arrays.

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


def conv_layers(model) -> list:
    """Every convolution layer of a model, in order, looking into nested models and layers."""
    found, seen = [], set()

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        if isinstance(layer, _Conv):
            found.append(layer)
        for sub in getattr(layer, "layers", []) or []:
            visit(sub)
    for layer in getattr(model, "layers", []) or []:
        visit(layer)
    return found


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


__all__ = ["feature_maps", "conv_filters", "conv_layers", "permutation_importance"]
