"""MLPClassifier / MLPRegressor: scikit-learn's numbers, its contract, and training that really trains."""
import warnings

import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning
from glassnet.neural_network import MLPClassifier, MLPRegressor

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import neural_network as sk  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def _scaled(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


IRIS = _scaled(datasets.load_iris)
DIABETES = (_scaled(datasets.load_diabetes)[0], datasets.load_diabetes().target / 100)


def _fit_both(make, X, y, **fit_kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = make(sk).fit(X, y, **fit_kw)
        ours = make(__import__("glassnet.neural_network", fromlist=["x"])).fit(X, y, **fit_kw)
    return ours, theirs


def _assert_same_network(ours, theirs, atol=1e-6):
    assert len(ours.coefs_) == len(theirs.coefs_)
    for a, b in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(a, b, rtol=0, atol=atol)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-9, abs=1e-12)
    for name in ("n_layers_", "n_outputs_", "out_activation_", "t_", "n_features_in_"):
        assert getattr(ours, name) == getattr(theirs, name), name


# ------------------------------------------------------------------ parity with scikit-learn
@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu"])
@pytest.mark.parametrize("shuffle", [False, True])
def test_classifier_weights_equal_scikit_learns(solver, activation, shuffle):
    ours, theirs = _fit_both(lambda m: m.MLPClassifier((6, 4), activation=activation, solver=solver,
                                                      shuffle=shuffle, batch_size=32, max_iter=15,
                                                      random_state=0), *IRIS)
    _assert_same_network(ours, theirs)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-9)
    assert ours.best_loss_ == pytest.approx(theirs.best_loss_)
    assert ours.loss_curve_[-1] < ours.loss_curve_[0]               # it trained
    np.testing.assert_allclose(ours.predict_proba(IRIS[0]), theirs.predict_proba(IRIS[0]), atol=1e-6)


@pytest.mark.parametrize("activation", ["relu", "logistic"])
def test_lbfgs_equals_scikit_learns(activation):
    ours, theirs = _fit_both(lambda m: m.MLPClassifier((5,), activation=activation, solver="lbfgs",
                                                      max_iter=30, random_state=1), *IRIS)
    _assert_same_network(ours, theirs)
    ours, theirs = _fit_both(lambda m: m.MLPRegressor(hidden_layer_sizes=(6,), solver="lbfgs",
                                                     max_iter=40, random_state=1), *DIABETES)
    _assert_same_network(ours, theirs)


@pytest.mark.parametrize("settings", [
    dict(solver="sgd", learning_rate="invscaling", learning_rate_init=0.1, nesterovs_momentum=False,
         power_t=0.3),
    dict(solver="sgd", learning_rate="adaptive", momentum=0.5, n_iter_no_change=2, tol=1e-2),
    dict(solver="adam", early_stopping=True, validation_fraction=0.2, n_iter_no_change=3,
         learning_rate_init=0.03),     # stops at epoch 13, the best being epoch 9
    dict(solver="adam", loss="poisson", alpha=0.01),
    dict(solver="sgd", batch_size=50, learning_rate_init=0.01, alpha=1.0),
    dict(solver="adam", beta_1=0.8, beta_2=0.99, epsilon=1e-3, activation="tanh"),
    dict(solver="lbfgs", max_fun=7),                  # stops after 7 evaluations of the loss
])
def test_regressor_weights_equal_scikit_learns(settings):
    ours, theirs = _fit_both(lambda m: m.MLPRegressor(hidden_layer_sizes=(8,), max_iter=40,
                                                     random_state=3, **settings), *DIABETES)
    _assert_same_network(ours, theirs)
    if settings.get("early_stopping"):
        np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=1e-9)
        assert ours.best_validation_score_ == pytest.approx(theirs.best_validation_score_)
        assert ours.best_loss_ is None and theirs.best_loss_ is None
        assert ours.n_iter_ < 40                          # it did stop early
    if settings.get("learning_rate") == "adaptive":
        assert ours._optimizer.learning_rate < settings.get("learning_rate_init", 0.001)   # η was cut


