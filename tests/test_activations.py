"""glassnet.activations: lookup by name, Keras defaults, serialization."""
from __future__ import annotations

import numpy as np
import pytest

from glassnet import activations
from glassnet.autodiff import Tensor

NAMES = ["linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "gelu", "softmax", "log_softmax",
         "softplus", "silu", "swish", "elu", "selu"]


@pytest.mark.parametrize("name", NAMES)
def test_get_by_name_and_serialize_round_trip(name):
    fn = activations.get(name)
    assert activations.get(activations.serialize(fn)) is fn
    out = fn(Tensor(np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)))
    assert out.shape == (3, 4) and out.dtype == np.float32


def test_none_and_linear_are_the_identity():
    x = Tensor(np.array([-1.0, 2.0]))
    assert activations.get(None) is activations.linear
    assert activations.get(None)(x) is x


def test_callable_passes_through_and_names_are_case_insensitive():
    def custom(t):
        return t
    assert activations.get(custom) is custom
    assert activations.get("ReLU") is activations.relu


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'relux'.*relu"):
        activations.get("relux")
    with pytest.raises(TypeError, match="activation must be"):
        activations.get(3)


def test_custom_function_cannot_be_serialized_silently():
    with pytest.raises(ValueError, match="cannot serialize activation"):
        activations.serialize(lambda t: t)


def test_values_follow_keras():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    t = Tensor(z)
    np.testing.assert_allclose(activations.relu(t).data, np.maximum(z, 0))
    np.testing.assert_allclose(activations.leaky_relu(t).data, np.where(z > 0, z, 0.2 * z))
    np.testing.assert_allclose(activations.sigmoid(t).data, 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(activations.tanh(t).data, np.tanh(z))
    np.testing.assert_array_equal(activations.step(t).data, [0, 0, 0, 1, 1])
    np.testing.assert_allclose(activations.softmax(t).data, np.exp(z) / np.exp(z).sum())
    # gelu exact (erf) form, Keras 3 default approximate=False: gelu(1) = Φ(1) = 0.8413447460685429
    np.testing.assert_allclose(activations.gelu(Tensor(np.array([1.0]))).data, [0.8413447460685429], rtol=1e-14)
    np.testing.assert_allclose(activations.gelu(Tensor(np.array([1.0])), approximate=True).data,
                               [0.8411919906082768], rtol=1e-12)


def test_softmax_matches_torch():
    torch = pytest.importorskip("torch")
    z = np.random.default_rng(0).normal(size=(4, 7))
    np.testing.assert_allclose(activations.softmax(Tensor(z)).data, torch.tensor(z).softmax(-1).numpy(), rtol=1e-12)
