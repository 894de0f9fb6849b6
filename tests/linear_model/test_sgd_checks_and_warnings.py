"""SGD's settings are checked by name, as scikit-learn checks them, and a fit stopped by max_iter
says so with a ConvergenceWarning that points at the caller's line (every path: fast loop, lesson
loop, one or several one-vs-rest problems, classifier and regressor)."""
import warnings

import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning
from glassnet.linear_model import Perceptron, SGDClassifier, SGDRegressor

RNG = np.random.RandomState(0)
X = RNG.normal(size=(60, 3))
Y_BINARY = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
Y_THREE = np.digitize(X[:, 0], [-0.5, 0.5])
Y_REAL = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * RNG.normal(size=60)


@pytest.mark.parametrize("make", [SGDClassifier, SGDRegressor, Perceptron])
@pytest.mark.parametrize("value", [0, -2, 1.5])
def test_n_iter_no_change_must_be_a_positive_integer(make, value):
    with pytest.raises(ValueError, match=f"The 'n_iter_no_change' parameter must be an integer > 0, got {value!r}"):
        make(n_iter_no_change=value).fit(X, Y_BINARY)


@pytest.mark.parametrize("make", [SGDClassifier, SGDRegressor])
@pytest.mark.parametrize("value", [0.0, 1.0, -0.1, 1.5])
def test_validation_fraction_must_lie_strictly_between_zero_and_one(make, value):
    with pytest.raises(ValueError, match=f"The 'validation_fraction' parameter must be in \\(0, 1\\), got {value!r}"):
        make(validation_fraction=value).fit(X, Y_BINARY)


FIT_PATHS = [
    (SGDClassifier, Y_BINARY, {}),                                 # the fast loop, one problem
    (SGDClassifier, Y_THREE, {}),                                  # the fast loop, three one-vs-rest problems
    (SGDClassifier, Y_THREE, {"penalty": "l1"}),                   # the lesson loop
    (SGDRegressor, Y_REAL, {}),
    (SGDRegressor, Y_REAL, {"penalty": "elasticnet"}),
    (Perceptron, Y_BINARY, {}),
]


def _convergence_warnings(make, y, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = make(max_iter=1, random_state=0, **kwargs).fit(X, y)
    assert model.n_iter_ == 1
    return [w for w in caught if issubclass(w.category, ConvergenceWarning)]


@pytest.mark.parametrize("make, y, kwargs", FIT_PATHS)
def test_stopping_at_max_iter_warns(make, y, kwargs):
    convergence = _convergence_warnings(make, y, kwargs)
    assert len(convergence) == 1 and "max_iter=1" in str(convergence[0].message)


@pytest.mark.parametrize("make, y, kwargs", FIT_PATHS)
def test_the_max_iter_warning_points_at_the_callers_line(make, y, kwargs):
    assert _convergence_warnings(make, y, kwargs)[0].filename == __file__


@pytest.mark.parametrize("make, y", [(SGDClassifier, Y_THREE), (SGDRegressor, Y_REAL)])
def test_no_warning_when_the_loss_stopped_improving_or_tol_is_none(make, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = make(max_iter=1000, random_state=0).fit(X, y)
        assert model.n_iter_ < 1000
        make(max_iter=1, tol=None, random_state=0).fit(X, y)


def test_early_stopping_of_a_regressor_holds_out_a_validation_share():
    # the held-out rows are not trained on: the model differs from one trained on every row
    kwargs = dict(random_state=0, learning_rate="constant", eta0=0.01, max_iter=3, tol=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        held_out = SGDRegressor(early_stopping=True, validation_fraction=0.2, **kwargs).fit(X, Y_REAL)
        every_row = SGDRegressor(**kwargs).fit(X, Y_REAL)
    assert held_out.score(X, Y_REAL) > 0.5
    assert not np.allclose(held_out.coef_, every_row.coef_)


def test_a_regressor_holds_out_the_ceiling_of_the_validation_share():
    # ⌈0.2 · 60⌉ = 12 rows held out: every epoch makes 48 updates, t_ counts them from 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SGDRegressor(early_stopping=True, validation_fraction=0.2, max_iter=3, tol=None,
                             random_state=0).fit(X, Y_REAL)
    assert len(X) == 60 and model.n_iter_ == 3
    assert model.t_ == 1 + 48 * 3
