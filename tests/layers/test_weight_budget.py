"""The ceiling on the bytes of weights layers may create while a model file loads."""
import numpy as np
import pytest

from glassnet import layers
from glassnet.layers.weight_budget import ENVIRONMENT_VARIABLE, max_model_bytes, weight_budget


def test_the_limit_is_the_argument_else_the_environment_else_one_gibibyte(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert max_model_bytes() == 2 ** 30
    assert max_model_bytes(1234) == 1234
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "2.5e6")
    assert max_model_bytes() == 2_500_000
    assert max_model_bytes(99) == 99                  # the argument wins over the environment
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "")
    assert max_model_bytes() == 2 ** 30               # an empty variable is no setting
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "lots")
    with pytest.raises(ValueError, match=rf"\${ENVIRONMENT_VARIABLE} must be a number of bytes, got 'lots'"):
        max_model_bytes()


def test_weights_up_to_the_limit_are_created_one_byte_more_is_refused_naming_layer_weight_and_file():
    # Dense(5) on 4 features in float32: kernel 4·5·4 = 80 bytes, bias 5·4 = 20 bytes
    with weight_budget(100, "'exact.keras'"):
        fits = layers.Dense(5, name="fits")
        fits.build((None, 4))
    assert fits.kernel.shape == (4, 5) and fits.bias.shape == (5,)
    with weight_budget(99, "'tight.keras'"):
        with pytest.raises(ValueError, match=r"Cannot load 'tight\.keras': layer 'big' declares a weight 'bias' "
                                             r"of shape \(5,\) \(20 bytes\).*limit of 99 bytes"):
            layers.Dense(5, name="big").build((None, 4))


def test_the_budget_counts_every_weight_of_every_layer_in_the_block_at_its_dtype_size():
    with weight_budget(8 * 12 + 4 * 12, "'m.keras'"):
        layers.Dense(3, use_bias=False, dtype="float64").build((None, 4))     # 96 bytes
        layers.Dense(3, use_bias=False).build((None, 4))                      # 48 bytes: exactly the limit
        with pytest.raises(ValueError, match=r"layer 'one_more'.*\(1, 1\) \(4 bytes\)"):
            layers.Dense(1, use_bias=False, name="one_more").build((None, 1))


def test_outside_a_budget_nothing_is_counted_and_budgets_do_not_leak_out_of_their_block():
    with weight_budget(10, "'small.keras'"):
        pass
    big = layers.Dense(64)
    big.build((None, 64))                      # 16 kB: fine, the block is over
    assert big.kernel.data.nbytes == 64 * 64 * np.dtype("float32").itemsize
    with weight_budget(10, "'outer.keras'"):
        with weight_budget(10_000, "'inner.keras'"):
            layers.Dense(8).build((None, 8))   # 288 bytes within the inner limit
        with pytest.raises(ValueError, match="outer.keras"):
            layers.Dense(8).build((None, 8))   # the outer budget is back in force
