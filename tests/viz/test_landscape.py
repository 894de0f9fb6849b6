import numpy as np
import pytest

from glassnet import viz
from glassnet.linear_model import LinearRegression
from glassnet.optimize import gradient_descent


def bowl(t):
    return t[0] ** 2 + 10 * t[1] ** 2


def test_two_parameter_landscape_has_contours_and_the_paths_as_given(not_blank):
    plain = gradient_descent(bowl, [2.0, 1.0], learning_rate=0.04, max_iter=30)
    adam = gradient_descent(bowl, [-2.0, 1.0], learning_rate=0.2, method="adam", max_iter=30)
    figure = viz.plot_loss_landscape(bowl, [plain, adam], labels=["plain", "adam"])
    ax = figure.axes[0]
    assert len(ax.collections) >= 1                        # the contour set
    path_lines = [line for line in ax.lines if line.get_label() in ("plain", "adam")]
    assert len(path_lines) == 2
    np.testing.assert_allclose(path_lines[0].get_xydata(), plain.path)
    np.testing.assert_allclose(path_lines[1].get_xydata(), adam.path)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["plain", "adam"]
    assert ax.get_xlabel() == "θ₀" and ax.get_ylabel() == "θ₁"
    assert not_blank(figure)


def test_contour_levels_follow_the_function():
    figure = viz.plot_loss_landscape(bowl, xlim=(-1, 1), ylim=(-1, 1), levels=10, resolution=30)
    contour = figure.axes[0].collections[0]
    assert max(contour.levels) <= 11.0 + 1e-9 and min(contour.levels) >= 0


def test_one_parameter_landscape_is_the_curve_with_the_path_on_it():
    f = lambda t: (t[0] - 1) ** 2   # noqa: E731
    result = gradient_descent(f, [3.0], learning_rate=0.3, max_iter=10)
    figure = viz.plot_loss_landscape(f, result, xlim=(-2, 4))
    ax = figure.axes[0]
    curve, path = ax.lines[0], ax.lines[1]
    x, y = curve.get_data()
    np.testing.assert_allclose(y, (x - 1) ** 2)
    np.testing.assert_allclose(path.get_xdata(), result.path[:, 0])
    np.testing.assert_allclose(path.get_ydata(), result.values)


def test_estimator_landscape_uses_its_recorded_path():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 1))
    y = 2 * X[:, 0] + 1
    model = LinearRegression(solver="gd", learning_rate=0.1, record_path=True).fit(X, y)
    figure = viz.plot_loss_landscape(model, model, X=X, y=y, xlim=(-1, 4), ylim=(-1, 3), labels=["GD"])
    ax = figure.axes[0]
    line = [line for line in ax.lines if line.get_label() == "GD"][0]
    np.testing.assert_allclose(line.get_xydata(), model.path_)
    assert ax.get_xlabel() == "w" and ax.get_ylabel() == "b"


def test_landscape_without_a_window_or_path_says_what_it_needs():
    with pytest.raises(ValueError, match="xlim"):
        viz.plot_loss_landscape(bowl)


def test_learning_rates_one_panel_each_with_its_own_descent(not_blank):
    rates = (0.005, 0.04, 0.105)
    figure = viz.plot_learning_rates(bowl, [2.0, 1.0], rates, max_iter=20)
    assert len(figure.axes) == 3
    assert [ax.get_title() for ax in figure.axes] == ["η = 0.005 (too small)", "η = 0.04 (about right)",
                                                    "η = 0.105 (too large)"]
    for ax, eta in zip(figure.axes, rates):
        expected = gradient_descent(bowl, [2.0, 1.0], learning_rate=eta, max_iter=20, tol=0).path
        np.testing.assert_allclose(ax.lines[0].get_xydata(), expected)
    assert not_blank(figure)
