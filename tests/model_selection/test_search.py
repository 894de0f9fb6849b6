"""Grid and random search: scikit-learn's cv_results_, best_* attributes, refit and delegation."""
import numpy as np
import pytest
from scipy.stats import randint

from glassnet.cluster import KMeans
from glassnet.decomposition import PCA
from glassnet.exceptions import NotFittedError
from glassnet.model_selection import GridSearchCV, ParameterGrid, ParameterSampler, RandomizedSearchCV
from glassnet.naive_bayes import GaussianNB
from glassnet.neighbors import KNeighborsClassifier, KNeighborsRegressor

sklearn = pytest.importorskip("sklearn")
import sklearn.model_selection as sk  # noqa: E402
from sklearn.datasets import load_diabetes, load_iris, load_wine  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

EXPECTED_FAILED_CHECKS = {}


@pytest.mark.parametrize("search", [GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3]}, cv=2),
                                    RandomizedSearchCV(KNeighborsRegressor(), {"n_neighbors": [1, 3]},
                                                       n_iter=2, cv=2)], ids=lambda s: type(s).__name__)
def test_check_estimator(search):
    check_estimator(search, expected_failed_checks=EXPECTED_FAILED_CHECKS)


def _compare_results(ours: dict, theirs: dict) -> None:
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if "time" in key:
            continue
        if key == "params":
            assert ours[key] == value
        elif key.startswith("param_"):
            assert list(ours[key]) == list(value), key
        else:
            np.testing.assert_allclose(ours[key], value, rtol=1e-9, err_msg=key)


def test_grid_search_matches_sklearn():
    X, y = load_wine(return_X_y=True)
    grid = [{"n_neighbors": [1, 4, 9], "weights": ["uniform", "distance"]}, {"p": [1], "n_neighbors": [5]}]
    ours = GridSearchCV(KNeighborsClassifier(), grid, cv=4, scoring="accuracy").fit(X, y)
    theirs = sk.GridSearchCV(KNeighborsClassifier(), grid, cv=4, scoring="accuracy").fit(X, y)
    _compare_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_params_ == theirs.best_params_ and ours.best_index_ == theirs.best_index_
    assert ours.best_score_ == pytest.approx(theirs.best_score_)
    assert ours.n_splits_ == 4 and ours.multimetric_ is False
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.classes_, [0, 1, 2])
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y))
    assert ours.best_estimator_.get_params()["p"] == ours.best_params_.get("p", 2)


def test_multimetric_search_with_train_scores_and_refit_by_name():
    X, y = load_diabetes(return_X_y=True)
    grid = {"n_neighbors": [3, 10, 30]}
    scoring = {"r2": "r2", "mse": "neg_mean_squared_error"}
    kwargs = dict(cv=3, scoring=scoring, refit="mse", return_train_score=True)
    ours = GridSearchCV(KNeighborsRegressor(), grid, **kwargs).fit(X, y)
    theirs = sk.GridSearchCV(KNeighborsRegressor(), grid, **kwargs).fit(X, y)
    _compare_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_params_ == theirs.best_params_
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y))
    with pytest.raises(ValueError, match="refit must be set to a scorer key"):
        GridSearchCV(KNeighborsRegressor(), grid, cv=3, scoring=scoring).fit(X, y)


def test_randomized_search_with_lists_and_distributions():
    X, y = load_iris(return_X_y=True)
    search = RandomizedSearchCV(KNeighborsClassifier(), {"n_neighbors": randint(1, 30), "weights": ["uniform",
                                "distance"]}, n_iter=6, cv=3, random_state=0).fit(X, y)
    assert len(search.cv_results_["params"]) == 6
    assert all(1 <= p["n_neighbors"] < 30 for p in search.cv_results_["params"])
    assert search.best_score_ == max(search.cv_results_["mean_test_score"])
    theirs = sk.RandomizedSearchCV(KNeighborsClassifier(), {"n_neighbors": randint(1, 30), "weights": [
                                   "uniform", "distance"]}, n_iter=6, cv=3, random_state=0).fit(X, y)
    assert theirs.cv_results_["params"] == search.cv_results_["params"]  # seeded: the same draws
    with pytest.warns(UserWarning, match="smaller than n_iter"):
        small = RandomizedSearchCV(GaussianNB(), {"var_smoothing": [1e-9, 1e-3]}, n_iter=5, cv=3).fit(X, y)
    assert sorted(p["var_smoothing"] for p in small.cv_results_["params"]) == [1e-9, 1e-3]


