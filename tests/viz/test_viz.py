import matplotlib

matplotlib.use("Agg")

import io  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from glassnet import viz  # noqa: E402


def _png_is_not_blank(figure) -> bool:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    image = matplotlib.image.imread(buffer)
    return image.std() > 0.01


def test_plot_history_draws_one_panel_per_quantity_with_validation_curves():
    history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6], "accuracy": [0.5, 0.8, 0.9]}
    figure = viz.plot_history(history)
    assert len(figure.axes) == 2
    assert len(figure.axes[0].lines) == 2  # training and validation loss
    assert len(figure.axes[1].lines) == 1
    assert _png_is_not_blank(figure)


def test_plot_history_names_a_missing_metric():
    with pytest.raises(ValueError, match="mae"):
        viz.plot_history({"loss": [1.0]}, metrics=["mae"])


class _Threshold:
    """A classifier of the plane: class 1 right of x₁ = 0."""

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-5 * X[:, 0]))
        return np.column_stack([1 - p, p])


def test_decision_boundary_of_an_estimator_is_the_half_probability_contour():
    X = np.array([[-1.0, 0.0], [1.0, 0.5], [-2.0, 1.0], [2.0, -1.0]])
    figure = viz.plot_decision_boundary(_Threshold(), X, [0, 1, 0, 1], resolution=50)
    assert _png_is_not_blank(figure)


def test_decision_boundary_of_a_network():
    import glassnet as keras
    from glassnet import layers
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(4, activation="tanh"),
                              layers.Dense(1, activation="sigmoid")])
    X = np.random.default_rng(0).normal(size=(20, 2)).astype("float32")
    figure = viz.plot_decision_boundary(model, X, (X[:, 0] > 0).astype(int), resolution=30)
    assert len(figure.axes) >= 1


def test_decision_boundary_rejects_three_features():
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        viz.plot_decision_boundary(_Threshold(), np.zeros((5, 3)))


def test_show_images_accepts_flat_mnist_rows_and_titles_them():
    images = np.random.default_rng(0).random((6, 784))
    figure = viz.show_images(images, labels=[0, 1, 2, 3, 4, 5], predictions=[0, 1, 2, 3, 4, 9])
    assert len(figure.axes) == 6
    assert figure.axes[5].get_title() == "y=5 ŷ=9"


def test_filters_and_feature_maps_one_picture_each():
    kernel = np.random.default_rng(0).normal(size=(5, 5, 3, 6))
    assert len(viz.plot_filters(kernel).axes) == 6
    maps = np.random.default_rng(0).random((1, 10, 10, 4))
    assert len(viz.plot_feature_maps(maps).axes) == 4
    with pytest.raises(ValueError, match="kh, kw"):
        viz.plot_filters(np.zeros((5, 5)))
