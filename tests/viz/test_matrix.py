import numpy as np
import pytest

from glassnet import viz


def test_every_cell_shows_its_number_in_row_major_order(not_blank):
    matrix = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    figure = viz.show_matrix(matrix, title="Sobel x")
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.texts] == [str(v) for v in matrix.ravel()]
    np.testing.assert_array_equal(ax.images[0].get_array(), matrix)
    assert ax.get_title() == "Sobel x"
    assert not_blank(figure)


def test_highlight_frames_the_window():
    figure = viz.show_matrix(np.arange(16).reshape(4, 4), highlight=(1, 1, 2, 2), fmt="{:.1f}")
    ax = figure.axes[0]
    assert ax.texts[5].get_text() == "5.0"
    frame = ax.patches[-1]
    assert (frame.get_x(), frame.get_y(), frame.get_width(), frame.get_height()) == (0.5, 0.5, 2, 2)


def test_three_dimensional_input_is_refused():
    with pytest.raises(ValueError, match="2-D"):
        viz.show_matrix(np.zeros((2, 2, 2)))
