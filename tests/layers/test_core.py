"""Dense, Activation, Dropout, Flatten, Reshape, InputLayer: values, gradients, Keras behaviour, errors."""
from __future__ import annotations

import json

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops
from glassnet.autodiff import Tensor
from glassnet.random import set_random_seed
from glassnet.utils.gradcheck import relative_error

from .layer_gradients import check_layer_gradients

RNG = np.random.default_rng(11)
X = RNG.normal(size=(4, 5))
ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "gelu", "elu", "softplus"]
TORCH_ACTIVATIONS = {
    "linear": lambda z: z, "relu": lambda z: z.relu(), "sigmoid": lambda z: z.sigmoid(),
    "tanh": lambda z: z.tanh(), "softmax": lambda z: z.softmax(-1),
    "leaky_relu": lambda z: __import__("torch").nn.functional.leaky_relu(z, 0.2),
    "gelu": lambda z: __import__("torch").nn.functional.gelu(z), "elu": lambda z: __import__("torch").nn.functional.elu(z),
    "softplus": lambda z: __import__("torch").nn.functional.softplus(z),
}


def _dense(activation, use_bias=True):
    layer = layers.Dense(3, activation=activation, use_bias=use_bias, dtype="float64",
                         bias_initializer="random_normal")
    layer.build((None, 5))
    return layer


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("use_bias", [True, False])
def test_dense_gradients_match_finite_differences(activation, use_bias):
    assert check_layer_gradients(_dense(activation, use_bias), X) < 1e-6


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_values_and_gradients_match_torch(activation):
    torch = pytest.importorskip("torch")
    layer = _dense(activation)
    x = Tensor(X.copy(), requires_grad=True)
    out = layer(x)
    projection = RNG.normal(size=out.shape)
    out.backward(projection)
    tx = torch.tensor(X, requires_grad=True)
    tw = torch.tensor(layer.kernel.data, requires_grad=True)
    tb = torch.tensor(layer.bias.data, requires_grad=True)
    reference = TORCH_ACTIVATIONS[activation](tx @ tw + tb)
    (reference * torch.tensor(projection)).sum().backward()
    assert relative_error(out.data, reference.detach().numpy()) < 1e-6
    for mine, theirs in [(x, tx), (layer.kernel, tw), (layer.bias, tb)]:
        assert relative_error(mine.grad, theirs.grad.numpy()) < 1e-6


def test_dense_glass_box_z_a_and_delta():
    layer = _dense("sigmoid")
    x = Tensor(X)
    a = layer(x)
    assert layer.a is a
    np.testing.assert_allclose(layer.z.data, X @ layer.kernel.data + layer.bias.data)
    ops.sum(a).backward()
    sig = 1 / (1 + np.exp(-layer.z.data))
    np.testing.assert_allclose(layer.z.grad, sig * (1 - sig))                 # δ = dL/dz
    np.testing.assert_allclose(layer.kernel.grad, X.T @ layer.z.grad)         # dL/dW = aᵀδ
    np.testing.assert_allclose(layer.bias.grad, layer.z.grad.sum(0))          # dL/db = Σδ


