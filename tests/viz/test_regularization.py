import numpy as np

from glassnet import viz
from glassnet.linear_model import Lasso, Ridge


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4))
    return X, X @ np.array([3.0, -2.0, 0.5, 0.0]) + 0.1 * rng.normal(size=60)


def test_one_line_per_coefficient_equal_to_the_fitted_ones(not_blank):
    X, y = _data()
    alphas = np.geomspace(1e-2, 1e3, 8)
    figure = viz.plot_regularization_path(Ridge(), X, y, alphas)
    ax = figure.axes[0]
    coefficient_lines = [line for line in ax.lines if line.get_label().startswith("w")]
    assert len(coefficient_lines) == 4
    for j, line in enumerate(coefficient_lines):
        np.testing.assert_allclose(line.get_xdata(), alphas)
        expected = [Ridge(alpha=a).fit(X, y).coef_[j] for a in alphas]
        np.testing.assert_allclose(line.get_ydata(), expected)
    assert ax.get_xscale() == "log"
    assert not_blank(figure)


def test_lasso_sets_coefficients_to_exactly_zero_along_the_path():
    X, y = _data()
    figure = viz.plot_regularization_path(Lasso(), X, y, np.geomspace(1e-3, 10, 10))
    last = np.array([line.get_ydata()[-1] for line in figure.axes[0].lines if line.get_label().startswith("w")])
    assert np.all(last == 0)
