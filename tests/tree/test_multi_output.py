"""Decision trees with several outputs (y of shape (n, k)): scikit-learn's semantics and numbers.

Every test here fails for a tree that silently learns only the first output (or copies it).
"""
import warnings

import numpy as np
import pytest

from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

sklearn = pytest.importorskip("sklearn")
from sklearn import tree as sk_tree  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402


def _circle(seed=1):
    """scikit-learn's "Multi-output Decision Tree Regression" example: y = π (sin x, cos x) + noise."""
    rng = np.random.RandomState(seed)
    X = np.sort(200 * rng.rand(100, 1) - 100, axis=0)
    y = np.array([np.pi * np.sin(X).ravel(), np.pi * np.cos(X).ravel()]).T
    y[::5, :] += 0.5 - rng.rand(20, 2)
    return X, y, np.arange(-100.0, 100.0, 0.01)[:, np.newaxis]


def _two_labels(n=600, seed=0):
    """Two classification outputs of make_classification on the same X (3 and 2 classes)."""
    X, first = make_classification(n, 8, n_informative=5, n_classes=3, random_state=seed)
    rng = np.random.RandomState(seed)
    second = (X[:, 3] + 0.5 * X[:, 5] + 0.3 * rng.normal(size=n) > 0).astype(int)
    return X, np.column_stack([first, second])


@pytest.mark.parametrize("max_depth", [2, 5, 8, None])
def test_circle_regression_predicts_what_sklearn_predicts(max_depth):
    X, y, X_test = _circle()
    ours = DecisionTreeRegressor(max_depth=max_depth, random_state=0).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=max_depth, random_state=0).fit(X, y)
    assert ours.n_outputs_ == theirs.n_outputs_ == 2
    prediction = ours.predict(X_test)
    assert prediction.shape == (len(X_test), 2)
    np.testing.assert_allclose(prediction, theirs.predict(X_test), atol=1e-12)
    assert ours.tree_.value.shape == theirs.tree_.value.shape
    assert ours.tree_.node_count == theirs.tree_.node_count
    # the same set of node impurities (glassnet numbers its nodes level by level, scikit-learn depth first)
    np.testing.assert_allclose(np.sort(ours.tree_.impurity), np.sort(theirs.tree_.impurity), atol=1e-12)


def test_regression_impurity_is_the_mean_of_the_outputs_mse_and_both_outputs_steer_the_splits():
    rng = np.random.RandomState(0)
    X = rng.uniform(size=(300, 2))
    y = np.column_stack([10.0 * (X[:, 0] > 0.5), 10.0 * (X[:, 1] > 0.3)])   # output o depends on x_o only
    tree = DecisionTreeRegressor(max_depth=2, random_state=0).fit(X, y)
    np.testing.assert_allclose(tree.tree_.impurity[0], y.var(axis=0).mean())
    np.testing.assert_allclose(tree.tree_.value[0, :, 0], y.mean(axis=0))
    assert set(tree.tree_.feature[tree.tree_.feature >= 0]) == {0, 1}
    np.testing.assert_allclose(tree.predict(X), y, atol=1e-12)     # two splits explain both outputs


@pytest.mark.parametrize("criterion", ["friedman_mse", "absolute_error"])
def test_other_regression_criteria_match_sklearn(criterion):
    X, y, _ = _circle()
    X, y = X[:60], y[:60]
    ours = DecisionTreeRegressor(criterion=criterion, max_depth=4, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)       # 'friedman_mse' is deprecated in sklearn 1.9
        theirs = sk_tree.DecisionTreeRegressor(criterion=criterion, max_depth=4, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), atol=1e-12)


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_classification_matches_sklearn(criterion):
    X, Y = _two_labels()
    X_train, X_test, Y_train, Y_test = X[:450], X[450:], Y[:450], Y[450:]
    # shallow trees: no ties between features, so the same tree as scikit-learn's
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=4, random_state=0).fit(X_train, Y_train)
    theirs = sk_tree.DecisionTreeClassifier(criterion=criterion, max_depth=4, random_state=0).fit(X_train, Y_train)
    np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
    for p, q in zip(ours.predict_proba(X_test), theirs.predict_proba(X_test)):
        np.testing.assert_allclose(p, q, atol=1e-12)
    # fully grown: ties between features are broken at random in both, so compare mean accuracies
    accuracy = {}
    for name, Tree in (("glassnet", DecisionTreeClassifier), ("sklearn", sk_tree.DecisionTreeClassifier)):
        accuracy[name] = np.mean([(Tree(criterion=criterion, random_state=s).fit(X_train, Y_train)
                                   .predict(X_test) == Y_test).mean(axis=0) for s in range(5)], axis=0)
    np.testing.assert_allclose(accuracy["glassnet"], accuracy["sklearn"], atol=0.02)
    assert np.all(accuracy["glassnet"] > 0.6)


