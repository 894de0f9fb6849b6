import numpy as np
import pytest

from glassnet import viz


def test_the_parts_and_their_sum_are_drawn_against_complexity(not_blank):
    parts = [{"bias2": b, "variance": v, "noise": 0.1, "error": b + v + 0.1}
             for b, v in [(1.0, 0.01), (0.3, 0.05), (0.05, 0.2), (0.01, 0.9)]]
    figure = viz.plot_bias_variance([1, 3, 6, 12], parts, xlabel="degree")
    ax = figure.axes[0]
    by_label = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(by_label["bias²"].get_ydata(), [1.0, 0.3, 0.05, 0.01])
    np.testing.assert_allclose(by_label["variance"].get_ydata(), [0.01, 0.05, 0.2, 0.9])
    np.testing.assert_allclose(by_label["bias² + variance + noise"].get_ydata(), [1.11, 0.45, 0.35, 1.01])
    star = [line for line in ax.lines if line.get_marker() == "*"][0]
    assert star.get_xdata()[0] == 6                       # the lowest measured error
    assert ax.get_xlabel() == "degree" and ax.get_yscale() == "linear"
    assert not_blank(figure)
    assert viz.plot_bias_variance([1, 3, 6, 12], parts, log_y=True).axes[0].get_yscale() == "log"


def test_lengths_must_match():
    with pytest.raises(ValueError, match="decompositions"):
        viz.plot_bias_variance([1, 2], [{"bias2": 1, "variance": 1, "noise": 0, "error": 2}])
