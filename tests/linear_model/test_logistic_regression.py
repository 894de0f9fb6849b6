import numpy as np
import pytest

from glassnet.exceptions import NotFittedError
from glassnet.linear_model import LogisticRegression
from tests.linear_model.conftest import run_check_estimator, scaled_split

sklm = pytest.importorskip("sklearn.linear_model")


def test_check_estimator():
    run_check_estimator(LogisticRegression())


def test_check_estimator_newton():
    run_check_estimator(LogisticRegression(solver="newton"))


def test_multinomial_solution_is_centred():
    """softmax(z + c) = softmax(z): the fitted class rows are the ones that sum to zero."""
    X_train, _, y_train, _ = scaled_split("iris")
    for model in (LogisticRegression(), LogisticRegression(penalty=None, max_iter=500)):
        model.fit(X_train, y_train)
        np.testing.assert_allclose(model.coef_.sum(axis=0), 0, atol=1e-10)
        np.testing.assert_allclose(model.intercept_.sum(), 0, atol=1e-10)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
@pytest.mark.parametrize("solver", ["lbfgs", "newton"])
def test_accuracy_within_one_percent_of_sklearn(name, solver):
    if name == "digits" and solver == "newton":
        pytest.skip("solver='newton' on digits (a 650×650 Hessian) is covered by benchmarks/classic/linear.py")
    X_train, X_test, y_train, y_test = scaled_split(name)
    ours = LogisticRegression(solver=solver).fit(X_train, y_train)
    theirs = sklm.LogisticRegression().fit(X_train, y_train)
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.01
    np.testing.assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_test), atol=0.05)


@pytest.mark.parametrize("name", ["iris", "breast_cancer"])
def test_tight_tolerance_reaches_sklearn_coefficients(name):
    X_train, _, y_train, _ = scaled_split(name)
    ours = LogisticRegression(tol=1e-10, max_iter=1000).fit(X_train, y_train)
    theirs = sklm.LogisticRegression(tol=1e-10, max_iter=1000).fit(X_train, y_train)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-4, atol=1e-4)


def test_no_penalty_and_newton_agree_with_lbfgs():
    X_train, _, y_train, _ = scaled_split("wine")
    a = LogisticRegression(C=0.1, tol=1e-10, max_iter=1000).fit(X_train, y_train)
    b = LogisticRegression(C=0.1, tol=1e-10, solver="newton").fit(X_train, y_train)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-5)
    free = LogisticRegression(penalty=None, max_iter=1000).fit(X_train, y_train)
    assert free.score(X_train, y_train) == 1.0


def test_string_labels_and_probabilities():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array(["cat", "cat", "dog", "dog"])
    model = LogisticRegression().fit(X, y)
    assert model.predict([[-5.0], [8.0]]).tolist() == ["cat", "dog"]
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert model.coef_.shape == (1, 1) and model.intercept_.shape == (1,)


def test_bad_input():
    with pytest.raises(NotFittedError):
        LogisticRegression().predict([[1.0]])
    with pytest.raises(ValueError, match="continuous"):
        LogisticRegression().fit([[1.0], [2.0]], [0.5, 1.5])
    with pytest.raises(ValueError, match="only one class"):
        LogisticRegression().fit([[1.0], [2.0]], [1, 1])
    with pytest.raises(ValueError, match="penalty"):
        LogisticRegression(penalty="l1").fit([[1.0], [2.0]], [0, 1])
    with pytest.raises(ValueError, match="'C'"):
        LogisticRegression(C=0).fit([[1.0], [2.0]], [0, 1])
