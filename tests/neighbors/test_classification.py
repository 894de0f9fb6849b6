"""KNeighborsClassifier: scikit-learn's contract, scikit-learn's answers, clear errors."""
import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.neighbors import KNeighborsClassifier

sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier as SkKNN  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

# glassnet raises its own NotFittedError (a ValueError and AttributeError, like scikit-learn's);
EXPECTED_FAILED_CHECKS = {}


def test_check_estimator():
    check_estimator(KNeighborsClassifier(), expected_failed_checks=EXPECTED_FAILED_CHECKS)


_LOADERS = [load_iris, load_wine, load_breast_cancer, load_digits]
# p = 3 needs |a − b|³ (np.power, slow in both libraries): not on digits, to keep the suite fast
_CASES = [(loader, params) for params in ({}, {"weights": "distance"}, {"p": 1}) for loader in _LOADERS] + \
    [(loader, {"n_neighbors": 3, "p": 3}) for loader in _LOADERS[:3]]


@pytest.mark.parametrize("loader,params", _CASES)
def test_matches_sklearn(loader, params):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    ours = KNeighborsClassifier(**params).fit(X_tr, y_tr)
    theirs = SkKNN(**params).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - theirs.score(X_te, y_te)) <= 0.01
    np.testing.assert_allclose(ours.predict_proba(X_te), theirs.predict_proba(X_te), atol=0.21)
    d_ours, _ = ours.kneighbors(X_te)
    d_theirs, _ = theirs.kneighbors(X_te)
    np.testing.assert_allclose(d_ours, d_theirs, rtol=1e-7, atol=1e-7)


def test_kneighbors_without_x_excludes_self():
    X = np.array([[0.0], [1.0], [3.0], [7.0]])
    model = KNeighborsClassifier(n_neighbors=2).fit(X, [0, 0, 1, 1])
    dist, ind = model.kneighbors()
    assert ind.tolist() == [[1, 2], [0, 2], [1, 0], [2, 1]]
    np.testing.assert_allclose(dist, [[1, 3], [1, 2], [2, 3], [4, 6]])
    assert model.kneighbors([[2.9]], n_neighbors=1, return_distance=False).tolist() == [[2]]


def test_string_labels_and_distance_weights_on_exact_match():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [5.0, 6.0], [6.0, 5.0]])
    y = np.array(["cat", "cat", "dog", "dog", "dog"])
    model = KNeighborsClassifier(n_neighbors=5, weights="distance").fit(X, y)
    # a query that sits on a training point takes that point's label, whatever the vote says
    assert model.predict([[0.0, 0.0], [5.5, 5.5]]).tolist() == ["cat", "dog"]
    np.testing.assert_allclose(model.predict_proba([[0.0, 0.0]]), [[1.0, 0.0]])
    uniform = KNeighborsClassifier(n_neighbors=5).fit(X, y)
    assert uniform.predict([[0.0, 0.0]]).tolist() == ["dog"]  # 3 dogs outvote 2 cats


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        KNeighborsClassifier().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        KNeighborsClassifier().fit(np.where(X > 7, np.nan, X), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        KNeighborsClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="Expected 2D array"):
        KNeighborsClassifier().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="n_neighbors"):
        KNeighborsClassifier(n_neighbors=0).fit(X, y)
    with pytest.raises(ValueError, match="metric"):
        KNeighborsClassifier(metric="cosine").fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        KNeighborsClassifier(n_neighbors=200).fit(X, y).predict(X)
    with pytest.raises(ValueError, match="4 features"):
        KNeighborsClassifier().fit(X, y).predict(X[:, :3])
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        KNeighborsClassifier().fit(X, y + 0.5)


def test_classroom_bias_and_variance_in_k():
    """1-NN memorises the training set (zero training error); a huge k votes for the majority."""
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    one = KNeighborsClassifier(n_neighbors=1).fit(X_tr, y_tr)
    assert one.score(X_tr, y_tr) == 1.0
    assert one.score(X_te, y_te) < 1.0
    everyone = KNeighborsClassifier(n_neighbors=len(y_tr)).fit(X_tr, y_tr)
    majority = np.bincount(y_tr).argmax()
    assert np.all(everyone.predict(X_te) == majority)
    np.testing.assert_allclose(everyone.predict_proba(X_te[:3]), np.tile(np.bincount(y_tr) / len(y_tr), (3, 1)))
