"""SeparableConv2D (layers/separable_conv.py) against PyTorch: a grouped convolution (groups = channels)
followed by a 1×1 convolution, forward and gradients, in float64."""
import numpy as np
import pytest
import torch

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


def _torch_separable(x, depthwise, pointwise, bias, strides, dilation, pads):
    channels, multiplier = depthwise.shape[2], depthwise.shape[3]
    xt = torch.nn.functional.pad(x.permute(0, 3, 1, 2), (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
    weight = depthwise.permute(2, 3, 0, 1).reshape(channels * multiplier, 1, *depthwise.shape[:2])
    d = torch.nn.functional.conv2d(xt, weight, stride=strides, dilation=dilation, groups=channels)
    z = torch.nn.functional.conv2d(d, pointwise.permute(3, 2, 0, 1), bias=bias)
    return z.permute(0, 2, 3, 1)


@pytest.mark.parametrize("kernel, strides, dilation, padding, multiplier, pads", [
    (3, 1, 1, "valid", 1, ((0, 0), (0, 0))),
    (3, 2, 1, "same", 2, ((1, 1), (0, 1))),     # 7×8 input: same with stride 2 pads (1, 1) and (0, 1)
    (2, 1, 2, "same", 1, ((1, 1), (1, 1))),
])
def test_separable_conv_matches_torch_forward_and_gradients(kernel, strides, dilation, padding, multiplier, pads):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 7, 8, 3))
    layer = layers.SeparableConv2D(4, kernel, strides=strides, dilation_rate=dilation, padding=padding,
                                   depth_multiplier=multiplier, bias_initializer="random_normal", dtype="float64")
    xg = Tensor(x, requires_grad=True)
    out = layer(xg)
    weights = rng.normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()

    xt = torch.tensor(x, requires_grad=True)
    dw, pw, b = (torch.tensor(w.data.copy(), requires_grad=True) for w in
                 (layer.depthwise_kernel, layer.pointwise_kernel, layer.bias))
    expected = _torch_separable(xt, dw, pw, b, strides, dilation, pads)
    assert tuple(expected.shape) == out.shape
    assert layer.compute_output_shape((None, 7, 8, 3))[1:] == out.shape[1:]
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    for ours, theirs in ((xg, xt), (layer.depthwise_kernel, dw), (layer.pointwise_kernel, pw), (layer.bias, b)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-11)


def test_separable_conv_counts_its_weights_and_trains():
    model = keras.Sequential([keras.Input((8, 8, 3)), layers.SeparableConv2D(5, 3, activation="relu"),
                              layers.GlobalAveragePooling2D(), layers.Dense(1)])
    assert model.layers[0].count_params() == 3 * 3 * 3 + 3 * 5 + 5
    x = np.random.default_rng(1).normal(size=(32, 8, 8, 3)).astype("float32")
    y = x[:, :4, :4, 0].mean(axis=(1, 2))[:, None]
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_separable_conv_is_saved_and_errors_name_the_layer(tmp_path):
    model = keras.Sequential([keras.Input((6, 6, 2)), layers.SeparableConv2D(3, 3, depth_multiplier=2,
                                                                             padding="same", name="sep")])
    x = np.ones((1, 6, 6, 2), "float32")
    model.save(tmp_path / "sep.keras")
    np.testing.assert_allclose(np.asarray(keras.saving.load_model(tmp_path / "sep.keras")(x)),
                               np.asarray(model(x)), rtol=1e-6)
    with pytest.raises(ValueError, match="'sep'.*channels"):
        model.layers[0](np.ones((1, 6, 6, 5), "float32"))
    with pytest.raises(ValueError, match="padding"):
        layers.SeparableConv2D(3, 3, padding="causal")
