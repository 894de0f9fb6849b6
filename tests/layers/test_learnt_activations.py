"""PReLU (a learnt slope), ELU and ReLU's threshold as layers, against PyTorch and Keras's formulas."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.autodiff import Tensor
from glassnet.config import set_floatx
from glassnet.layers import ELU, PReLU, ReLU

RNG = np.random.default_rng(18)


@pytest.fixture
def float64():
    set_floatx("float64")
    yield
    set_floatx("float32")


def test_prelu_shared_per_channel_equals_pytorch_with_its_gradients(float64):
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=(2, 3, 3, 4))
    layer = PReLU(alpha_initializer=keras.initializers.Constant(0.25), shared_axes=[1, 2])
    layer.build(x.shape)
    assert layer.alpha.shape == (1, 1, 4)
    layer.alpha.data[...] = RNG.uniform(0.05, 0.5, (1, 1, 4))
    weights = RNG.normal(size=x.shape)
    xt = Tensor(x, requires_grad=True)
    out = layer(xt)
    (out * Tensor(weights)).sum().backward()
    ref = torch.nn.PReLU(4).double()
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(layer.alpha.data.ravel()))
    xr = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    (ref(xr) * torch.tensor(weights.transpose(0, 3, 1, 2))).sum().backward()
    np.testing.assert_allclose(out.numpy(), ref(xr).detach().numpy().transpose(0, 2, 3, 1), rtol=1e-12)
    np.testing.assert_allclose(xt.grad, xr.grad.numpy().transpose(0, 2, 3, 1), rtol=1e-12)
    np.testing.assert_allclose(layer.alpha.grad.ravel(), ref.weight.grad.numpy(), rtol=1e-10)


def test_prelu_learns_its_slope():
    x = RNG.normal(size=(256, 1)).astype("float32")
    y = np.where(x > 0, x, 0.5 * x).astype("float32")           # a leaky ReLU with slope 0.5 to find
    layer = PReLU()
    model = keras.Sequential([keras.Input((1,)), layer])
    model.compile(keras.optimizers.SGD(0.5), "mse")
    model.fit(x, y, epochs=20, verbose=0)
    assert abs(float(layer.alpha.numpy().ravel()[0]) - 0.5) < 0.02


def test_elu_and_relu_threshold_follow_keras():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0], dtype="float32")
    np.testing.assert_allclose(ELU(alpha=0.7)(z).numpy(), np.where(z > 0, z, 0.7 * np.expm1(z)), rtol=1e-6)
    shifted = ReLU(negative_slope=0.1, threshold=0.5, max_value=2.0)(z).numpy()
    np.testing.assert_allclose(shifted, np.minimum(np.where(z >= 0.5, z, 0.1 * (z - 0.5)), 2.0), rtol=1e-6)


def test_prelu_and_elu_are_saved_with_the_model(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3), PReLU(alpha_initializer="ones"), ELU(0.5)])
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    x = RNG.normal(size=(4, 3)).astype("float32")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
