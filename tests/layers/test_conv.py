"""Conv1D / Conv2D layers: Keras shapes and parameter counts, gradients, models, files, errors."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.layers import Conv1D, Conv2D, Dense, Flatten, MaxPooling2D

from glassnet.utils.gradcheck import check_against_torch, check_gradients


def lenet5():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        Conv2D(6, 5, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(16, 5, activation="relu"),
        MaxPooling2D(2),
        Flatten(),
        Dense(120, activation="relu"),
        Dense(84, activation="relu"),
        Dense(10, activation="softmax"),
    ])


def test_conv2d_keras_defaults_and_kernel_layout():
    layer = Conv2D(4, 3)
    assert (layer.strides, layer.padding, layer.dilation_rate, layer.use_bias) == ((1, 1), "valid", (1, 1), True)
    layer(np.zeros((2, 7, 7, 3), dtype=np.float32))
    assert layer.kernel.shape == (3, 3, 3, 4) and layer.bias.shape == (4,)
    assert layer.count_params() == 3 * 3 * 3 * 4 + 4
    assert [w.dtype for w in layer.weights] == [np.float32, np.float32]


@pytest.mark.parametrize("kwargs,in_shape,out_shape", [
    ({"filters": 6, "kernel_size": 5, "padding": "same"}, (None, 28, 28, 1), (None, 28, 28, 6)),
    ({"filters": 16, "kernel_size": 5}, (None, 14, 14, 6), (None, 10, 10, 16)),
    ({"filters": 2, "kernel_size": 3, "strides": 2}, (None, 7, 8, 1), (None, 3, 3, 2)),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, 7, 8, 1), (None, 4, 4, 2)),
    ({"filters": 2, "kernel_size": 3, "dilation_rate": 2}, (None, 9, 9, 1), (None, 5, 5, 2)),
    ({"filters": 2, "kernel_size": (2, 4)}, (None, 5, 6, 3), (None, 4, 3, 2)),
])
def test_conv2d_output_shape_matches_data_and_keras(kwargs, in_shape, out_shape):
    layer = Conv2D(**kwargs)
    assert layer.compute_output_shape(in_shape) == out_shape
    out = layer(np.zeros((2,) + in_shape[1:], dtype=np.float32))
    assert out.shape == (2,) + out_shape[1:]


def test_lenet5_summary_matches_keras_parameter_count(capsys):
    model = lenet5()
    assert model.count_params() == 156 + 2416 + 48120 + 10164 + 850 == 61706
    model.summary()
    text = capsys.readouterr().out
    assert "61,706" in text or "61706" in text
    for shape in ["(None, 28, 28, 6)", "(None, 14, 14, 6)", "(None, 10, 10, 16)", "(None, 5, 5, 16)",
                  "(None, 400)"]:
        assert shape in text
    assert [layer.count_params() for layer in model.layers] == [156, 0, 2416, 0, 0, 48120, 10164, 850]


CASES = [
    # (batch, H, W, C, filters, kernel, strides, padding, dilation)
    (1, 5, 5, 1, 1, 3, 1, "valid", 1),
    (2, 6, 5, 2, 3, 3, 2, "same", 1),
    (2, 6, 6, 3, 2, 2, 1, "same", 1),
    (1, 7, 7, 2, 2, 3, 1, "valid", 2),
]


@pytest.mark.parametrize("n,h,w,c,f,k,s,padding,d", CASES)
def test_conv2d_layer_gradients_match_finite_differences_and_torch(n, h, w, c, f, k, s, padding, d):
    rng = np.random.default_rng(11)
    layer = Conv2D(f, k, strides=s, padding=padding, dilation_rate=d, activation="tanh", dtype="float64")
    x = rng.standard_normal((n, h, w, c))
    layer(x)
    kernel, bias = layer.get_weights()
    bias = rng.standard_normal(bias.shape)

    def fn(xt, kt, bt):
        layer.kernel, layer.bias = kt, bt
        return layer(xt)
    assert check_gradients(fn, [x, kernel, bias]) < 1e-6

    torch = pytest.importorskip("torch")
    F = torch.nn.functional

    def torch_fn(xt, kt, bt):
        xin = xt.permute(0, 3, 1, 2)
        if padding == "same":
            def pads(size):
                total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
                return total // 2, total - total // 2
            (top, bottom), (left, right) = pads(h), pads(w)
            xin = F.pad(xin, (left, right, top, bottom))
        out = F.conv2d(xin, kt.permute(3, 2, 0, 1), bt, stride=s, dilation=d)
        return torch.tanh(out).permute(0, 2, 3, 1)
    assert check_against_torch(fn, torch_fn, [x, kernel, bias]) < 1e-6


def test_conv2d_keeps_z_and_a_with_their_deltas():
    layer = Conv2D(2, 3, activation="relu")
    x = Tensor(np.random.default_rng(0).standard_normal((2, 5, 5, 1)).astype(np.float32))
    out = layer(x)
    out.sum().backward()
    assert layer.a is out and layer.z.shape == (2, 3, 3, 2)
    np.testing.assert_array_equal(layer.z.grad, (layer.z.data > 0).astype(np.float32))
    assert layer.kernel.grad.shape == (3, 3, 1, 2)


def test_conv1d_shapes_causal_and_gradients():
    layer = Conv1D(3, 4, padding="causal", dtype="float64")
    x = np.random.default_rng(1).standard_normal((2, 9, 2))
    out = layer(x)
    assert out.shape == (2, 9, 3) and layer.kernel.shape == (4, 2, 3)
    # causal: output at step t does not change when later steps change
    later = x.copy()
    later[:, 5:] += 1.0
    np.testing.assert_allclose(layer(later).data[:, :5], out.data[:, :5])
    assert Conv1D(2, 3, strides=2).compute_output_shape((None, 9, 1)) == (None, 4, 2)
    kernel, bias = layer.get_weights()

    def fn(xt, kt):
        layer.kernel = kt
        return layer(xt)
    assert check_gradients(fn, [x, kernel]) < 1e-6


def test_functional_and_subclassed_models_and_save_round_trip(tmp_path):
    inputs = keras.Input(shape=(8, 8, 2))
    a = Conv2D(3, 3, padding="same", activation="relu")(inputs)
    b = Conv2D(3, 1)(inputs)
    x = layers.Add()([a, b])
    x = Flatten()(MaxPooling2D()(x))
    outputs = Dense(2)(x)
    model = keras.Model(inputs, outputs)
    data = np.random.default_rng(2).standard_normal((4, 8, 8, 2)).astype(np.float32)
    expected = model.predict(data, verbose=0)
    path = tmp_path / "cnn.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(data, verbose=0), expected, rtol=1e-6)
    conv = [layer for layer in loaded.layers if isinstance(layer, Conv2D)][0]
    assert conv.get_config()["padding"] == "same" and conv.get_config()["kernel_size"] in ((3, 3), [3, 3])

    class TinyCNN(keras.Model):
        def __init__(self):
            super().__init__()
            self.conv = Conv2D(4, 3, activation="relu")
            self.pool = MaxPooling2D()
            self.flat = Flatten()
            self.out = Dense(3)

        def call(self, inputs, training=False):
            return self.out(self.flat(self.pool(self.conv(inputs))))
    sub = TinyCNN()
    assert sub(data).shape == (4, 3)
    assert len(sub.trainable_weights) == 4


def test_conv_layer_config_round_trip():
    layer = Conv2D(5, (3, 2), strides=(2, 1), padding="same", dilation_rate=1, activation="relu",
                   use_bias=False, kernel_initializer="he_normal", name="edges")
    clone = layers.deserialize(layers.serialize(layer))
    assert isinstance(clone, Conv2D) and clone.get_config() == layer.get_config()


@pytest.mark.parametrize("make,x_shape,match", [
    (lambda: Conv2D(2, 3, name="c1"), (5, 5, 1), "'c1'.*rank 4.*got shape \\(None, 5, 1\\)"),
    (lambda: Conv2D(2, 7, name="c2"), (1, 5, 5, 1), "'c2'.*larger than the input.*\\(5, 5\\)"),
    (lambda: Conv1D(2, 3, name="c3"), (1, 5, 5, 1), "'c3'.*rank 3"),
])
def test_conv_bad_input_names_the_layer_and_shapes(make, x_shape, match):
    with pytest.raises(ValueError, match=match):
        make()(np.zeros(x_shape, dtype=np.float32))


def test_conv_wrong_channel_count_after_build():
    layer = Conv2D(2, 3, name="gray")
    layer(np.zeros((1, 5, 5, 1), dtype=np.float32))
    with pytest.raises(ValueError, match="'gray'.*1 input channels.*\\(1, 5, 5, 3\\)"):
        layer(np.zeros((1, 5, 5, 3), dtype=np.float32))


@pytest.mark.parametrize("kwargs,match", [({"strides": 0}, "strides must be positive"),
                                          ({"strides": -1}, "strides must be positive"),
                                          ({"kernel_size": 0}, "kernel_size must be positive"),
                                          ({"padding": "full"}, "padding must be"),
                                          ({"data_format": "channels_first"}, "channels_last")])
def test_conv_bad_arguments(kwargs, match):
    args = {"filters": 2, "kernel_size": 3, **kwargs}
    with pytest.raises(ValueError, match=match):
        Conv2D(**args)


def test_the_output_shape_of_an_input_of_the_wrong_rank_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match=r"Layer 'c' \(Conv2D\) expects input of rank 4, \(batch, height, width, "
                                         r"channels\), got shape \(None, 8, 8\)"):
        Conv2D(2, 3, name="c").compute_output_shape((None, 8, 8))
    built = Conv2D(2, 3, name="d")
    built(keras.Input(shape=(8, 8, 1)))
    with pytest.raises(ValueError, match=r"Layer 'd' \(Conv2D\) expects input of rank 4"):
        built(keras.Input(shape=(8, 8)))


def test_an_error_of_the_convolution_itself_names_the_layer():
    with pytest.raises(ValueError, match=r"^Conv2D 'empty': conv2d: the kernel .* is larger than the padded input"):
        Conv2D(2, 3, padding="same", name="empty")(np.ones((1, 0, 5, 1), np.float32))
