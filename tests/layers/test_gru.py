"""GRU and SimpleRNN against PyTorch's nn.GRU / nn.RNN (values and gradients), masks, shapes, config."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


def _compare(layer, reference, x, order):
    """``order`` maps Keras's gate blocks onto PyTorch's (GRU: Keras z, r, h; PyTorch r, z, n)."""
    torch = pytest.importorskip("torch")
    n = layer.units
    xt = Tensor(x.copy(), requires_grad=True)
    out = layer(xt)

    def reorder(matrix):   # columns in Keras's gate order -> rows in PyTorch's
        return np.concatenate([matrix[..., k * n:(k + 1) * n] for k in order], axis=-1).T
    bias = layer.bias.data.reshape(-1, len(order) * n)
    with torch.no_grad():
        reference.weight_ih_l0.copy_(torch.from_numpy(reorder(layer.kernel.data)))
        reference.weight_hh_l0.copy_(torch.from_numpy(reorder(layer.recurrent_kernel.data)))
        reference.bias_ih_l0.copy_(torch.from_numpy(reorder(bias[0])))
        reference.bias_hh_l0.copy_(torch.from_numpy(reorder(bias[-1]) if len(bias) > 1 else np.zeros(len(order) * n)))
    xr = torch.from_numpy(x.copy()).requires_grad_(True)
    ref = reference(xr)[0]
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), atol=1e-12)
    projection = np.random.default_rng(5).normal(size=out.shape)
    out.backward(projection)
    (ref * torch.from_numpy(projection)).sum().backward()
    np.testing.assert_allclose(xt.grad, xr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(reorder(layer.recurrent_kernel.grad), reference.weight_hh_l0.grad.numpy(), atol=1e-10)


def test_gru_matches_pytorch_with_keras_gate_order_and_two_biases():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=(3, 5, 4))
    layer = layers.GRU(6, return_sequences=True, dtype="float64", bias_initializer="random_normal")
    _compare(layer, torch.nn.GRU(4, 6, batch_first=True).double(), x, order=[1, 0, 2])


def test_simple_rnn_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).normal(size=(2, 4, 3))
    layer = layers.SimpleRNN(5, return_sequences=True, dtype="float64", bias_initializer="random_normal")
    _compare(layer, torch.nn.RNN(3, 5, batch_first=True).double(), x, order=[0])


@pytest.mark.parametrize("cls", [layers.GRU, layers.SimpleRNN])
def test_masks_shapes_and_config(cls):
    rng = np.random.default_rng(2)
    layer = cls(4, dtype="float64")
    short = rng.normal(size=(1, 3, 2))
    padded = np.concatenate([short, np.zeros((1, 2, 2))], axis=1)
    mask = np.array([[True, True, True, False, False]])
    np.testing.assert_allclose(layer(padded, mask=mask).numpy(), layer(short).numpy(), atol=1e-12)
    assert tuple(cls(3, return_sequences=True)(keras.Input((None, 2))).shape) == (None, None, 3)
    clone = cls.from_config(cls(3, go_backwards=True, name="r").get_config())
    assert (clone.units, clone.go_backwards, clone.name) == (3, True, "r")


def test_gru_keras_bias_shape_and_first_fit_training():
    layer = layers.GRU(4)
    layer(np.zeros((1, 2, 3), dtype="float32"))
    assert layer.bias.shape == (2, 12) and layer.kernel.shape == (3, 12)
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 6, 1)).astype("float32")
    y = x.sum(axis=1)
    model = keras.Sequential([keras.Input((6, 1)), layers.GRU(8), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    with pytest.raises(NotImplementedError, match="reset_after"):
        layers.GRU(2, reset_after=False)