def test_indexable_inputs_and_bad_input():
    X, y = load_iris(return_X_y=True)
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5]}, cv=3)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        search.fit(X, y[:-1])
    with pytest.raises(ValueError, match="requires y to be passed"):
        search.fit(X)
    scipy_sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match="sparse input is not supported"):
        search.fit(scipy_sparse.csr_matrix(X), y)
    # a column vector of labels gives the same search as a 1-D one
    with pytest.warns(Warning):
        column = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5]}, cv=3).fit(X, y[:, None])
    np.testing.assert_allclose(column.cv_results_["mean_test_score"],
                               search.fit(X, y).cv_results_["mean_test_score"])


def test_search_over_unsupervised_and_transformers():
    X, _ = load_iris(return_X_y=True)
    search = GridSearchCV(KMeans(n_init=2, random_state=0), {"n_clusters": [2, 3, 4]}, cv=3).fit(X)
    # KMeans.score is −inertia, so the search prefers the most clusters
    assert search.best_params_ == {"n_clusters": 4}
    assert search.predict(X[:5]).shape == (5,)
    pca = GridSearchCV(PCA(), {"n_components": [1, 2, 3]}, cv=3).fit(X)  # PCA.score: log-likelihood
    from sklearn.decomposition import PCA as SkPCA
    theirs = sk.GridSearchCV(SkPCA(), {"n_components": [1, 2, 3]}, cv=3).fit(X)
    np.testing.assert_allclose(pca.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"])
    assert pca.transform(X).shape == (150, pca.best_params_["n_components"])


def test_parameter_grid_and_sampler():
    grid = ParameterGrid([{"b": [1, 2], "a": ["x", "y", "z"]}, {"c": [True]}])
    listed = list(grid)
    assert len(grid) == 7 == len(listed)
    assert listed[:2] == [{"a": "x", "b": 1}, {"a": "x", "b": 2}]
    assert [grid[i] for i in range(7)] == listed
    assert listed == list(sk.ParameterGrid([{"b": [1, 2], "a": ["x", "y", "z"]}, {"c": [True]}]))
    draws = list(ParameterSampler({"a": randint(0, 100), "b": [1, 2]}, n_iter=5, random_state=0))
    assert draws == list(sk.ParameterSampler({"a": randint(0, 100), "b": [1, 2]}, n_iter=5, random_state=0))
    with pytest.raises(TypeError, match="needs to be a list"):
        ParameterGrid({"a": 1})
    with pytest.raises(ValueError, match="non-empty"):
        ParameterGrid({"a": []})


def test_refit_false_and_unfitted():
    X, y = load_iris(return_X_y=True)
    search = GridSearchCV(GaussianNB(), {"var_smoothing": [1e-9, 1e-1]}, cv=3, refit=False).fit(X, y)
    theirs = sk.GridSearchCV(GaussianNB(), {"var_smoothing": [1e-9, 1e-1]}, cv=3, refit=False).fit(X, y)
    assert search.best_params_ == theirs.best_params_
    assert not hasattr(search, "best_estimator_")
    with pytest.raises(AttributeError, match="refit=False"):
        search.predict(X)
    with pytest.raises(NotFittedError):
        GridSearchCV(GaussianNB(), {"var_smoothing": [1e-9]}).predict(X)
    assert not hasattr(GridSearchCV(GaussianNB(), {}), "transform")
    with pytest.raises(ValueError, match="Invalid parameter 'var_smothing'"):
        GridSearchCV(GaussianNB(), {"var_smothing": [1e-9]}, cv=3, error_score="raise").fit(X, y)
