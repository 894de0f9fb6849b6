import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, viz


def test_one_coloured_line_per_weight_thicker_when_larger(not_blank):
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(3, activation="relu"), layers.Dense(1)])
    figure = viz.plot_network(model)
    ax = figure.axes[0]
    lines = ax.collections[0]
    assert len(lines.get_segments()) == 2 * 3 + 3 * 1
    weights = np.concatenate([model.layers[0].kernel.data.ravel(), model.layers[1].kernel.data.ravel()])
    widths = np.asarray(lines.get_linewidths())
    assert np.argmax(widths) == np.argmax(np.abs(weights))
    colours = lines.get_colors()
    blue = np.all(np.isclose(colours[:, :3], colours[int(np.argmax(weights)), :3]), axis=1)
    np.testing.assert_array_equal(blue, weights > 0)
    assert sum(len(c.get_offsets()) for c in ax.collections[1:]) == 2 + 3 + 1
    assert not_blank(figure)


def test_values_can_be_written_on_the_lines():
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])
    figure = viz.plot_network(model, show_values=True)
    written = sorted(float(t.get_text()) for t in figure.axes[0].texts)
    np.testing.assert_allclose(written, np.sort(np.round(model.layers[0].kernel.data.ravel(), 2)), atol=1e-9)


def test_unbuilt_model_is_refused():
    with pytest.raises(ValueError, match="Dense"):
        viz.plot_network(keras.Sequential([layers.Dense(2)]))
