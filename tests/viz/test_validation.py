import numpy as np

from glassnet import viz
from glassnet.model_selection import learning_curve, validation_curve
from glassnet.neighbors import KNeighborsClassifier
from glassnet.datasets import make_moons


def test_learning_curve_draws_the_scores_model_selection_computes(not_blank):
    X, y = make_moons(120, noise=0.3, seed=0)
    figure = viz.plot_learning_curve(KNeighborsClassifier(5), X, y, train_sizes=[0.3, 0.6, 1.0], cv=3)
    ax = figure.axes[0]
    sizes, train, test = learning_curve(KNeighborsClassifier(5), X, y, train_sizes=[0.3, 0.6, 1.0], cv=3)
    training, validation = ax.lines[0], ax.lines[1]
    np.testing.assert_allclose(training.get_xdata(), sizes)
    np.testing.assert_allclose(training.get_ydata(), train.mean(axis=1))
    np.testing.assert_allclose(validation.get_ydata(), test.mean(axis=1))
    assert len(ax.collections) == 2                     # the ± std bands
    assert not_blank(figure)


def test_validation_curve_marks_the_best_value():
    X, y = make_moons(120, noise=0.3, seed=0)
    ks = [1, 5, 15, 40]
    figure = viz.plot_validation_curve(KNeighborsClassifier(), X, y, param_name="n_neighbors", param_range=ks, cv=3)
    ax = figure.axes[0]
    _, test = validation_curve(KNeighborsClassifier(), X, y, param_name="n_neighbors", param_range=ks, cv=3)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), test.mean(axis=1))
    star = [line for line in ax.lines if line.get_marker() == "*"][0]
    assert star.get_xdata()[0] == ks[int(np.argmax(test.mean(axis=1)))]
    assert ax.get_xlabel() == "n_neighbors"