def test_dense_shape_errors_name_the_layer():
    dense = layers.Dense(4, name="dense_1")
    dense(np.zeros((2, 784), dtype=np.float32))
    with pytest.raises(ValueError, match=r"layer 'dense_1' expected input with last dimension 784, got shape \(32, 780\)"):
        dense(np.zeros((32, 780), dtype=np.float32))
    declared = layers.Dense(4, input_dim=10, name="first")
    with pytest.raises(ValueError, match=r"layer 'first' was declared with input shape \(None, 10\), got input of shape \(None, 9\)"):
        declared(np.zeros((3, 9)))
    with pytest.raises(ValueError, match="units must be a positive integer"):
        layers.Dense(0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        layers.Dense(3, kernel_initialiser="zeros")


def test_dense_keras_arguments_and_parameter_count():
    inputs = keras.Input(shape=(4,))
    first = layers.Dense(3)
    second = layers.Dense(1, use_bias=False)
    out = second(first(inputs))
    assert out.shape == (None, 1)
    assert first.count_params() + second.count_params() == 15 + 3
    assert layers.Dense(16, input_dim=8)._batch_input_shape == (None, 8)
    assert layers.Dense(16, input_shape=(8,))._batch_input_shape == (None, 8)
    dense = layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    np.testing.assert_allclose(dense(np.ones((1, 3))).data, [[3, 3]])
    assert dense.kernel.dtype == np.float32 and dense(np.ones((1, 3))).dtype == np.float32


def test_dense_on_3d_input_acts_on_the_last_axis():
    layer = layers.Dense(2, dtype="float64")
    x = RNG.normal(size=(2, 3, 5))
    assert layer(x).shape == (2, 3, 2)
    assert layer.compute_output_shape((None, 3, 5)) == (None, 3, 2)
    assert check_layer_gradients(layer, x) < 1e-6


def test_dense_regularizers_report_losses():
    from glassnet import regularizers
    layer = layers.Dense(3, kernel_regularizer=regularizers.L2(0.1), bias_regularizer="l1",
                         activity_regularizer=regularizers.L1(0.5), bias_initializer="ones")
    out = layer(np.ones((4, 2), dtype=np.float32))
    penalties = layer.losses
    assert len(penalties) == 3
    assert penalties[0].item() == pytest.approx(0.1 * np.sum(layer.kernel.data ** 2), rel=1e-5)
    assert penalties[1].item() == pytest.approx(0.01 * 3, rel=1e-5)
    assert penalties[2].item() == pytest.approx(0.5 * np.abs(out.data).sum() / 4, rel=1e-5)


@pytest.mark.parametrize("layer", [
    layers.Dense(3, activation="relu", use_bias=False, kernel_initializer="he_normal", kernel_regularizer="l2"),
    layers.Activation("tanh"), layers.Dropout(0.3, seed=4), layers.Flatten(), layers.Reshape((2, -1)),
    layers.InputLayer(shape=(6,)),
])
def test_get_config_round_trips_through_deserialize(layer):
    config = json.loads(json.dumps(layers.serialize(layer)))
    again = layers.deserialize(config)
    assert type(again) is type(layer) and again.get_config() == layer.get_config()


def test_activation_layer():
    out = layers.Activation("relu")(np.array([[-1.0, 2.0]]))
    np.testing.assert_allclose(out.data, [[0, 2]])
    assert check_layer_gradients(layers.Activation("tanh", dtype="float64"), X) < 1e-6


def test_dropout_only_when_training_and_inverted():
    layer = layers.Dropout(0.5)
    x = np.ones((100, 40), dtype=np.float32)
    assert layer(x).data is not None and np.array_equal(layer(x).data, x)
    out = layer(x, training=True).data
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert abs((out == 0).mean() - 0.5) < 0.05


def test_dropout_draws_from_glassnet_random_and_seed():
    x = np.ones((10, 10))
    set_random_seed(3)
    first = layers.Dropout(0.4)(x, training=True).data
    set_random_seed(3)
    second = layers.Dropout(0.4)(x, training=True).data
    np.testing.assert_array_equal(first, second)
    a = layers.Dropout(0.4, seed=9)(x, training=True).data
    b = layers.Dropout(0.4, seed=9)(x, training=True).data
    np.testing.assert_array_equal(a, b)


def test_dropout_gradient_uses_the_same_mask():
    layer = layers.Dropout(0.3, seed=0, dtype="float64")
    x = Tensor(X.copy(), requires_grad=True)
    out = layer(x, training=True)
    ops.sum(out).backward()
    np.testing.assert_allclose(x.grad, out.data / X)


def test_numpy_numbers_are_accepted_as_hyperparameters():
    # e.g. from np.linspace or a grid stored in a float32 array
    assert layers.Dropout(np.float32(0.5)).rate == 0.5
    assert layers.Dense(np.int64(3)).units == 3


@pytest.mark.parametrize("rate", [-0.1, 1.0, "0.5"])
def test_dropout_rate_is_checked(rate):
    with pytest.raises(ValueError, match="rate must be a number in"):
        layers.Dropout(rate)


def test_flatten_and_reshape():
    x = RNG.normal(size=(2, 3, 4))
    assert layers.Flatten()(x).shape == (2, 12)
    assert layers.Reshape((4, 3))(x).shape == (2, 4, 3)
    assert layers.Reshape((-1, 2))(x).shape == (2, 6, 2)
    symbolic = layers.Flatten()(layers.Reshape((7, 4, -1))(keras.Input(shape=(28, 2))))
    assert symbolic.shape == (None, 56)
    assert check_layer_gradients(layers.Flatten(dtype="float64"), x) < 1e-6
    assert check_layer_gradients(layers.Reshape((6, 2), dtype="float64"), x) < 1e-6
    with pytest.raises(ValueError, match=r"cannot reshape samples of shape \(3, 4\) \(12 values\) to \(5, 2\)"):
        layers.Reshape((5, 2))(x)
    with pytest.raises(ValueError, match="at most one -1"):
        layers.Reshape((-1, -1))


def test_input_layer_passes_through_and_declares_the_shape():
    layer = layers.InputLayer(shape=(3,))
    assert layer._batch_input_shape == (None, 3)
    np.testing.assert_array_equal(layer(np.ones((2, 3))).data, np.ones((2, 3)))
    with pytest.raises(ValueError, match="give shape"):
        layers.InputLayer()


def test_training_through_a_step_layer_fails_with_the_reason():
    perceptron = layers.Dense(1, activation="step")
    out = perceptron(np.array([[1.0, -2.0], [0.5, 0.5]], dtype=np.float32))
    assert set(np.unique(out.data)) <= {0.0, 1.0}
    with pytest.raises(RuntimeError, match="'step' activation has no useful gradient"):
        ops.mean(out).backward()


def test_dropout_noise_shape_round_trips():
    layer = layers.Dropout(0.5, noise_shape=(None, 1, 4), seed=2)
    out = layer(np.ones((3, 2, 4)), training=True).data
    assert np.all(out[:, 0] == out[:, 1])
    again = layers.deserialize(json.loads(json.dumps(layers.serialize(layer))))
    assert again.get_config() == layer.get_config() and again.noise_shape == (None, 1, 4)


def test_integer_input_dtype_is_declared_and_feeds_an_embedding():
    """keras.Input(shape=(None,), dtype="int32"), the usual front of a text model, builds and runs."""
    import glassnet as keras
    inputs = keras.Input(shape=(None,), dtype="int32")
    model = keras.Model(inputs, layers.Embedding(10, 2)(inputs))
    ids = np.array([[1, 2, 3]])
    np.testing.assert_allclose(model.predict(ids, verbose=0)[0], model.layers[-1].get_weights()[0][[1, 2, 3]])
    assert layers.InputLayer(shape=(3,), dtype="int32").get_config()["dtype"] == "int32"


def test_dense_regularizers_survive_the_config_round_trip():
    dense = layers.Dense(2, kernel_regularizer=keras.regularizers.L2(0.1), bias_regularizer="l1", name="reg")
    config = json.loads(json.dumps(dense.get_config()))
    clone = layers.Dense.from_config(config)
    clone(np.ones((1, 3), np.float32))
    clone.kernel.data[...] = 1.0
    clone.bias.data[...] = -2.0
    penalty = sum(float(loss.data) for loss in clone.losses)
    assert penalty == pytest.approx(0.1 * 6 + 0.01 * 4)


def test_dropout_called_directly_defaults_to_inference():
    x = Tensor(np.ones((4, 5)))
    np.testing.assert_array_equal(layers.Dropout(0.5).call(x).data, x.data)


def test_flatten_config_round_trips():
    flatten = layers.Flatten(name="flat")
    clone = layers.deserialize(json.loads(json.dumps(layers.serialize(flatten))))
    assert isinstance(clone, layers.Flatten) and clone.name == "flat" and clone.get_config()["data_format"] is None


def test_reshape_of_samples_of_unknown_size_keeps_the_unknown_axis():
    assert layers.Reshape((-1, 2))(keras.Input(shape=(None, 4))).shape == (None, None, 2)
    assert layers.Reshape((3, 2))(keras.Input(shape=(None,))).shape == (None, 3, 2)


def test_an_input_layer_declared_by_its_batch_shape():
    model = keras.Sequential([layers.InputLayer(batch_shape=(None, 4)), layers.Dense(2)])
    assert model.input_shape == (None, 4) and model.output_shape == (None, 2)
