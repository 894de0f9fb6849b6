"""DecisionTreeClassifier / DecisionTreeRegressor: scikit-learn's contract, its results, the lecture."""
import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, tree as sk_tree  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

# scikit-learn checks that fail for a reason outside the estimator, and why: none
EXPECTED_FAILED_CHECKS: dict[str, str] = {}


@pytest.mark.parametrize("estimator", [DecisionTreeClassifier(), DecisionTreeRegressor()],
                         ids=lambda e: type(e).__name__)
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(estimator, expected_failed_checks=EXPECTED_FAILED_CHECKS)


def _split(loader):
    X, y = loader(return_X_y=True)
    return train_test_split(X, y, random_state=0)


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("loader", [datasets.load_iris, datasets.load_wine,
                                    datasets.load_breast_cancer, datasets.load_digits])
def test_classifier_matches_sklearn(loader, criterion):
    # single trees differ between libraries only in how ties between equally good splits are
    # broken, so compare the mean test accuracy over a few seeds
    X_tr, X_te, y_tr, y_te = _split(loader)
    ours, theirs = [], []
    for seed in range(5):
        kw = dict(criterion=criterion, random_state=seed, max_features=None)
        ours.append(DecisionTreeClassifier(**kw).fit(X_tr, y_tr).score(X_te, y_te))
        theirs.append(sk_tree.DecisionTreeClassifier(**kw).fit(X_tr, y_tr).score(X_te, y_te))
    assert np.mean(ours) >= np.mean(theirs) - 0.03


def test_same_tree_as_sklearn_without_ties():
    # continuous features in general position and large nodes have no tied splits (small nodes
    # often do: peeling one sample off either end), so the shallow trees must be identical
    rng = np.random.RandomState(0)
    X = rng.normal(size=(2000, 4))
    y = (X[:, 0] + 0.5 * X[:, 1] ** 2 + 0.3 * rng.normal(size=2000) > 0.5).astype(int)
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    assert ours.tree_.node_count == theirs.tree_.node_count
    assert ours.get_depth() == theirs.get_depth()
    np.testing.assert_allclose(np.sort(ours.tree_.threshold), np.sort(theirs.tree_.threshold), rtol=1e-6)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, atol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("criterion", ["squared_error", "friedman_mse", "absolute_error"])
def test_regressor_matches_sklearn(criterion):
    rng = np.random.RandomState(1)
    X = rng.uniform(-2, 2, size=(200, 3))
    y = np.sin(2 * X[:, 0]) + X[:, 1] + 0.1 * rng.normal(size=200)
    ours = DecisionTreeRegressor(criterion=criterion, max_depth=3).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(criterion=criterion, max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.tree_.impurity[0], theirs.tree_.impurity[0], rtol=1e-9)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_, atol=1e-6)


@pytest.mark.parametrize("loader", [datasets.load_diabetes,
                                    lambda return_X_y: datasets.make_regression(400, 10, noise=10.0,
                                                                                random_state=0)])
def test_regressor_r2_matches_sklearn(loader):
    # small nodes have tied splits, broken at random by both libraries: compare means over seeds
    X_tr, X_te, y_tr, y_te = _split(loader)
    ours, theirs = [], []
    for seed in range(8):
        kw = dict(max_depth=5, random_state=seed)
        ours.append(DecisionTreeRegressor(**kw).fit(X_tr, y_tr).score(X_te, y_te))
        theirs.append(sk_tree.DecisionTreeRegressor(**kw).fit(X_tr, y_tr).score(X_te, y_te))
    assert np.mean(ours) == pytest.approx(np.mean(theirs), abs=0.03)


def test_entropy_stump_picks_the_highest_information_gain():
    # the textbook example: feature 0 separates the classes perfectly, feature 1 is noise
    X = np.array([[0, 1], [0, 0], [0, 1], [1, 0], [1, 1], [1, 0]], dtype=float)
    y = np.array([0, 0, 0, 1, 1, 1])
    stump = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(X, y)
    assert stump.tree_.feature[0] == 0
    assert stump.tree_.threshold[0] == 0.5
    assert stump.tree_.impurity[0] == pytest.approx(1.0)       # one bit: 50/50
    np.testing.assert_array_equal(stump.feature_importances_, [1.0, 0.0])
    np.testing.assert_array_equal(stump.predict(X), y)


