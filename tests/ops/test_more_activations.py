"""glassnet.ops.more_activations and the new names in glassnet.activations: values and slopes against
PyTorch and finite differences, and the documented shapes of each piecewise function."""
from __future__ import annotations

import numpy as np
import pytest

import glassnet as keras
from glassnet import activations, ops
from glassnet.ops import more_activations as M
from glassnet.utils.gradcheck import check_against_torch, check_gradients

# values away from every kink (0, ±0.5, ±1, ±3, 6) so that finite differences are exact
Z = np.array([[-7.3, -4.1, -2.2, -0.8, -0.3, 0.2, 0.7, 1.4, 2.6, 4.4, 5.5, 6.8]])


def _torch():
    return pytest.importorskip("torch")


def _f():
    return pytest.importorskip("torch").nn.functional


CASES = {
    "relu6": (M.relu6, lambda z: _f().relu6(z)),
    "hard_sigmoid": (M.hard_sigmoid, lambda z: _f().hardsigmoid(z)),
    "hard_silu": (M.hard_silu, lambda z: _f().hardswish(z)),
    "hard_tanh": (M.hard_tanh, lambda z: _f().hardtanh(z)),
    "soft_shrink": (M.soft_shrink, lambda z: _f().softshrink(z, 0.5)),
    "hard_shrink": (M.hard_shrink, lambda z: _f().hardshrink(z, 0.5)),
    "tanh_shrink": (M.tanh_shrink, lambda z: _f().tanhshrink(z)),
    "log_sigmoid": (M.log_sigmoid, lambda z: _f().logsigmoid(z)),
    "celu": (lambda z: M.celu(z, 0.7), lambda z: _f().celu(z, 0.7)),
    "mish": (M.mish, lambda z: _f().mish(z)),
    "glu": (M.glu, lambda z: _f().glu(z, -1)),
    "threshold": (lambda z: M.threshold(z, 1.0, -2.0), lambda z: _f().threshold(z, 1.0, -2.0)),
    "relu_options": (lambda z: activations.relu(z, negative_slope=0.1, max_value=5.0, threshold=-1.0),
                     lambda z: _torch().where(z >= -1.0, z, 0.1 * (z + 1.0)).clamp(max=5.0)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_and_slope_match_torch(name):
    fn, torch_fn = CASES[name]
    assert check_against_torch(fn, torch_fn, [Z]) < 1e-6


@pytest.mark.parametrize("fn", [M.relu6, M.hard_sigmoid, M.hard_silu, M.sparse_sigmoid, M.sparse_plus, M.squareplus,
                                M.celu, M.mish, M.log_sigmoid, M.soft_shrink, M.sparsemax, M.glu],
                         ids=lambda f: f.__name__)
def test_slope_matches_finite_differences(fn):
    assert check_gradients(fn, [Z]) < 1e-6


def test_sparse_functions_follow_their_definitions():
    z = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
    np.testing.assert_allclose(M.sparse_plus(z).numpy(), [0, 0, 0.0625, 0.25, 0.5625, 1, 2])
    np.testing.assert_allclose(M.sparse_sigmoid(z).numpy(), [0, 0, 0.25, 0.5, 0.75, 1, 1])
    np.testing.assert_allclose(M.squareplus(z, b=4).numpy(), (z + np.sqrt(z * z + 4)) / 2)
    np.testing.assert_allclose(M.hard_sigmoid(np.array([-3.0, -1.0, 0.0, 3.0])).numpy(), [0, 1 / 3, 0.5, 1])


def test_sparsemax_projects_onto_the_simplex_with_exact_zeros():
    z = np.array([[1.0, 2.0, 3.0], [0.1, 0.2, 0.15], [-1.0, 5.0, 4.5]])
    p = M.sparsemax(z).numpy()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], [0, 0, 1])
    np.testing.assert_allclose(p[2], [0, 0.75, 0.25])
    # the projection: p minimises ‖p − z‖ over the simplex, so no random simplex point is closer
    rng = np.random.default_rng(0)
    others = rng.dirichlet(np.ones(3), size=2000)
    assert np.all(((others - z[1]) ** 2).sum(axis=1) >= ((p[1] - z[1]) ** 2).sum() - 1e-12)
    axis0 = M.sparsemax(z.T, axis=0).numpy()
    np.testing.assert_allclose(axis0, p.T)


def test_glu_refuses_an_odd_axis():
    with pytest.raises(ValueError, match="even size"):
        M.glu(np.ones((2, 3)))


@pytest.mark.parametrize("name", ["relu6", "hard_sigmoid", "hard_silu", "hard_swish", "mish", "celu", "log_sigmoid",
                                  "softsign", "exponential", "squareplus", "sparse_plus", "tanh_shrink"])
def test_every_new_name_is_found_by_layers_and_survives_saving(name, tmp_path):
    assert activations.get(name) is getattr(activations, name) or name == "hard_swish"
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation=name), keras.layers.Dense(1)])
    x = np.random.default_rng(1).normal(size=(5, 3)).astype("float32")
    before = model.predict(x, verbose=0)
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), before, rtol=1e-6)


def test_keras_ops_names_are_exported():
    for name in ["relu6", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "sparse_sigmoid", "sparse_plus",
                 "soft_shrink", "hard_shrink", "threshold", "tanh_shrink", "log_sigmoid", "celu", "squareplus",
                 "mish", "glu", "sparsemax"]:
        assert callable(getattr(ops, name)), name
