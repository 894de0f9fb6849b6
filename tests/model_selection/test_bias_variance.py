import numpy as np
import pytest

from glassnet.linear_model import LinearRegression
from glassnet.model_selection import bias_variance_decomposition
from glassnet.pipeline import make_pipeline
from glassnet.preprocessing import PolynomialFeatures


def f_true(X):
    return np.sin(2 * np.asarray(X)[:, 0])


def make_data(rng, n=30, sigma=0.3):
    X = rng.uniform(-2, 2, size=(n, 1))
    return X, f_true(X) + sigma * rng.normal(size=n)


X_TEST = np.linspace(-1.8, 1.8, 40)[:, None]


def test_the_three_parts_add_up_to_the_measured_test_error():
    parts = bias_variance_decomposition(make_pipeline(PolynomialFeatures(3), LinearRegression()), make_data,
                                        X_TEST, f_true, n_rounds=300, random_state=0)
    total = parts["bias2"] + parts["variance"] + parts["noise"]
    assert abs(total - parts["error"]) < 0.05 * parts["error"]
    assert parts["noise"] == pytest.approx(0.09, rel=0.1)
    assert parts["predictions"].shape == (300, 40)


def test_definitions_match_a_hand_computation_from_the_predictions():
    parts = bias_variance_decomposition(LinearRegression(), make_data, X_TEST, f_true, n_rounds=20, random_state=1)
    P = parts["predictions"]
    assert parts["bias2"] == pytest.approx(np.mean((P.mean(axis=0) - f_true(X_TEST)) ** 2))
    assert parts["variance"] == pytest.approx(np.mean(P.var(axis=0)))


def test_a_line_has_high_bias_and_a_high_degree_polynomial_high_variance():
    line = bias_variance_decomposition(LinearRegression(), make_data, X_TEST, f_true, n_rounds=60, random_state=0)
    wiggly = bias_variance_decomposition(make_pipeline(PolynomialFeatures(12), LinearRegression()), make_data,
                                         X_TEST, f_true, n_rounds=60, random_state=0)
    assert line["bias2"] > 5 * wiggly["bias2"]
    assert wiggly["variance"] > 5 * line["variance"]


def test_n_rounds_is_checked():
    with pytest.raises(ValueError, match="n_rounds"):
        bias_variance_decomposition(LinearRegression(), make_data, X_TEST, f_true, n_rounds=1)
