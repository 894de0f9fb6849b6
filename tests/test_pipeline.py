"""glassnet.pipeline: Pipeline and make_pipeline, alone and inside grid search."""
import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.linear_model import LinearRegression, LogisticRegression, Ridge
from glassnet.pipeline import Pipeline, make_pipeline
from glassnet.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler

skd = pytest.importorskip("sklearn.datasets")

EXPECTED_FAILED_CHECKS = {
    "check_estimators_overwrite_params": "a Pipeline fits its steps in place, as scikit-learn's does, so the "
                                         "'steps' parameter holds fitted estimators after fit",
}


@pytest.mark.parametrize("final", [LogisticRegression(), Ridge(), PolynomialFeatures()])
def test_check_estimator(final):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(make_pipeline(StandardScaler(), final), expected_failed_checks=EXPECTED_FAILED_CHECKS)


def test_fit_predict_equals_the_steps_by_hand():
    X, y = skd.load_diabetes(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(2), Ridge(alpha=3.0)).fit(X, y)
    Z = PolynomialFeatures(2).fit_transform(StandardScaler().fit_transform(X))
    np.testing.assert_allclose(pipe.predict(X), Ridge(alpha=3.0).fit(Z, y).predict(Z))
    assert pipe.score(X, y) == pytest.approx(Ridge(alpha=3.0).fit(Z, y).score(Z, y))


def test_names_indexing_and_params():
    pipe = make_pipeline(StandardScaler(), StandardScaler(), LinearRegression())
    assert [name for name, _ in pipe.steps] == ["standardscaler-1", "standardscaler-2", "linearregression"]
    assert isinstance(pipe[-1], LinearRegression) and pipe["standardscaler-1"] is pipe[0]
    assert isinstance(pipe[:-1], Pipeline) and len(pipe[:-1]) == 2
    params = pipe.get_params()
    assert params["linearregression__fit_intercept"] is True
    pipe.set_params(linearregression__fit_intercept=False, **{"standardscaler-2": "passthrough"})
    assert pipe[-1].fit_intercept is False and pipe[1] == "passthrough"
    with pytest.raises(ValueError, match="Invalid parameter"):
        pipe.set_params(nothing__alpha=1)


def test_available_methods_follow_the_final_step():
    X, y = skd.load_iris(return_X_y=True)
    clf = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert not hasattr(make_pipeline(StandardScaler(), Ridge()), "predict_proba")
    assert not hasattr(make_pipeline(StandardScaler(), Ridge()), "transform")
    scaler = make_pipeline(StandardScaler(), MinMaxScaler()).fit(X)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X)
    assert list(make_pipeline(PolynomialFeatures(2)).fit(X[:, :2]).get_feature_names_out()) == [
        "1", "x0", "x1", "x0^2", "x0 x1", "x1^2"]


def test_fit_params_are_routed_by_step_name():
    X, y = skd.load_diabetes(return_X_y=True)
    w = np.random.RandomState(0).uniform(0.5, 2, len(y))
    pipe = make_pipeline(StandardScaler(), Ridge()).fit(X, y, ridge__sample_weight=w)
    Z = StandardScaler().fit_transform(X)
    np.testing.assert_allclose(pipe[-1].coef_, Ridge().fit(Z, y, sample_weight=w).coef_)
    with pytest.raises(ValueError, match="stepname__parameter"):
        pipe.fit(X, y, sample_weight=w)


@pytest.mark.parametrize("search_module", ["glassnet.model_selection", "sklearn.model_selection"])
def test_inside_grid_search(search_module):
    module = pytest.importorskip(search_module)
    X, y = skd.load_diabetes(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(), Ridge())
    grid = {"ridge__alpha": [0.1, 10.0, 100.0], "polynomialfeatures__degree": [1, 2]}
    search = module.GridSearchCV(pipe, grid, cv=3).fit(X, y)
    from sklearn import linear_model, pipeline, preprocessing
    from sklearn.model_selection import GridSearchCV
    reference = GridSearchCV(pipeline.make_pipeline(preprocessing.StandardScaler(), preprocessing.PolynomialFeatures(),
                                                    linear_model.Ridge()), grid, cv=3).fit(X, y)
    assert search.best_params_ == reference.best_params_
    assert search.best_score_ == pytest.approx(reference.best_score_, rel=1e-9)


def test_errors():
    with pytest.raises(NotFittedError):
        make_pipeline(StandardScaler(), Ridge()).predict([[1.0]])
    with pytest.raises(ValueError, match="not unique"):
        Pipeline([("a", StandardScaler()), ("a", Ridge())]).fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(TypeError, match="transformers"):
        Pipeline([("ridge", Ridge()), ("scaler", StandardScaler())]).fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="__"):
        Pipeline([("a__b", StandardScaler()), ("r", Ridge())]).fit([[1.0], [2.0]], [1.0, 2.0])


def test_verbose_and_memory(capsys):
    X, y = skd.load_diabetes(return_X_y=True)
    make_pipeline(StandardScaler(), Ridge(), verbose=True).fit(X, y)
    out = capsys.readouterr().out
    assert "(step 1 of 2) Processing standardscaler" in out and "(step 2 of 2) Processing ridge" in out
    with pytest.raises(ValueError, match="memory"):
        make_pipeline(StandardScaler(), Ridge(), memory="/tmp/cache").fit(X, y)
