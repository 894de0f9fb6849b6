import numpy as np
import pytest

from glassnet.linear_model import Perceptron
from tests.linear_model.conftest import SGD_WEIGHT_CHECKS, XOR_X, run_check_estimator, scaled_split

sklm = pytest.importorskip("sklearn.linear_model")


def test_check_estimator():
    # check_class_weight_classifiers passes since the samples come in scikit-learn's order (it was
    # skipped before: with class_weight {0: 1000, 1: 1e-4, 2: 1e-4} the perceptron never settles, so
    # the share predicted 0 depended on the order)
    run_check_estimator(Perceptron(), SGD_WEIGHT_CHECKS)


@pytest.mark.parametrize("gate,y", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0])])
def test_learns_linearly_separable_gates(gate, y):
    # without the stopping rule: with it, NAND at random_state=0 stops after 10 epochs short of
    # separating, in scikit-learn as here (the same order of samples, the same updates)
    model = Perceptron(random_state=0, tol=None, max_iter=100).fit(XOR_X, y)
    assert model.score(XOR_X, y) == 1.0, gate


def test_learns_not():
    X, y = np.array([[0.0], [1.0]]), np.array([1, 0])
    assert Perceptron().fit(X, y).score(X, y) == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_fails_on_xor_and_the_score_shows_it(seed):
    y = [0, 1, 1, 0]
    model = Perceptron(random_state=seed, max_iter=200, tol=None).fit(XOR_X, y)
    assert model.score(XOR_X, y) <= 0.75  # no line separates XOR


def test_rosenblatt_rule_by_hand():
    """One epoch without shuffling: w ← w + η y x on each mistake (sign(0) counts as a mistake)."""
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([1, 0])            # +1 and −1
    model = Perceptron(shuffle=False, max_iter=1, tol=None, eta0=0.5)
    model.fit(X, y)
    # sample 1: score 0 → mistake, w = 0.5·(+1)·(1, 0), b = 0.5; sample 2: score 0.5 > 0 but y = −1 → mistake
    np.testing.assert_allclose(model.coef_, [[0.5, -0.5]])
    np.testing.assert_allclose(model.intercept_, [0.0])


@pytest.mark.parametrize("name", ["iris", "breast_cancer"])
def test_close_to_sklearn(name):
    X_train, X_test, y_train, y_test = scaled_split(name)
    ours, theirs = Perceptron().fit(X_train, y_train), sklm.Perceptron().fit(X_train, y_train)
    # the same shuffled order of samples (scikit-learn's), so the same updates and the same epochs
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9, atol=1e-12)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.score(X_test, y_test) == theirs.score(X_test, y_test) > 0.8
