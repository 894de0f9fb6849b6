"""LayerNormalization against torch.nn.functional.layer_norm (values, gradients) and Keras's defaults."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


def test_matches_pytorch_layer_norm_and_its_gradients():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=(4, 3, 5))
    layer = layers.LayerNormalization(epsilon=1e-3, dtype="float64")
    xt = Tensor(x.copy(), requires_grad=True)
    out = layer(xt)
    layer.gamma.data[...] = rng.normal(size=5)
    layer.beta.data[...] = rng.normal(size=5)
    out = layer(xt)
    xr = torch.from_numpy(x.copy()).requires_grad_(True)
    g = torch.from_numpy(layer.gamma.data.copy()).requires_grad_(True)
    b = torch.from_numpy(layer.beta.data.copy()).requires_grad_(True)
    ref = torch.nn.functional.layer_norm(xr, (5,), g, b, eps=1e-3)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), atol=1e-12)
    projection = rng.normal(size=out.shape)
    out.backward(projection)
    (ref * torch.from_numpy(projection)).sum().backward()
    np.testing.assert_allclose(xt.grad, xr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(layer.gamma.grad, g.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(layer.beta.grad, b.grad.numpy(), atol=1e-10)


def test_each_sample_is_normalised_on_its_own_over_several_axes():
    x = np.random.default_rng(1).normal(5.0, 2.0, size=(3, 4, 6)).astype("float32")
    out = layers.LayerNormalization(axis=[1, 2], epsilon=0.0)(x).numpy()
    np.testing.assert_allclose(out.mean(axis=(1, 2)), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2)), 1.0, atol=1e-4)
    one = layers.LayerNormalization(axis=[1, 2], epsilon=0.0)(x[:1]).numpy()
    np.testing.assert_allclose(one, out[:1], atol=1e-5)   # the rest of the batch does not matter


def test_defaults_config_and_training_in_a_model():
    layer = layers.LayerNormalization(name="ln")
    layer(np.zeros((2, 4), dtype="float32"))
    assert layer.epsilon == 1e-3 and layer.gamma.shape == (4,) and layer.beta.shape == (4,)
    clone = layers.LayerNormalization.from_config(layer.get_config())
    assert (clone.axis, clone.epsilon, clone.name) == (-1, 1e-3, "ln")
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = x @ np.array([[1.0], [-1.0], [2.0], [0.0]], dtype="float32")
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.LayerNormalization(), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=15, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    with pytest.raises(ValueError, match="axis 3"):
        layers.LayerNormalization(axis=3)(np.zeros((2, 4), dtype="float32"))


def test_the_default_axis_is_the_last_one_with_gamma_and_beta_on_it():
    x = np.random.default_rng(2).normal(size=(2, 3, 4)).astype("float32")
    layer = layers.LayerNormalization(epsilon=0.0)
    out = layer(x).numpy()
    expected = (x - x.mean(-1, keepdims=True)) / x.std(-1, keepdims=True)
    np.testing.assert_allclose(out, expected, atol=1e-5)
    assert [w.name.split("/")[-1] for w in layer.weights] == ["gamma", "beta"] and layer.count_params() == 8
    bare = layers.LayerNormalization(center=False, scale=False)
    bare(x)
    assert bare.weights == [] and bare.get_config()["center"] is False


def test_negative_axes_count_from_the_end_and_axes_beyond_the_rank_are_refused():
    x = np.random.default_rng(3).normal(size=(5, 3, 4)).astype("float64")
    over_steps = layers.LayerNormalization(axis=-2, epsilon=0.0, dtype="float64")(x).numpy()
    np.testing.assert_allclose(over_steps, (x - x.mean(1, keepdims=True)) / x.std(1, keepdims=True), atol=1e-12)
    x = x[:, 0]
    for bad in (2, -3):
        with pytest.raises(ValueError, match=rf"'bad_axis': axis {bad} is out of range for inputs of rank 2"):
            layers.LayerNormalization(axis=bad, name="bad_axis")(x)


def test_epsilon_must_be_a_non_negative_number_and_normalised_axes_known():
    for bad in (-1e-3, "1e-3", None):
        with pytest.raises(ValueError, match=rf"epsilon must be a non-negative number, got {bad!r}"):
            layers.LayerNormalization(epsilon=bad)
    with pytest.raises(ValueError, match=r"'ln_none': the normalised axes \(2,\) of the input must be known"):
        layers.LayerNormalization(name="ln_none").build((None, 4, None))
    assert layers.LayerNormalization(axis=1).build((None, 4, None)) is None        # other axes may be unknown
