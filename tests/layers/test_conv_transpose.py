"""Conv2DTranspose, Conv1DTranspose, UpSampling1D/2D layers."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from tests.layers.layer_gradients import check_layer_gradients


@pytest.mark.parametrize("padding, size", [("valid", 9), ("same", 8)])
def test_conv2d_transpose_shapes_and_parameters(padding, size):
    model = keras.Sequential([keras.Input(shape=(4, 4, 3)), layers.Conv2DTranspose(5, 3, strides=2, padding=padding)])
    assert model.output_shape == (None, size, size, 5)
    assert model.layers[0].kernel.shape == (3, 3, 5, 3) and model.count_params() == 3 * 3 * 5 * 3 + 5
    assert model(np.zeros((2, 4, 4, 3), np.float32)).shape == (2, size, size, 5)


def test_transposed_layers_gradients():
    rng = np.random.default_rng(0)
    assert check_layer_gradients(layers.Conv2DTranspose(2, (3, 2), strides=(2, 1), padding="same",
                                                        activation="tanh", dtype="float64"),
                                 rng.normal(size=(2, 3, 3, 2))) < 1e-6
    assert check_layer_gradients(layers.Conv1DTranspose(2, 3, strides=2, dtype="float64"),
                                 rng.normal(size=(2, 4, 3))) < 1e-6


def test_upsampling_layers():
    x = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)
    out = layers.UpSampling2D((2, 3))(x).data
    assert out.shape == (1, 4, 6, 2) and np.array_equal(out[0, 1, 2], x[0, 0, 0]) and np.array_equal(out[0, 3, 5], x[0, 1, 1])
    seq = np.arange(6, dtype=np.float32).reshape(1, 3, 2)
    up = layers.UpSampling1D(2)(seq).data
    assert up.shape == (1, 6, 2) and np.array_equal(up[0, ::2], seq[0]) and np.array_equal(up[0, 1::2], seq[0])
    assert layers.UpSampling2D(interpolation="bilinear")(x).shape == (1, 4, 4, 2)


def test_convolutional_autoencoder_trains_and_saves(tmp_path):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(1).uniform(size=(32, 8, 8, 1)).astype(np.float32)
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)),
                              layers.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
                              layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"),
                              layers.UpSampling2D(1), layers.Conv2D(1, 3, padding="same", activation="sigmoid")])
    model.compile(optimizer="adam", loss="mse")
    before = model.evaluate(x, x, verbose=0)
    model.fit(x, x, epochs=20, batch_size=8, verbose=0)
    assert model.evaluate(x, x, verbose=0) < before
    model.save(tmp_path / "m.keras")
    assert np.allclose(keras.models.load_model(tmp_path / "m.keras")(x).data, model(x).data)


def _torch_transposed(layer, x, stride, output_padding):
    torch = pytest.importorskip("torch")
    rank = x.ndim - 2
    kernel = layer.kernel.data                                   # Keras: (k..., filters, in)
    weight = np.moveaxis(kernel, (-1, -2), (0, 1))               # PyTorch: (in, filters, k...)
    op = torch.nn.functional.conv_transpose1d if rank == 1 else torch.nn.functional.conv_transpose2d
    channels_first = np.moveaxis(x, -1, 1)
    out = op(torch.from_numpy(channels_first), torch.from_numpy(np.ascontiguousarray(weight)),
             torch.from_numpy(layer.bias.data), stride=stride, output_padding=output_padding)
    return np.moveaxis(out.numpy(), 1, -1)


@pytest.mark.parametrize("rank", [1, 2])
def test_output_padding_adds_rows_at_the_end_as_pytorch_does(rank):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 2) if rank == 1 else (2, 3, 4, 2))
    make = layers.Conv1DTranspose if rank == 1 else layers.Conv2DTranspose
    layer = make(4, 3, strides=2, output_padding=1, dtype="float64", bias_initializer="random_normal")
    out = layer(x).numpy()
    assert out.shape[1:-1] == ((3 - 1) * 2 + 3 + 1,) * 1 + (() if rank == 1 else ((4 - 1) * 2 + 3 + 1,))
    np.testing.assert_allclose(out, _torch_transposed(layer, x, 2, 1), atol=1e-12)
    assert layer.compute_output_shape((None,) + x.shape[1:]) == (None,) + out.shape[1:]
    same = make(4, 3, strides=2, padding="same", output_padding=1)
    sizes = (3,) if rank == 1 else (3, 4)
    assert same.compute_output_shape((None, *sizes, 2)) == (None, *((n - 1) * 2 + 1 + 1 for n in sizes), 4)
    assert tuple(same(x.astype("float32")).shape) == (2, *((n - 1) * 2 + 1 + 1 for n in sizes), 4)
    assert make(4, 3, strides=2, output_padding=1).get_config()["output_padding"] == [1] * rank


def test_output_padding_from_zero_to_below_the_stride_and_only_valid_or_same_padding():
    layers.Conv2DTranspose(2, 3, strides=3, output_padding=0)
    layers.Conv2DTranspose(2, 3, strides=3, output_padding=(2, 0))
    for bad in (3, -1, (0, 3)):
        with pytest.raises(ValueError, match=r"'up'.*output_padding must be at least 0 and smaller than the stride"):
            layers.Conv2DTranspose(2, 3, strides=3, output_padding=bad, name="up")
    with pytest.raises(ValueError, match="padding must be 'valid' or 'same', got 'causal'"):
        layers.Conv1DTranspose(2, 3, padding="causal")


def test_an_input_of_the_wrong_rank_names_the_layer_and_the_rank_expected():
    with pytest.raises(ValueError, match=r"'up2d' \(Conv2DTranspose\) expects input of rank 4"):
        layers.Conv2DTranspose(2, 3, name="up2d")(np.zeros((2, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"'up1d' \(Conv1DTranspose\) expects input of rank 3"):
        layers.Conv1DTranspose(2, 3, name="up1d").compute_output_shape((None, 5, 5, 3))
    with pytest.raises(ValueError, match=r"'built' \(Conv2DTranspose\) expects input of rank 4"):
        layers.Conv2DTranspose(2, 3, name="built").build((None, 5, 3))              # building directly, too
    with pytest.raises(ValueError, match=r"Conv1DTranspose 'open': the channel axis of the input must be known"):
        layers.Conv1DTranspose(2, 3, name="open").build((None, 5, None))
