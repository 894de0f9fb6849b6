import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning, NotFittedError
from glassnet.linear_model import SGDClassifier, SGDRegressor
from glassnet.linear_model import _sgd_losses as L
from tests.linear_model.conftest import SGD_WEIGHT_CHECKS, run_check_estimator, scaled_split

sklm = pytest.importorskip("sklearn.linear_model")


def test_check_estimator_classifier():
    run_check_estimator(SGDClassifier(), SGD_WEIGHT_CHECKS)


def test_check_estimator_regressor():
    run_check_estimator(SGDRegressor(), SGD_WEIGHT_CHECKS)


@pytest.mark.parametrize("name", ["hinge", "log_loss", "modified_huber", "perceptron", "squared_error"])
def test_loss_derivatives_by_finite_differences(name):
    function, h = L.CLASSIFICATION[name], 1e-6
    for p in (-25.0, -2.3, -0.7, 0.2, 0.9, 1.6, 3.0, 25.0):
        for y in (1.0, -1.0):
            _, grad = function(p, y)
            numeric = (function(p + h, y)[0] - function(p - h, y)[0]) / (2 * h)
            assert grad == pytest.approx(numeric, abs=1e-5)


@pytest.mark.parametrize("name", ["huber", "epsilon_insensitive"])
def test_regression_loss_derivatives(name):
    function, h = L.REGRESSION[name], 1e-6
    for p in (-3.0, -0.05, 0.3, 2.0):
        _, grad = function(p, 0.1, 0.5)
        numeric = (function(p + h, 0.1, 0.5)[0] - function(p - h, 0.1, 0.5)[0]) / (2 * h)
        assert grad == pytest.approx(numeric, abs=1e-5)


@pytest.mark.parametrize("dataset", ["iris", "breast_cancer", "wine"])
@pytest.mark.parametrize("loss", ["hinge", "log_loss"])
def test_classifier_close_to_sklearn(dataset, loss):
    X_train, X_test, y_train, y_test = scaled_split(dataset)
    ours = SGDClassifier(loss=loss, random_state=0).fit(X_train, y_train).score(X_test, y_test)
    theirs = sklm.SGDClassifier(loss=loss, random_state=0).fit(X_train, y_train).score(X_test, y_test)
    assert ours >= theirs - 0.05  # SGD depends on the sample order: close, not identical


@pytest.mark.parametrize("schedule", ["optimal", "invscaling", "constant", "adaptive"])
@pytest.mark.parametrize("penalty", ["l2", "l1", "elasticnet", None])
def test_schedules_and_penalties_learn(schedule, penalty):
    X_train, X_test, y_train, y_test = scaled_split("breast_cancer")
    model = SGDClassifier(learning_rate=schedule, penalty=penalty, eta0=0.01, random_state=0, max_iter=50)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.9


def test_l1_makes_weights_exactly_zero():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 20))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = SGDClassifier(penalty="l1", alpha=0.01, random_state=0).fit(X, y)
    assert np.sum(model.coef_ == 0) >= 10


def test_predict_proba_only_for_probabilistic_losses():
    X_train, X_test, y_train, _ = scaled_split("iris")
    model = SGDClassifier(loss="log_loss", random_state=0).fit(X_train, y_train)
    np.testing.assert_allclose(model.predict_proba(X_test).sum(axis=1), 1.0)
    assert not hasattr(SGDClassifier(loss="hinge"), "predict_proba")


def test_partial_fit_is_online_learning():
    X_train, X_test, y_train, y_test = scaled_split("breast_cancer")
    model = SGDClassifier(random_state=0)
    for start in range(0, len(X_train), 50):
        model.partial_fit(X_train[start:start + 50], y_train[start:start + 50], classes=[0, 1])
    assert model.score(X_test, y_test) > 0.9
    with pytest.raises(ValueError, match="classes must be passed"):
        SGDClassifier().partial_fit(X_train, y_train)


def test_early_stopping_uses_a_validation_set():
    X_train, X_test, y_train, y_test = scaled_split("breast_cancer")
    model = SGDClassifier(early_stopping=True, random_state=0).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.9


@pytest.mark.parametrize("loss", ["squared_error", "huber", "epsilon_insensitive"])
def test_regressor(loss):
    X_train, X_test, y_train, y_test = scaled_split("diabetes")
    kw = dict(loss=loss, random_state=0, max_iter=200)
    if loss != "squared_error":
        kw.update(epsilon=20.0, eta0=0.1)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = SGDRegressor(**kw).fit(X_train, y_train).score(X_test, y_test)
        theirs = sklm.SGDRegressor(**kw).fit(X_train, y_train).score(X_test, y_test)
    assert ours >= theirs - 0.05


def test_bad_input():
    with pytest.raises(NotFittedError):
        SGDClassifier().predict([[1.0]])
    with pytest.raises(ValueError, match="loss"):
        SGDClassifier(loss="bogus").fit([[1.0], [2.0]], [0, 1])
    with pytest.raises(ValueError, match="learning_rate"):
        SGDRegressor(learning_rate="fast").fit([[1.0], [2.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="eta0"):
        SGDRegressor(eta0=0).fit([[1.0], [2.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="overflow"):
        SGDRegressor(learning_rate="constant", eta0=10.0).fit([[1e200], [2e200]], [0.0, 1.0])


def test_a_one_row_validation_set_never_stops_early_as_in_sklearn():
    # R² of one row is undefined (NaN): no epoch counts as stalled, so both run max_iter epochs and warn
    import warnings

    from sklearn.linear_model import SGDRegressor as SkSGDRegressor
    rng = np.random.RandomState(0)
    X = rng.normal(size=(10, 3))
    y = X @ np.array([1.0, 2.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = SkSGDRegressor(early_stopping=True, max_iter=40, random_state=0).fit(X, y)
    with pytest.warns(ConvergenceWarning), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="R\\^2 score is not well-defined")
        ours = SGDRegressor(early_stopping=True, max_iter=40, random_state=0).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 40