def test_binary_early_stopping_multilabel_several_outputs_and_weights_equal_scikit_learns():
    Xb, yb = _scaled(datasets.load_breast_cancer)
    ours, theirs = _fit_both(lambda m: m.MLPClassifier((8,), early_stopping=True, max_iter=30,
                                                      random_state=1), Xb, yb)
    _assert_same_network(ours, theirs)
    assert ours.out_activation_ == "logistic" and ours.predict_proba(Xb).shape == (len(yb), 2)
    np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_)

    X, y = IRIS
    Y = np.c_[y == 0, y == 1].astype(int)
    ours, theirs = _fit_both(lambda m: m.MLPClassifier((8,), max_iter=20, random_state=1), X, Y)
    _assert_same_network(ours, theirs)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.out_activation_ == "logistic" and ours.classes_.tolist() == [0, 1]

    Xd, yd = DIABETES
    ours, theirs = _fit_both(lambda m: m.MLPRegressor(hidden_layer_sizes=(8,), max_iter=20,
                                                     random_state=1), Xd, np.c_[yd, Xd[:, 0]])
    _assert_same_network(ours, theirs)
    assert ours.predict(Xd).shape == (len(yd), 2)

    weights = np.random.default_rng(0).random(len(y))
    ours, theirs = _fit_both(lambda m: m.MLPClassifier((8,), max_iter=20, random_state=1), X, y,
                             sample_weight=weights)
    _assert_same_network(ours, theirs)
    with pytest.warns(ConvergenceWarning):
        unweighted = MLPClassifier((8,), max_iter=20, random_state=1).fit(X, y)
    assert not np.allclose(unweighted.coefs_[0], ours.coefs_[0])     # the weights were used


def test_partial_fit_and_warm_start_follow_scikit_learn():
    X, y = IRIS
    ours = MLPClassifier((6,), solver="sgd", random_state=0)
    theirs = sk.MLPClassifier((6,), solver="sgd", random_state=0)
    for start in range(0, 150, 50):
        rows = slice(start, start + 50)
        ours.partial_fit(X[rows], y[rows], classes=[0, 1, 2])
        theirs.partial_fit(X[rows], y[rows], classes=[0, 1, 2])
    _assert_same_network(ours, theirs)
    assert len(ours.loss_curve_) == 3

    make = lambda m: m.MLPRegressor(hidden_layer_sizes=(5,), warm_start=True, max_iter=5, random_state=2)  # noqa: E731
    ours, theirs = _fit_both(make, *DIABETES)
    first = ours.coefs_[0].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.fit(*DIABETES)
        theirs.fit(*DIABETES)
    _assert_same_network(ours, theirs)
    assert len(ours.loss_curve_) == 10 and not np.allclose(first, ours.coefs_[0])


@pytest.mark.parametrize("name", ["iris", "digits", "breast_cancer", "diabetes", "moons"])
def test_scores_on_the_bundled_data_sets_match_scikit_learns(name):
    if name == "moons":
        X, y = datasets.make_moons(200, noise=0.2, random_state=0)
    else:
        X, y = _scaled(getattr(datasets, f"load_{name}"))
    Estimator = "MLPRegressor" if name == "diabetes" else "MLPClassifier"
    y = y / 100 if name == "diabetes" else y
    ours, theirs = _fit_both(lambda m: getattr(m, Estimator)(hidden_layer_sizes=(16,), max_iter=100,
                                                             learning_rate_init=0.01, random_state=0), X, y)
    assert abs(ours.score(X, y) - theirs.score(X, y)) < 0.01
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.score(X, y) > (0.4 if name == "diabetes" else 0.85)


# ------------------------------------------------------------------ behaviour
def test_training_lowers_the_loss_and_reaches_iris():
    X, y = IRIS
    untrained = MLPClassifier((10,), max_iter=1, random_state=0)
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(1\) reached"):
        untrained.fit(X, y)
    model = MLPClassifier((10,), learning_rate_init=0.01, max_iter=300, random_state=0).fit(X, y)
    assert model.loss_ < 0.3 * untrained.loss_
    assert model.score(X, y) > 0.95
    assert model.n_iter_ < 300                      # stopped by the tol rule, not by max_iter
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_allclose(model.predict_log_proba(X), np.log(proba))
    np.testing.assert_array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])


