"""export_text prints the same rules as scikit-learn's."""
import numpy as np
import pytest

from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, tree as sk_tree  # noqa: E402


def _no_ties_data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 3))
    return X, (X[:, 0] + X[:, 1] ** 2 > 0.7).astype(int)


@pytest.mark.parametrize("kwargs", [{}, {"max_depth": 1}, {"decimals": 4, "show_weights": True},
                                    {"feature_names": ["a", "b", "c"]}])
def test_classifier_text_matches_sklearn(kwargs):
    X, y = _no_ties_data()
    ours = DecisionTreeClassifier(max_depth=4).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
    assert export_text(ours, **kwargs) == sk_tree.export_text(theirs, **kwargs)


def test_regressor_text_matches_sklearn():
    X, y = _no_ties_data()
    target = X[:, 0] * 3 + X[:, 2]
    ours = DecisionTreeRegressor(max_depth=3).fit(X, target)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, target)
    assert export_text(ours, max_depth=2) == sk_tree.export_text(theirs, max_depth=2)


def test_iris_rules_read_like_the_lecture():
    iris = datasets.load_iris()
    clf = DecisionTreeClassifier(max_depth=2).fit(iris.data, iris.target)
    text = export_text(clf, feature_names=iris.feature_names)
    assert text.splitlines()[0].startswith("|--- petal")
    assert "class: 0" in text and "class: 2" in text


def test_bad_arguments():
    X, y = _no_ties_data()
    clf = DecisionTreeClassifier(max_depth=2).fit(X, y)
    with pytest.raises(ValueError, match="feature_names"):
        export_text(clf, feature_names=["a"])
    with pytest.raises(ValueError, match="max_depth"):
        export_text(clf, max_depth=-1)
