import numpy as np
import pytest

from glassnet import ops, viz


def test_activations_are_drawn_with_their_autodiff_derivatives(not_blank):
    figure = viz.plot_function(["sigmoid", "relu", "tanh"])
    assert [ax.get_title() for ax in figure.axes] == ["sigmoid", "relu", "tanh"]
    sigmoid_ax = figure.axes[0]
    x, s = sigmoid_ax.lines[0].get_data()
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-x)), rtol=1e-6)
    np.testing.assert_allclose(sigmoid_ax.lines[1].get_ydata(), s * (1 - s), rtol=1e-5, atol=1e-7)
    x, r = figure.axes[1].lines[0].get_data()
    np.testing.assert_allclose(figure.axes[1].lines[1].get_ydata(), (x > 0).astype(float))
    x, t = figure.axes[2].lines[0].get_data()
    np.testing.assert_allclose(figure.axes[2].lines[1].get_ydata(), 1 - np.tanh(x) ** 2, rtol=1e-5, atol=1e-7)
    assert not_blank(figure)


def test_a_loss_of_the_prediction_and_its_derivative():
    p = np.linspace(0.05, 1, 50)
    figure = viz.plot_function(lambda q: -ops.log(q), p, names=["cross-entropy, y = 1"], xlabel="p")
    ax = figure.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), -np.log(p), rtol=1e-6)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), -1 / p, rtol=1e-6)
    assert ax.get_xlabel() == "p"


def test_without_derivative_only_the_function_is_drawn():
    figure = viz.plot_function("sigmoid", derivative=False)
    assert len([line for line in figure.axes[0].lines if line.get_label().startswith("sigmoid")]) == 1


def test_a_numpy_function_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="glassnet ops"):
        viz.plot_function(lambda x: np.sin(np.asarray(x.data)))


def test_the_step_is_drawn_with_a_zero_derivative():
    figure = viz.plot_function("step")
    x, y = figure.axes[0].lines[0].get_data()
    assert y[0] == 0 and y[-1] == 1 and set(np.unique(y)) <= {0.0, 0.5, 1.0}
    np.testing.assert_array_equal(figure.axes[0].lines[1].get_ydata(), 0)
