"""Tests for glassnet/svm/_linear.py: LinearSVC against scikit-learn's (liblinear)."""
import numpy as np
import pytest
from sklearn import svm as sk_svm
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

from glassnet.svm import LinearSVC


def test_check_estimator():
    check_estimator(LinearSVC())


@pytest.mark.parametrize("loader", [load_iris, load_breast_cancer, load_digits])
@pytest.mark.parametrize("params", [dict(), dict(C=0.1), dict(C=10.0, intercept_scaling=5.0),
                                    dict(class_weight="balanced"), dict(fit_intercept=False)])
def test_same_solution_as_liblinear(loader, params):
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    ours = LinearSVC(**params).fit(X_tr, y_tr)
    theirs = sk_svm.LinearSVC(max_iter=100_000, tol=1e-6, **params).fit(X_tr, y_tr)
    assert ours.score(X_te, y_te) == pytest.approx(theirs.score(X_te, y_te), abs=0.01)
    scale = np.abs(theirs.coef_).max()
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=0.01 * scale)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=0.01 * max(scale, 1))
    assert ours.coef_.shape == theirs.coef_.shape


def test_unsupported_combinations_are_named():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="loss='squared_hinge'"):
        LinearSVC(loss="hinge").fit(X, y)


def test_newton_stops_where_the_gradient_computed_afresh_vanishes():
    # the solver carries X·w from step to step: the gradient from X·w computed anew must vanish too
    from glassnet.svm._linear import squared_hinge_newton
    X, y = load_breast_cancer(return_X_y=True)
    X = np.c_[StandardScaler().fit_transform(X), np.ones(len(X))]
    y = np.where(y == 1, 1.0, -1.0)
    C = np.random.RandomState(0).uniform(0.5, 2.0, size=len(y))
    w, iterations = squared_hinge_newton(X, y, C, tol=1e-4, max_iter=100)
    assert iterations >= 3
    slack = np.maximum(0.0, 1.0 - y * (X @ w))
    gradient = w - 2.0 * X.T @ (C * slack * y)
    gradient_at_zero = -2.0 * X.T @ (C * y)
    assert np.linalg.norm(gradient) <= 1e-6 * np.linalg.norm(gradient_at_zero)


def test_a_shared_random_state_advances_as_in_scikit_learn():
    # gallery code passes one RandomState to train_test_split and to LinearSVC in turn; the
    # splits after the fit only agree if the fit draws from it as liblinear does (one integer)
    from sklearn.svm import LinearSVC as SkLinearSVC
    X = np.random.RandomState(0).randn(40, 3)
    y = (X[:, 0] > 0).astype(int)
    ours, theirs = np.random.RandomState(7), np.random.RandomState(7)
    LinearSVC(random_state=ours).fit(X, y)
    SkLinearSVC(random_state=theirs).fit(X, y)
    assert ours.randint(1 << 30) == theirs.randint(1 << 30)
