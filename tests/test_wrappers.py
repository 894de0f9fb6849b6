"""keras.wrappers: networks inside scikit-learn's and glassnet's tools, cloned, pickled, run by joblib."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.wrappers import SKLearnClassifier, SKLearnRegressor, SKLearnTransformer

RNG = np.random.default_rng(0)
X = RNG.normal(size=(150, 4)).astype("float32")
LABELS = np.array(["cat", "dog", "emu"])[np.argmax(X[:, :3] * [1.0, 1.2, 0.9], axis=1)]
Y_REG = (X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3).astype("float32")


def build_classifier(X, y, hidden=16, learning_rate=0.05):
    model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(hidden, activation="relu"),
                              layers.Dense(y.shape[1], activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy")
    return model


def build_regressor(X, y):
    model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    return model


def build_encoder(X, y):
    inputs = keras.Input((X.shape[1],))
    code = layers.Dense(2, name="code")(inputs)
    model = keras.Model(inputs, code)
    model.compile(optimizer="adam", loss="mse")
    return model


FIT = {"epochs": 30, "batch_size": 16}


def test_classifier_learns_and_answers_with_the_original_labels():
    keras.utils.set_random_seed(1)
    clf = SKLearnClassifier(model=build_classifier, fit_kwargs=FIT).fit(X, LABELS)
    assert list(clf.classes_) == ["cat", "dog", "emu"] and clf.n_features_in_ == 4
    assert set(clf.predict(X)) <= set(LABELS) and clf.score(X, LABELS) > 0.9
    losses = clf.history_.history["loss"]
    assert losses[-1] < 0.5 * losses[0]
    np.testing.assert_allclose(clf.predict_proba(X[:5]).sum(axis=1), 1, rtol=1e-5)


def test_a_model_instance_is_cloned_and_compiled_the_same_way():
    keras.utils.set_random_seed(2)
    template = build_classifier(X, np.zeros((1, 3)))
    before = [w.copy() for w in template.get_weights()]
    clf = SKLearnClassifier(model=template, fit_kwargs=FIT).fit(X, LABELS)
    assert clf.model_ is not template and clf.score(X, LABELS) > 0.9
    for old, now in zip(before, template.get_weights()):
        np.testing.assert_array_equal(old, now)          # the template itself is never trained
    assert type(clf.model_.optimizer) is keras.optimizers.Adam and clf.model_.optimizer is not template.optimizer


def test_warm_start_continues_training_the_same_model():
    keras.utils.set_random_seed(3)
    reg = SKLearnRegressor(model=build_regressor, warm_start=True, fit_kwargs={"epochs": 3})
    reg.fit(X, Y_REG)
    first_model, first_loss = reg.model_, reg.history_.history["loss"][-1]
    reg.fit(X, Y_REG)
    assert reg.model_ is first_model and reg.history_.history["loss"][0] < first_loss * 1.01
    cold = SKLearnRegressor(model=build_regressor, fit_kwargs={"epochs": 3}).fit(X, Y_REG)
    model = cold.model_
    assert cold.fit(X, Y_REG).model_ is not model


def test_regressor_fits_a_line_and_predicts_1d():
    keras.utils.set_random_seed(4)
    reg = SKLearnRegressor(model=build_regressor, fit_kwargs={"epochs": 40, "batch_size": 16}).fit(X, Y_REG)
    assert reg.predict(X).shape == (150,) and reg.score(X, Y_REG) > 0.95
    two = SKLearnRegressor(model=build_regressor_2, fit_kwargs={"epochs": 2}).fit(X, np.column_stack([Y_REG, Y_REG]))
    assert two.predict(X).shape == (150, 2)


def build_regressor_2(X, y):
    model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(y.shape[1])])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_transformer_outputs_the_model_predictions():
    tr = SKLearnTransformer(model=build_encoder, fit_kwargs={"epochs": 1})
    out = tr.fit_transform(X, X[:, :2])
    assert out.shape == (150, 2)
    np.testing.assert_allclose(out, tr.model_.predict(X, verbose=0), rtol=1e-6)


def test_errors_are_explained():
    with pytest.raises(TypeError, match="must be a compiled keras Model or a function"):
        SKLearnClassifier(model=42).fit(X, LABELS)
    uncompiled = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    with pytest.raises(RuntimeError, match="must be compiled"):
        SKLearnClassifier(model=uncompiled).fit(X, LABELS)
    with pytest.raises(ValueError, match="at least 2 classes"):
        SKLearnClassifier(model=build_classifier).fit(X, np.zeros(150))
    with pytest.raises(Exception, match="not fitted|fit"):
        SKLearnRegressor(model=build_regressor).predict(X)


def test_scikit_learn_grid_search_pipeline_and_cross_validate():
    sklearn = pytest.importorskip("sklearn")
    from sklearn.model_selection import GridSearchCV, cross_validate
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    keras.utils.set_random_seed(5)
    assert sklearn.base.is_classifier(SKLearnClassifier(model=build_classifier))
    search = GridSearchCV(SKLearnClassifier(model=build_classifier, fit_kwargs={"epochs": 10, "batch_size": 16}),
                          {"model_kwargs": [{"hidden": 2}, {"hidden": 16, "learning_rate": 0.1}]}, cv=2)
    search.fit(X, LABELS)
    assert search.best_params_["model_kwargs"]["hidden"] == 16 and search.best_score_ > 0.8
    pipe = make_pipeline(StandardScaler(), SKLearnRegressor(model=build_regressor, fit_kwargs=FIT))
    scores = cross_validate(pipe, X, Y_REG, cv=3)
    assert np.all(scores["test_score"] > 0.9)
    clone = sklearn.base.clone(SKLearnClassifier(model=build_classifier(X, np.zeros((1, 3))), warm_start=True))
    assert clone.warm_start and not hasattr(clone, "model_")


def test_glassnet_grid_search_pipeline_and_cross_validate():
    from glassnet.model_selection import GridSearchCV, cross_validate
    from glassnet.pipeline import make_pipeline
    from glassnet.preprocessing import StandardScaler
    keras.utils.set_random_seed(6)
    search = GridSearchCV(SKLearnRegressor(model=build_regressor), {"fit_kwargs": [{"epochs": 1}, FIT]}, cv=2)
    search.fit(X, Y_REG)
    assert search.best_params_["fit_kwargs"] == FIT
    pipe = make_pipeline(StandardScaler(), SKLearnClassifier(model=build_classifier, fit_kwargs=FIT))
    scores = cross_validate(pipe, X, LABELS, cv=3)
    assert np.all(scores["test_score"] > 0.8)


def test_fitted_wrapper_pickles_and_runs_through_joblib():
    joblib = pytest.importorskip("joblib")
    keras.utils.set_random_seed(7)
    reg = SKLearnRegressor(model=build_regressor, fit_kwargs={"epochs": 5}).fit(X, Y_REG)
    again = pickle.loads(pickle.dumps(reg))
    np.testing.assert_allclose(again.predict(X), reg.predict(X), rtol=1e-6)
    fitted = joblib.Parallel(n_jobs=2)(joblib.delayed(lambda e: e.fit(X, Y_REG).score(X, Y_REG))(
        SKLearnRegressor(model=build_regressor, fit_kwargs=FIT)) for _ in range(2))
    assert all(score > 0.95 for score in fitted)


def test_grid_search_of_a_network_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    joblib = pytest.importorskip("joblib")
    from glassnet.model_selection import GridSearchCV
    grid = {"fit_kwargs": [{"epochs": 1}, FIT]}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            search = GridSearchCV(SKLearnRegressor(model=build_regressor), grid, cv=2, n_jobs=-1).fit(X, Y_REG)
    assert search.best_params_["fit_kwargs"] == FIT and search.best_score_ > 0.95