def test_classifier_attributes_have_sklearns_shapes():
    X, Y = _two_labels(200)
    labels = np.column_stack([np.array(["a", "b", "c"])[Y[:, 0]], np.array(["no", "yes"])[Y[:, 1]]])
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, labels)
    assert tree.n_outputs_ == 2
    assert isinstance(tree.classes_, list)
    assert [list(c) for c in tree.classes_] == [["a", "b", "c"], ["no", "yes"]]
    np.testing.assert_array_equal(tree.n_classes_, [3, 2])
    assert tree.tree_.value.shape == (tree.tree_.node_count, 2, 3)
    np.testing.assert_array_equal(tree.tree_.n_classes, [3, 2])
    np.testing.assert_allclose(tree.tree_.value[:, 1, 2], 0.0)           # the 2-class output is padded
    proba = tree.predict_proba(X)
    assert isinstance(proba, list) and [p.shape for p in proba] == [(200, 3), (200, 2)]
    for p in proba:
        np.testing.assert_allclose(p.sum(axis=1), 1.0)
    log_proba = tree.predict_log_proba(X)
    np.testing.assert_allclose(np.exp(log_proba[1]), proba[1])
    predicted = tree.predict(X)
    assert predicted.shape == (200, 2)
    for o in range(2):                  # each column is the argmax of its own output's probabilities
        np.testing.assert_array_equal(predicted[:, o], tree.classes_[o][np.argmax(proba[o], axis=1)])
    # root impurity: the mean of the two outputs' Gini impurities
    gini = [1 - np.sum((np.bincount(Y[:, o]) / len(Y)) ** 2) for o in range(2)]
    np.testing.assert_allclose(tree.tree_.impurity[0], np.mean(gini))
    # score: a sample counts when both its labels are right (subset accuracy)
    assert tree.score(X, labels) == pytest.approx(np.mean(np.all(predicted == labels, axis=1)))


@pytest.mark.parametrize("Tree", [DecisionTreeClassifier, DecisionTreeRegressor])
def test_a_single_column_is_one_output_without_warning_as_in_sklearn(Tree):
    X, Y = _two_labels(150)
    y = Y[:, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # scikit-learn's trees do not warn about a column y
        column = Tree(random_state=0).fit(X, y[:, None])
    flat = Tree(random_state=0).fit(X, y)
    assert column.n_outputs_ == 1
    assert column.predict(X).shape == (150,)
    np.testing.assert_array_equal(column.predict(X), flat.predict(X))
    if Tree is DecisionTreeClassifier:
        assert column.n_classes_ == 3 and column.predict_proba(X).shape == (150, 3)


def test_text_and_picture_show_every_output():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    from glassnet.tree import plot_tree
    X, Y = _two_labels(200)
    tree = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, Y)
    text = export_text(tree)
    leaves = [line for line in text.splitlines() if "class:" in line]
    expected = [f"class: [{tree.classes_[0][np.argmax(tree.tree_.value[n, 0, :3])]}, "
                f"{tree.classes_[1][np.argmax(tree.tree_.value[n, 1, :2])]}]" for n in (1, 2)]
    assert [line.split("--- ")[1] for line in leaves] == expected
    regressor = DecisionTreeRegressor(max_depth=1).fit(X, np.column_stack([X[:, 0], -3 * X[:, 0]]))
    values = [line.split("value: ")[1] for line in export_text(regressor, decimals=3).splitlines() if "value" in line]
    left = regressor.tree_.value[1, :, 0]
    assert values[0] == f"[{left[0]:.3f}, {left[1]:.3f}]"
    boxes = [a.get_text() for a in plot_tree(tree)]
    root_counts = tree.tree_.value[0] * tree.tree_.weighted_n_node_samples[0]
    assert boxes[0].endswith(f"value = [[{', '.join(f'{v:g}' for v in root_counts[0, :3])}]\n"
                             f"[{', '.join(f'{v:g}' for v in root_counts[1, :2])}]]")


def test_predict_log_proba_of_a_single_output_is_one_array_as_in_sklearn():
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier as SkTree
    X, y = load_iris(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    theirs = SkTree(max_depth=2, random_state=0).fit(X, y)
    log_proba = ours.predict_log_proba(X)
    assert isinstance(log_proba, np.ndarray) and log_proba.shape == (150, 3)
    np.testing.assert_allclose(log_proba, theirs.predict_log_proba(X))
