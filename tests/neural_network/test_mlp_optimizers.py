"""_mlp_optimizers: each step and schedule against the formulas, worked by hand."""
import numpy as np
import pytest

from glassnet.neural_network._mlp_optimizers import AdamSolver, SGDSolver


def test_sgd_classical_momentum_by_hand():
    p = np.array([1.0, 2.0])
    solver = SGDSolver([p], 0.1, momentum=0.5, nesterov=False)
    solver.update([p], [np.array([1.0, -1.0])])          # v = −0.1 g
    np.testing.assert_allclose(p, [0.9, 2.1])
    solver.update([p], [np.array([1.0, -1.0])])          # v = 0.5·v − 0.1 g = [−0.15, 0.15]
    np.testing.assert_allclose(p, [0.75, 2.25])


def test_sgd_nesterov_momentum_by_hand():
    p = np.array([0.0])
    solver = SGDSolver([p], 0.1, momentum=0.5, nesterov=True)
    solver.update([p], [np.array([1.0])])   # v = −0.1; step = 0.5·(−0.1) − 0.1 = −0.15
    np.testing.assert_allclose(p, [-0.15])
    np.testing.assert_allclose(solver.velocities[0], [-0.1])


def test_plain_sgd_without_momentum():
    p = np.array([1.0])
    SGDSolver([p], 0.25, momentum=0.0).update([p], [np.array([2.0])])
    np.testing.assert_allclose(p, [0.5])


def test_invscaling_schedule():
    solver = SGDSolver([np.zeros(1)], 0.5, "invscaling", power_t=0.5)
    solver.end_epoch(99)
    assert solver.learning_rate == pytest.approx(0.05)
    constant = SGDSolver([np.zeros(1)], 0.5, "constant")
    constant.end_epoch(99)
    assert constant.learning_rate == 0.5


def test_adaptive_divides_by_five_then_stops(capsys):
    solver = SGDSolver([np.zeros(1)], 1e-5, "adaptive")
    assert solver.stop_on_plateau("No progress.", verbose=True) is False
    assert solver.learning_rate == pytest.approx(2e-6)
    assert solver.stop_on_plateau("No progress.", verbose=False) is False
    assert solver.learning_rate == pytest.approx(4e-7)
    assert solver.stop_on_plateau("No progress.", verbose=True) is True
    assert "Setting learning rate" in capsys.readouterr().out
    assert SGDSolver([np.zeros(1)], 0.1, "constant").stop_on_plateau("x", False) is True
    assert AdamSolver([np.zeros(1)]).stop_on_plateau("x", False) is True


def test_adam_steps_by_hand():
    p = np.array([1.0, -1.0])
    solver = AdamSolver([p], learning_rate_init=0.1, beta_1=0.9, beta_2=0.999, epsilon=1e-8)
    g = np.array([0.5, -2.0])
    solver.update([p], [g])
    # first step: m̂ = g, v̂ = g², so every coordinate moves by −η·sign(g)
    np.testing.assert_allclose(p, [0.9, -0.9], rtol=1e-6)
    after_first = p.copy()
    solver.update([p], [g])
    m, v = 0.9 * 0.1 * g + 0.1 * g, 0.999 * 0.001 * g ** 2 + 0.001 * g ** 2
    eta = 0.1 * np.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)
    np.testing.assert_allclose(p, after_first - eta * m / (np.sqrt(v) + 1e-8), rtol=1e-12)
    assert solver.t == 2
