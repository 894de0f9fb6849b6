"""Tests for glassnet/initializers.py: Keras names, formulas, dtypes and seeding."""
import math

import numpy as np
import pytest

from glassnet import initializers
from glassnet.config import set_floatx
from glassnet.random import set_random_seed


def test_compute_fans_follow_keras():
    assert initializers.compute_fans(()) == (1, 1)
    assert initializers.compute_fans((7,)) == (7, 7)
    assert initializers.compute_fans((3, 5)) == (3, 5)
    # a convolution kernel (kh, kw, c_in, c_out): fans times the receptive field kh·kw
    assert initializers.compute_fans((3, 3, 4, 8)) == (36, 72)


def test_glorot_uniform_limit():
    w = initializers.GlorotUniform(seed=0)((300, 200))
    limit = math.sqrt(6 / (300 + 200))
    assert w.dtype == np.float32
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.95 * limit
    assert abs(w.std() - limit / math.sqrt(3)) < 0.01 * limit


def test_he_uniform_limit():
    w = initializers.get("he_uniform")((400, 100))
    limit = math.sqrt(6 / 400)
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.95 * limit


@pytest.mark.parametrize("name, expected_std", [
    ("he_normal", math.sqrt(2 / 500)),
    ("glorot_normal", math.sqrt(2 / (500 + 300))),
    ("lecun_normal", math.sqrt(1 / 500)),
])
def test_truncated_normal_family_has_the_keras_std_and_cut(name, expected_std):
    w = initializers.get(name)((500, 300))
    # Keras divides by 0.8796 so that the truncated values have std √(scale/n) exactly
    assert abs(w.std() - expected_std) < 0.02 * expected_std
    raw_std = expected_std / 0.87962566103423978
    assert np.abs(w).max() <= 2 * raw_std * (1 + 1e-6)
    assert abs(w.mean()) < 0.02 * expected_std * 10


def test_random_normal_and_uniform_defaults():
    n = initializers.RandomNormal(seed=1)((200, 200))
    assert abs(n.std() - 0.05) < 0.002 and abs(n.mean()) < 0.002
    u = initializers.RandomUniform(seed=1)((200, 200))
    assert u.min() >= -0.05 and u.max() < 0.05
    t = initializers.TruncatedNormal(stddev=1.0, seed=1)((100, 100))
    assert np.abs(t).max() <= 2.0


def test_constant_family():
    assert np.all(initializers.get("zeros")((2, 3)) == 0)
    assert np.all(initializers.get("ones")((4,)) == 1)
    c = initializers.Constant(2.5)((2, 2), dtype="float64")
    assert c.dtype == np.float64 and np.all(c == 2.5)


def test_integer_seed_repeats_and_shared_rng_follows_global_seed():
    init = initializers.HeNormal(seed=42)
    np.testing.assert_array_equal(init((5, 4)), init((5, 4)))
    set_random_seed(7)
    a = initializers.GlorotUniform()((5, 4))
    b = initializers.GlorotUniform()((5, 4))
    set_random_seed(7)
    a2 = initializers.GlorotUniform()((5, 4))
    np.testing.assert_array_equal(a, a2)
    assert not np.array_equal(a, b)


def test_dtype_follows_floatx_and_argument():
    set_floatx("float64")
    try:
        assert initializers.get("glorot_uniform")((3, 3)).dtype == np.float64
    finally:
        set_floatx("float32")
    assert initializers.get("he_normal")((3, 3), dtype="float64").dtype == np.float64
    with pytest.raises(ValueError, match="float dtype"):
        initializers.get("zeros")((2,), dtype="int32")


def test_get_serialize_deserialize_round_trip():
    for name in ["glorot_uniform", "GlorotNormal", "he_uniform", "he_normal", "zeros", "ones",
                 "random_normal", "random_uniform", "truncated_normal", "lecun_normal"]:
        init = initializers.get(name)
        again = initializers.deserialize(initializers.serialize(init))
        assert type(again) is type(init) and again.get_config() == init.get_config()
    vs = initializers.VarianceScaling(scale=3.0, mode="fan_out", distribution="uniform", seed=3)
    again = initializers.get(initializers.serialize(vs))
    np.testing.assert_array_equal(vs((4, 6)), again((4, 6)))


def test_get_passes_callables_and_rejects_unknown_names():
    def my_init(shape, dtype=None):
        return np.full(shape, 3.0, dtype=dtype or np.float32)
    assert initializers.get(my_init) is my_init
    with pytest.raises(ValueError, match="glorot_uniform"):
        initializers.get("glorot_unifrom")
    with pytest.raises(ValueError, match="mode"):
        initializers.VarianceScaling(mode="fan_middle")


def test_identity_initializer_passes_the_input_through():
    from glassnet import initializers
    np.testing.assert_array_equal(initializers.Identity(gain=2.0)((2, 3)), 2.0 * np.eye(2, 3))
    layer = __import__("glassnet").layers.Dense(3, kernel_initializer="identity", use_bias=False)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    with pytest.raises(ValueError, match="must be 2-D"):
        initializers.Identity()((2, 2, 2))
