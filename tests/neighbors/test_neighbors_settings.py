"""scikit-learn's search settings: tree names, leaf_size and metric_params."""
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.neighbors import KNeighborsClassifier as SkKNeighborsClassifier

from glassnet.neighbors import KNeighborsClassifier, KNeighborsRegressor, RadiusNeighborsClassifier

X, Y = load_iris(return_X_y=True)


@pytest.mark.parametrize("algorithm", ["ball_tree", "kd_tree", "brute", "auto"])
def test_tree_names_find_scikit_learns_neighbours(algorithm):
    ours = KNeighborsClassifier(7, algorithm=algorithm, leaf_size=5).fit(X, Y)
    theirs = SkKNeighborsClassifier(7, algorithm=algorithm, leaf_size=5).fit(X, Y)
    query = X[::7] + 0.013
    np.testing.assert_allclose(ours.kneighbors(query)[0], theirs.kneighbors(query)[0])
    np.testing.assert_array_equal(ours.predict(query), theirs.predict(query))


def test_metric_params_p_is_the_minkowski_exponent():
    a = KNeighborsRegressor(5, metric_params={"p": 1}).fit(X, Y)
    b = KNeighborsRegressor(5, p=1).fit(X, Y)
    np.testing.assert_allclose(a.kneighbors(X[:10])[0], b.kneighbors(X[:10])[0])
    assert not np.allclose(a.kneighbors(X[:10])[0], KNeighborsRegressor(5).fit(X, Y).kneighbors(X[:10])[0])


@pytest.mark.parametrize("make", [
    lambda: KNeighborsClassifier(metric_params={"w": np.ones(4)}),
    lambda: RadiusNeighborsClassifier(radius=2.0, metric_params={"V": np.ones(4)}),
    lambda: KNeighborsClassifier(metric="euclidean", metric_params={"p": 3}),
])
def test_other_metric_params_are_refused_by_name(make):
    with pytest.raises(ValueError, match="metric_params"):
        make().fit(X, Y)


@pytest.mark.parametrize("bad", [0, 2.5, "big"])
def test_bad_leaf_size_and_algorithm_are_named(bad):
    with pytest.raises(ValueError, match="leaf_size"):
        KNeighborsClassifier(leaf_size=bad).fit(X, Y)
    with pytest.raises(ValueError, match="algorithm"):
        KNeighborsClassifier(algorithm="cover_tree").fit(X, Y)