@pytest.mark.filterwarnings("ignore::glassnet.exceptions.ConvergenceWarning")
def test_string_labels_and_float32():
    X, y = IRIS
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    model = MLPClassifier((8,), learning_rate_init=0.01, max_iter=100, random_state=0).fit(X, names)
    assert set(model.predict(X)) <= set(names) and model.score(X, names) > 0.9
    model32 = MLPClassifier((8,), max_iter=5, random_state=0).fit(X.astype(np.float32), y)
    assert all(W.dtype == np.float32 for W in model32.coefs_)


def test_early_stopping_keeps_the_best_epoch():
    X, y = DIABETES
    model = MLPRegressor(hidden_layer_sizes=(8,), solver="sgd", learning_rate_init=0.05,
                         early_stopping=True, n_iter_no_change=3, max_iter=100, random_state=0).fit(X, y)
    assert model.n_iter_ < 100
    best = int(np.argmax(model.validation_scores_))
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert best < len(model.validation_scores_) - 1        # later epochs were worse, and dropped


@pytest.mark.filterwarnings("ignore::glassnet.exceptions.ConvergenceWarning")
def test_verbose_prints_each_epoch(capsys):
    MLPRegressor(hidden_layer_sizes=(3,), max_iter=2, verbose=True, random_state=0).fit(*DIABETES)
    out = capsys.readouterr().out
    assert "Iteration 1, loss = " in out and "Iteration 2, loss = " in out


def test_partial_fit_needs_classes_and_a_stochastic_solver():
    X, y = IRIS
    with pytest.raises(ValueError, match="classes must be passed"):
        MLPClassifier().partial_fit(X, y)
    assert not hasattr(MLPClassifier(solver="lbfgs"), "partial_fit")
    assert not hasattr(MLPRegressor(solver="lbfgs"), "partial_fit")
    model = MLPClassifier((4,), random_state=0).partial_fit(X[:10], y[:10], classes=[0, 1, 2])
    with pytest.raises(ValueError, match="classes not in"):
        model.partial_fit(X, y + 1)
    with pytest.raises(ValueError, match="early_stopping"):
        MLPRegressor(early_stopping=True).partial_fit(*DIABETES)


@pytest.mark.parametrize("params, match", [
    (dict(hidden_layer_sizes=(5, 0)), "hidden_layer_sizes must be > 0"),
    (dict(activation="sigmoid"), "'activation' parameter of MLPClassifier.*'sigmoid'"),
    (dict(solver="newton"), "'solver'"),
    (dict(alpha=-1.0), "'alpha'.*-1.0"),
    (dict(batch_size=0), "'batch_size'"),
    (dict(learning_rate_init=0.0), "'learning_rate_init'"),
    (dict(momentum=1.5), "'momentum'"),
    (dict(validation_fraction=1.0), "'validation_fraction'"),
    (dict(max_iter=0), "'max_iter'"),
    (dict(beta_2=1.0), "'beta_2'"),
])
def test_bad_settings_name_the_parameter(params, match):
    with pytest.raises(ValueError, match=match):
        MLPClassifier(**params).fit(*IRIS)


def test_regressor_refuses_negative_counts_for_poisson_and_unknown_losses():
    X, y = DIABETES
    with pytest.raises(ValueError, match="non-negative"):
        MLPRegressor(loss="poisson").fit(X, y - 10)
    with pytest.raises(ValueError, match="'loss' parameter of MLPRegressor"):
        MLPRegressor(loss="huber").fit(X, y)


def test_warm_start_with_other_layer_sizes_is_refused():
    model = MLPRegressor(hidden_layer_sizes=(3,), warm_start=True, max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(*DIABETES)
        with pytest.raises(ValueError, match="layer sizes"):
            model.set_params(hidden_layer_sizes=(4,)).fit(*DIABETES)


# ------------------------------------------------------------------ scikit-learn's checks
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402


@parametrize_with_checks([MLPClassifier(max_iter=100), MLPRegressor(max_iter=100)])
def test_sklearn_check_estimator(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


def test_warm_start_from_lbfgs_continues_with_sgd():
    X, y = IRIS
    model = MLPClassifier((5,), solver="lbfgs", max_iter=20, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
        start = model.coefs_[0].copy()
        model.set_params(solver="sgd", max_iter=3).fit(X, y)
    assert len(model.loss_curve_) == 3 and not np.allclose(start, model.coefs_[0])
