"""Tests for glassnet/regularizers.py: Keras formulas, gradients and (de)serialization."""
import numpy as np
import pytest

from glassnet import regularizers
from glassnet.autodiff import Tensor


W = np.array([[1.0, -2.0], [0.5, 0.0]])


def test_l1_l2_values_match_keras_formulas():
    w = Tensor(W, requires_grad=True)
    assert regularizers.L1(0.1)(w).item() == pytest.approx(0.1 * 3.5)
    assert regularizers.L2(0.1)(w).item() == pytest.approx(0.1 * 5.25)
    assert regularizers.L1L2(0.1, 0.2)(w).item() == pytest.approx(0.35 + 0.2 * 5.25)
    assert regularizers.get("l2").l2 == 0.01 and regularizers.get("l1").l1 == 0.01
    assert regularizers.get("l1_l2").get_config() == {"l1": 0.0, "l2": 0.0}


def test_gradients_are_sign_and_two_w():
    w = Tensor(W, requires_grad=True)
    regularizers.L1(0.1)(w).backward()
    np.testing.assert_allclose(w.grad, 0.1 * np.sign(W))
    regularizers.L2(0.1)(w).backward()
    np.testing.assert_allclose(w.grad, 0.2 * W)
    regularizers.L1L2(0.1, 0.1)(w).backward()
    np.testing.assert_allclose(w.grad, 0.1 * np.sign(W) + 0.2 * W)


def test_gradients_match_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    data = rng.normal(size=(4, 3))
    w = Tensor(data, requires_grad=True)
    regularizers.L1L2(0.03, 0.07)(w).backward()
    tw = torch.tensor(data, requires_grad=True)
    (0.03 * tw.abs().sum() + 0.07 * (tw ** 2).sum()).backward()
    np.testing.assert_allclose(w.grad, tw.grad.numpy(), rtol=1e-12)


def test_float32_stays_float32():
    w = Tensor(W.astype(np.float32), requires_grad=True)
    assert regularizers.L2(1e-4)(w).dtype == np.float32


def test_serialize_round_trip_and_errors():
    reg = regularizers.L1L2(l1=0.001, l2=0.002)
    again = regularizers.deserialize(regularizers.serialize(reg))
    assert isinstance(again, regularizers.L1L2) and again.get_config() == reg.get_config()
    assert regularizers.get(None) is None
    assert regularizers.get({"class_name": "L2", "config": {"l2": 0.5}}).l2 == 0.5
    with pytest.raises(ValueError, match="l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="non-negative"):
        regularizers.L2(-1.0)
