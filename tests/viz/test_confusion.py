"""Tests for glassnet/viz/confusion.py: the same picture content as scikit-learn's display."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay as SkDisplay  # noqa: E402

from glassnet.viz import ConfusionMatrixDisplay  # noqa: E402

Y_TRUE = np.array(["cat", "dog", "dog", "bird", "cat", "bird", "dog", "cat"])
Y_PRED = np.array(["cat", "dog", "cat", "bird", "cat", "dog", "dog", "bird"])


def _content(display):
    return (display.im_.get_array().tolist(), [[t.get_text() for t in row] for row in display.text_],
            [t.get_text() for t in display.ax_.get_xticklabels()], [t.get_text() for t in display.ax_.get_yticklabels()],
            display.ax_.get_xlabel(), display.ax_.get_ylabel(),
            [[t.get_color() for t in row] for row in display.text_])


@pytest.mark.parametrize("kwargs", [dict(), dict(normalize="true"), dict(labels=["dog", "cat", "bird"]),
                                    dict(values_format=".1%", normalize="all"), dict(cmap="Blues")])
def test_from_predictions_draws_what_scikit_learn_draws(kwargs):
    ours = ConfusionMatrixDisplay.from_predictions(Y_TRUE, Y_PRED, **kwargs)
    theirs = SkDisplay.from_predictions(Y_TRUE, Y_PRED, **kwargs)
    assert _content(ours) == _content(theirs)
    assert ours.confusion_matrix.sum() > 0
    plt.close("all")


def test_from_estimator_plot_options_and_given_axes():
    from glassnet.linear_model import LogisticRegression
    from sklearn.datasets import load_iris
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=500).fit(X, y)
    fig, ax = plt.subplots()
    display = ConfusionMatrixDisplay.from_estimator(model, X, y, ax=ax, colorbar=False, include_values=False,
                                                    display_labels=["setosa", "versicolor", "virginica"],
                                                    xticks_rotation=45)
    assert display.ax_ is ax and display.figure_ is fig and display.text_ is None
    assert len(fig.axes) == 1                                  # no colour bar
    assert np.trace(display.im_.get_array()) > 140              # mostly right: the diagonal holds the counts
    assert display.ax_.get_xticklabels()[1].get_text() == "versicolor"
    assert display.ax_.get_xticklabels()[0].get_rotation() == 45
    plt.close("all")
