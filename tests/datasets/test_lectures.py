import numpy as np
import pytest

from glassnet.datasets.lectures import (make_linear_1d, make_logic_gate, make_noisy_polynomial, make_salary,
                                        make_signed_xnor)
from glassnet.linear_model import LinearRegression, Perceptron
from glassnet.pipeline import make_pipeline
from glassnet.preprocessing import PolynomialFeatures


@pytest.mark.parametrize("gate,expected", [("AND", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]),
                                           ("NOR", [1, 0, 0, 0]), ("XOR", [0, 1, 1, 0]), ("XNOR", [1, 0, 0, 1])])
def test_truth_tables(gate, expected):
    X, y = make_logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, expected)


def test_not_labels_noise_and_repeats():
    X, y = make_logic_gate("NOT")
    np.testing.assert_array_equal(X, [[0], [1]])
    np.testing.assert_array_equal(y, [1, 0])
    X, y = make_logic_gate("AND", 400, noise=0.1, labels=(-1, 1), shuffle=True, random_state=0)
    assert X.shape == (400, 2) and set(y) == {-1, 1} and (y == 1).sum() == 100
    X2, y2 = make_logic_gate("AND", 400, noise=0.1, labels=(-1, 1), shuffle=True, random_state=0)
    np.testing.assert_array_equal(X, X2)
    assert Perceptron().fit(X, y).score(X, y) > 0.95


def test_signed_xnor():
    X, y = make_signed_xnor()
    np.testing.assert_array_equal(X, [[-1, -1], [-1, 1], [1, -1], [1, 1]])
    np.testing.assert_array_equal(y, X[:, 0] * X[:, 1])
    assert Perceptron(max_iter=100, tol=None).fit(X, y).score(X, y) <= 0.75
    Xn, yn = make_signed_xnor(200, noise=0.2, random_state=1)
    assert set(yn) == {-1, 1} and Xn.std() > 0.9


def test_noisy_polynomial_shows_bias_and_variance():
    X, y = make_noisy_polynomial(40, noise=0.3, random_state=0)
    X_new, y_new = make_noisy_polynomial(200, noise=0.3, random_state=1)
    assert np.all(np.diff(X[:, 0]) >= 0)
    scores = {d: make_pipeline(PolynomialFeatures(d), LinearRegression()).fit(X, y) for d in (1, 3, 15)}
    train = {d: m.score(X, y) for d, m in scores.items()}
    test = {d: m.score(X_new, y_new) for d, m in scores.items()}
    assert train[1] < train[3] < train[15]     # more capacity always fits the training set better
    assert test[3] > test[1] and test[3] > test[15]   # but the true degree generalises best


def test_exact_polynomial_without_noise():
    X, y = make_noisy_polynomial(10, coef=(1.0, 2.0), noise=0.0, random_state=0)
    np.testing.assert_allclose(y, 1 + 2 * X[:, 0])


def test_linear_and_salary():
    X, y = make_linear_1d(500, slope=3.0, intercept=-2.0, noise=0.5, random_state=0)
    model = LinearRegression().fit(X, y)
    assert model.coef_[0] == pytest.approx(3.0, abs=0.05) and model.intercept_ == pytest.approx(-2.0, abs=0.2)
    years, salary = make_salary(random_state=0)
    assert years.shape == (30, 1) and np.all((years >= 1) & (years <= 11))
    assert LinearRegression().fit(years, salary).coef_[0] == pytest.approx(9500, rel=0.2)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown gate"):
        make_logic_gate("IMPLIES")
    with pytest.raises(ValueError, match="noise"):
        make_salary(noise=-1)
    with pytest.raises(ValueError, match="n_samples"):
        make_noisy_polynomial(0)
    with pytest.raises(ValueError, match="x_range"):
        make_linear_1d(x_range=(1, 0))