def test_stopping_rules():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    assert DecisionTreeClassifier(max_depth=3).fit(X, y).get_depth() == 3
    leafy = DecisionTreeClassifier(min_samples_leaf=20).fit(X, y)
    leaves = leafy.tree_.children_left == -1
    assert leafy.tree_.n_node_samples[leaves].min() >= 20
    split = DecisionTreeClassifier(min_samples_split=50).fit(X, y)
    internal = split.tree_.children_left != -1
    assert split.tree_.n_node_samples[internal].min() >= 50
    full = DecisionTreeClassifier().fit(X, y)
    pruned = DecisionTreeClassifier(min_impurity_decrease=0.01).fit(X, y)
    assert pruned.get_n_leaves() < full.get_n_leaves()
    assert full.score(X, y) == 1.0                               # a full tree memorises


def test_max_features_and_random_state():
    X, y = datasets.load_digits(return_X_y=True)
    a = DecisionTreeClassifier(max_features="sqrt", random_state=3).fit(X, y)
    b = DecisionTreeClassifier(max_features="sqrt", random_state=3).fit(X, y)
    c = DecisionTreeClassifier(max_features="sqrt", random_state=4).fit(X, y)
    assert a.max_features_ == 8
    np.testing.assert_array_equal(a.tree_.threshold, b.tree_.threshold)
    assert a.tree_.node_count != c.tree_.node_count or not np.array_equal(a.tree_.feature, c.tree_.feature)
    assert DecisionTreeClassifier(max_features="log2").fit(X, y).max_features_ == 6
    assert DecisionTreeClassifier(max_features=0.5).fit(X, y).max_features_ == 32


def test_string_labels_proba_and_apply():
    X, y = datasets.load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = DecisionTreeClassifier(max_depth=2).fit(X, labels)
    assert clf.predict(X).dtype.kind == "U"
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    leaves = clf.apply(X)
    assert np.all(clf.tree_.children_left[leaves] == -1)
    assert clf.get_n_leaves() == len(np.unique(leaves))


def test_sample_weight_equals_repetition():
    X, y = datasets.load_iris(return_X_y=True)
    w = np.random.RandomState(0).randint(0, 3, size=len(y))
    weighted = DecisionTreeClassifier(random_state=0).fit(X, y, sample_weight=w)
    repeated = DecisionTreeClassifier(random_state=0).fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_array_equal(weighted.predict(X), repeated.predict(X))


def test_bad_input():
    X, y = datasets.load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        DecisionTreeClassifier().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        DecisionTreeClassifier().fit(np.where(X > 7, np.nan, X), y)
    with pytest.raises(ValueError, match="inconsistent"):
        DecisionTreeClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="2D"):
        DecisionTreeClassifier().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="criterion"):
        DecisionTreeClassifier(criterion="squared_error").fit(X, y)
    with pytest.raises(ValueError, match="max_depth"):
        DecisionTreeClassifier(max_depth=0).fit(X, y)
    with pytest.raises(ValueError, match="max_features"):
        DecisionTreeClassifier(max_features="half").fit(X, y)
    with pytest.raises(ValueError, match="min_samples_split"):
        DecisionTreeClassifier(min_samples_split=1).fit(X, y)
    with pytest.raises(ValueError, match="continuous"):
        DecisionTreeClassifier().fit(X, y + 0.5)
    fitted = DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="4 features"):
        fitted.predict(X[:, :3])


def test_features_rounded_like_sklearn_give_the_same_test_predictions():
    # diabetes features sit on a grid where the midpoint of two training values is often another
    # grid value: only with the same float32 rounding do such test points fall on the same side
    X_tr, X_te, y_tr, y_te = _split(datasets.load_diabetes)
    ours = DecisionTreeRegressor(max_depth=3).fit(X_tr, y_tr)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X_tr, y_tr)
    np.testing.assert_array_equal(ours.predict(X_te), theirs.predict(X_te))
