"""Gradient check of a layer's whole forward pass: input and every weight, in float64."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.utils.gradcheck import numerical_gradient, relative_error


def check_layer_gradients(layer, inputs, training: bool = False, seed: int = 0) -> float:
    """Largest relative error between backpropagation and central differences for
    L = Σ P ⊙ layer(inputs), over the inputs and the layer's weights (perturbed in place)."""
    arrays = [np.array(x, dtype=np.float64) for x in (inputs if isinstance(inputs, list) else [inputs])]

    def forward(values):
        tensors = [Tensor(v, requires_grad=True) for v in values]
        return tensors, layer(tensors if isinstance(inputs, list) else tensors[0], training=training)

    tensors, out = forward(arrays)
    projection = np.random.default_rng(seed).normal(size=out.shape)
    out.backward(projection)
    analytic = [t.grad for t in tensors] + [w.grad for w in layer.weights]

    def scalar(_):
        return float(np.sum(projection * forward(arrays)[1].data))
    worst = 0.0
    for array, grad in zip(arrays + [w.data for w in layer.weights], analytic):
        worst = max(worst, relative_error(grad, numerical_gradient(scalar, array)))
    return worst
