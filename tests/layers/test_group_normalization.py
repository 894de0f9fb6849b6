"""GroupNormalization and UnitNormalization against PyTorch (values and gradients, float64), and
LayerNormalization's rms_scaling against the RMSNorm formula."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.autodiff import Tensor
from glassnet.config import set_floatx
from glassnet.layers import GroupNormalization, LayerNormalization, UnitNormalization

RNG = np.random.default_rng(17)


@pytest.fixture
def float64():
    set_floatx("float64")
    yield
    set_floatx("float32")


@pytest.mark.parametrize("groups", [1, 2, 6])
def test_group_normalization_equals_pytorch_with_its_gradients(groups, float64):
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=(3, 4, 5, 6)) * 2 + 1                 # (N, H, W, C)
    layer = GroupNormalization(groups=groups, epsilon=1e-3)
    layer.build(x.shape)
    layer.gamma.data[...] = RNG.uniform(0.5, 1.5, 6)
    layer.beta.data[...] = RNG.normal(size=6)
    weights = RNG.normal(size=x.shape)
    xt = Tensor(x, requires_grad=True)
    (layer(xt) * Tensor(weights)).sum().backward()

    ref = torch.nn.GroupNorm(groups, 6, eps=1e-3).double()
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(layer.gamma.data))
        ref.bias.copy_(torch.tensor(layer.beta.data))
    xr = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    out = ref(xr)
    (out * torch.tensor(weights.transpose(0, 3, 1, 2))).sum().backward()
    np.testing.assert_allclose(layer(Tensor(x)).numpy(), out.detach().numpy().transpose(0, 2, 3, 1), rtol=1e-10)
    np.testing.assert_allclose(xt.grad, xr.grad.numpy().transpose(0, 2, 3, 1), rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(layer.gamma.grad, ref.weight.grad.numpy(), rtol=1e-8)
    np.testing.assert_allclose(layer.beta.grad, ref.bias.grad.numpy(), rtol=1e-8)


def test_group_normalization_checks_the_groups():
    with pytest.raises(ValueError, match="must divide the 6 channels"):
        GroupNormalization(groups=4)(np.zeros((2, 6), "float32"))
    assert GroupNormalization(groups=-1)(np.ones((2, 3, 4), "float32")).shape == (2, 3, 4)


def test_unit_normalization_gives_unit_vectors_and_pytorchs_gradient(float64):
    torch = pytest.importorskip("torch")
    x = RNG.normal(size=(4, 5))
    xt = Tensor(x, requires_grad=True)
    out = UnitNormalization()(xt)
    np.testing.assert_allclose(np.linalg.norm(out.numpy(), axis=1), 1.0)
    weights = RNG.normal(size=x.shape)
    (out * Tensor(weights)).sum().backward()
    xr = torch.tensor(x, requires_grad=True)
    (torch.nn.functional.normalize(xr, dim=-1) * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(xt.grad, xr.grad.numpy(), rtol=1e-8)


def test_layer_normalization_rms_scaling_is_rmsnorm_without_beta(float64):
    x = RNG.normal(size=(3, 8)) + 2
    layer = LayerNormalization(rms_scaling=True)
    out = layer(x).numpy()
    np.testing.assert_allclose(out, x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + 1e-3))
    assert layer.beta is None and layer.get_config()["rms_scaling"] is True
    assert not np.allclose(out.mean(axis=-1), 0)               # RMS scaling does not centre


@pytest.mark.parametrize("layer", [GroupNormalization(groups=2), UnitNormalization(), LayerNormalization(rms_scaling=True)],
                         ids=["group", "unit", "rms"])
def test_trains_inside_a_model_and_is_saved(layer, tmp_path):
    x = RNG.normal(size=(64, 4)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), layer, keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy")
    history = model.fit(x, y, epochs=8, verbose=0).history["loss"]
    assert history[-1] < history[0]
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5)
