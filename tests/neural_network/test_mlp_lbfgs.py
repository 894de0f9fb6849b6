"""_mlp_lbfgs: the packing of the weights, and the refusal without SciPy."""
import sys

import numpy as np
import pytest

from glassnet.neural_network import MLPClassifier, MLPRegressor
from glassnet.neural_network._mlp_lbfgs import pack, unpack


def test_pack_puts_all_weight_matrices_before_all_biases_and_unpack_inverts_it():
    coefs = [np.arange(6.0).reshape(2, 3), np.arange(3.0).reshape(3, 1) + 10]
    intercepts = [np.array([20.0, 21, 22]), np.array([30.0])]
    theta = pack(coefs, intercepts)
    np.testing.assert_array_equal(theta, [0, 1, 2, 3, 4, 5, 10, 11, 12, 20, 21, 22, 30])
    back_coefs, back_intercepts = unpack(theta, [(2, 3), (3, 1)])
    for a, b in zip(coefs + intercepts, back_coefs + back_intercepts):
        np.testing.assert_array_equal(a, b)


def test_lbfgs_without_scipy_names_scipy_and_the_other_solvers(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)      # import scipy.optimize fails
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2
    with pytest.raises(ImportError, match=r"SciPy.*pip install scipy.*solver='adam'"):
        MLPClassifier(solver="lbfgs").fit(X, y)
    with pytest.warns(Warning, match="Maximum iterations"):
        MLPClassifier(solver="adam", max_iter=5).fit(X, y)             # the others need no SciPy


def test_lbfgs_lowers_the_loss_and_reports_iterations():
    pytest.importorskip("scipy")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.normal(size=60)
    short = MLPRegressor(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=1, random_state=0)
    with pytest.warns(Warning, match="lbfgs failed to converge"):
        short.fit(X, y)
    model = MLPRegressor(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=300, random_state=0).fit(X, y)
    assert model.loss_ < 0.1 * short.loss_
    assert 1 < model.n_iter_ <= 300 and model.score(X, y) > 0.95
