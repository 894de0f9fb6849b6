"""Without shuffling, SGD visits the samples in the same order as scikit-learn's, so every update
(the loss's derivative, the step-size schedule, the L2 decay and its clipping at 0, the L1
truncation, one-vs-rest) must give scikit-learn's very coefficients, and its stopping rule
(the mean training loss with no penalty) the same number of epochs."""
import warnings

import numpy as np
import pytest

import glassnet.linear_model as ours

theirs = pytest.importorskip("sklearn.linear_model")

RNG = np.random.RandomState(0)
X = 3.0 * RNG.normal(size=(30, 3))
Y_BINARY = (X[:, 0] - X[:, 1] > 0).astype(int)
Y_THREE = np.digitize(X[:, 0], [-1.0, 1.0])
Y_REAL = X @ np.array([1.0, -2.0, 0.5]) + RNG.normal(size=30)
Y_NOISY = np.where(RNG.uniform(size=30) < 0.3, 1 - Y_BINARY, Y_BINARY)   # some samples stay misclassified


def _fit_both(name, y, **kwargs):
    kwargs = dict(dict(shuffle=False, max_iter=3, tol=None), **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(ours, name)(**kwargs).fit(X, y), getattr(theirs, name)(**kwargs).fit(X, y)


def _assert_same(mine, reference):
    scale = max(1.0, np.abs(reference.coef_).max())
    # equal to rounding, except log_loss, whose stable formulas differ from scikit-learn's in the last
    # digits at large margins (a relative 1e-8 after a few epochs)
    np.testing.assert_allclose(mine.coef_, reference.coef_, rtol=1e-7, atol=1e-12 * scale)
    np.testing.assert_allclose(mine.intercept_, reference.intercept_, rtol=1e-7, atol=1e-12 * scale)
    assert mine.n_iter_ == reference.n_iter_
    assert np.abs(reference.coef_).max() > 1e-6          # something was learned


@pytest.mark.parametrize("schedule", [dict(learning_rate="constant", eta0=0.05), dict(learning_rate="optimal"),
                                      dict(learning_rate="invscaling", eta0=0.5)])
@pytest.mark.parametrize("loss", ["hinge", "log_loss", "modified_huber", "perceptron", "squared_error"])
@pytest.mark.parametrize("y", [Y_BINARY, Y_THREE], ids=["binary", "three-classes"])
def test_classifier_updates_are_sklearns(loss, schedule, y):
    _assert_same(*_fit_both("SGDClassifier", y, loss=loss, **schedule))


@pytest.mark.parametrize("penalty", [dict(penalty=None), dict(penalty="l1"), dict(penalty="elasticnet", l1_ratio=0.4,
                                                                                  alpha=0.01),
                                     dict(penalty="l2", alpha=0.5, learning_rate="invscaling", eta0=0.5)])
@pytest.mark.parametrize("y", [Y_BINARY, Y_THREE], ids=["binary", "three-classes"])
def test_classifier_penalties_are_sklearns(penalty, y):
    _assert_same(*_fit_both("SGDClassifier", y, **penalty))


@pytest.mark.parametrize("kwargs", [dict(), dict(alpha=10.0), dict(learning_rate="constant", eta0=0.01),
                                    dict(alpha=10.0, eta0=0.5),        # η α > 1: the decay is clipped at 0
                                    dict(learning_rate="optimal", alpha=2.0), dict(penalty="l1"),
                                    dict(penalty="elasticnet", alpha=0.1)])
@pytest.mark.parametrize("loss", [dict(loss="squared_error"), dict(loss="huber", epsilon=1.0),
                                  dict(loss="epsilon_insensitive", epsilon=0.5)])
def test_regressor_updates_are_sklearns(loss, kwargs):
    _assert_same(*_fit_both("SGDRegressor", Y_REAL, **loss, **kwargs))


@pytest.mark.parametrize("loss", ["hinge", "log_loss", "modified_huber", "perceptron"])
@pytest.mark.parametrize("schedule", [dict(learning_rate="constant", eta0=0.01), dict(learning_rate="adaptive", eta0=0.1)])
def test_classifier_stops_after_sklearns_number_of_epochs(loss, schedule):
    # without a penalty the objective of the stopping rule is the mean loss in both libraries
    _assert_same(*_fit_both("SGDClassifier", Y_NOISY, loss=loss, penalty=None, max_iter=200, tol=1e-3, **schedule))


@pytest.mark.parametrize("loss", [dict(loss="squared_error"), dict(loss="huber", epsilon=1.0),
                                  dict(loss="epsilon_insensitive", epsilon=0.5)])
def test_regressor_stops_after_sklearns_number_of_epochs(loss):
    _assert_same(*_fit_both("SGDRegressor", Y_REAL, **loss, max_iter=200, tol=1e-3, learning_rate="adaptive",
                            eta0=0.01))


def test_perceptron_is_sklearns():
    _assert_same(*_fit_both("Perceptron", Y_THREE, max_iter=1000, tol=1e-3))


def test_log_loss_step_at_a_large_margin():
    # both samples are classified with margins z > 18, where L = log(1 + e^(−z)) ≈ e^(−z):
    # each step w ← w + η y e^(−z) x still pushes the margin up, by a tiny amount that a huge η shows
    Xm, ym = np.array([[2.0, 1.0], [-2.0, -1.0]]), np.array([1, 0])
    w, b, eta = np.array([10.0, 0.5]), 0.0, 1e6
    for x, sign in zip(Xm, [1.0, -1.0]):
        z = sign * (w @ x + b)
        assert z > 18
        w, b = w + eta * sign * np.exp(-z) * x, b + eta * sign * np.exp(-z)
    kwargs = dict(loss="log_loss", penalty=None, learning_rate="constant", eta0=eta, shuffle=False, max_iter=1, tol=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = ours.SGDClassifier(**kwargs).fit(Xm, ym, coef_init=[[10.0, 0.5]], intercept_init=[0.0])
        reference = theirs.SGDClassifier(**kwargs).fit(Xm, ym, coef_init=[[10.0, 0.5]], intercept_init=[0.0])
    np.testing.assert_allclose(mine.coef_[0], w, rtol=1e-9)
    np.testing.assert_allclose(mine.intercept_, [b], rtol=1e-6)
    np.testing.assert_allclose(mine.coef_, reference.coef_, rtol=1e-9)
    assert mine.coef_[0, 0] > 10.004


@pytest.mark.parametrize("name, target, penalty", [("SGDClassifier", "binary", "l2"),
                                                   ("SGDClassifier", "binary", "elasticnet"),
                                                   pytest.param("SGDClassifier", "three", "l1", marks=pytest.mark.xfail(
                                                       strict=True, reason="pure L1: scikit-learn stops at other "
                                                       "epochs (8 vs 24 here); which L1 term its rule adds is not "
                                                       "found yet")),
                                                   ("SGDRegressor", "real", "l2"),
                                                   ("SGDRegressor", "real", "elasticnet")])
def test_stopping_rule_with_a_penalty_is_sklearns(name, target, penalty):
    # the stopping rule compares the loss plus the penalty α((1−ρ)½‖w‖² + ρ‖w‖₁), as scikit-learn's does
    y = {"binary": Y_BINARY, "three": Y_THREE, "real": Y_REAL}[target]
    _assert_same(*_fit_both(name, y, max_iter=100, tol=1e-3, penalty=penalty, alpha=0.01))
