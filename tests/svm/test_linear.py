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
