"""The pictures that existed before, as the issue found them wanting."""
import numpy as np

from glassnet import viz


class _Threshold:
    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-5 * X[:, 0]))
        return np.column_stack([1 - p, p])


def test_decision_boundary_keeps_its_labels_inside_the_figure():
    X = np.array([[-1.0, 0.0], [1.0, 0.5], [-2.0, 1.0], [2.0, -1.0]])
    figure = viz.plot_decision_boundary(_Threshold(), X, [0, 1, 0, 1], resolution=30)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    label = figure.axes[0].yaxis.label.get_window_extent(renderer)
    assert label.x0 >= 0 and label.y0 >= 0
    assert figure.axes[0].xaxis.label.get_window_extent(renderer).y0 >= 0


def test_decision_boundary_points_have_a_rim_of_another_colour():
    X = np.array([[-1.0, 0.0], [1.0, 0.5], [-2.0, 1.0], [2.0, -1.0]])
    figure = viz.plot_decision_boundary(_Threshold(), X, [0, 1, 0, 1], resolution=30)
    figure.canvas.draw()                   # colours from a colour map are set at drawing time
    points = figure.axes[0].collections[-1]
    edges, faces = points.get_edgecolors(), points.get_facecolors()
    assert len(faces) == 4
    assert np.all(points.get_linewidths() >= 1)
    assert not np.any(np.all(np.isclose(edges[:, :3], faces[:, :3]), axis=1))


def test_feature_map_titles_do_not_overlap_even_on_slides(overlap):
    maps = np.random.default_rng(0).random((12, 12, 16))
    with viz.style("slides"):
        figure = viz.plot_feature_maps(maps, title="conv2d")
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        titles = [ax.title.get_window_extent(renderer) for ax in figure.axes]
        images = [ax.get_window_extent(renderer) for ax in figure.axes]
        heading = figure._suptitle.get_window_extent(renderer)
    assert not any(overlap(heading, box) for box in titles)
    for i, a in enumerate(titles):
        for j, b in enumerate(titles):
            if i < j:
                assert not overlap(a, b)
        for j, image in enumerate(images):
            if i != j:
                assert not overlap(a, image)


def test_show_images_titles_without_a_forced_prefix():
    images = np.random.default_rng(0).random((2, 8, 8))
    figure = viz.show_images(images, labels=["cat", "dog"], label_prefix="")
    assert [ax.get_title() for ax in figure.axes] == ["cat", "dog"]
    figure = viz.show_images(images, labels=[3, 4], predictions=[3, 1])
    assert figure.axes[1].get_title() == "y=4 ŷ=1"


def test_plot_history_on_given_axes_with_whole_number_epochs():
    import matplotlib.pyplot as plt
    _, (left, right) = plt.subplots(1, 2)
    history = {"loss": [1.0, 0.6, 0.4, 0.35, 0.3, 0.29, 0.28], "val_loss": [1.1, 0.8, 0.7, 0.7, 0.72, 0.75, 0.8]}
    figure = viz.plot_history(history, "loss", ax=right)
    assert figure is right.figure and not left.lines
    np.testing.assert_array_equal(right.lines[0].get_xdata(), np.arange(1, 8))
    np.testing.assert_allclose(right.lines[1].get_ydata(), history["val_loss"])
    ticks = [t for t in right.get_xticks() if 1 <= t <= 7]
    assert ticks and all(float(t).is_integer() for t in ticks)
