"""L1 and elastic-net logistic regression, LIBLINEAR's problem, class weights: scikit-learn's optima."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler

from glassnet.linear_model import LogisticRegression
from glassnet.linear_model._proximal import fista, soft_threshold

TIGHT = dict(tol=1e-10, max_iter=100000)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X[:600])
    return X, y[:600]


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _same_optimum(params, X, y, atol=1e-4):
    ours = LogisticRegression(tol=1e-9, max_iter=100000, **params).fit(X, y)
    theirs = SkLogisticRegression(**TIGHT, **params).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=atol)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=atol)
    np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)
    return ours


@pytest.mark.parametrize("params", [
    dict(penalty="l1", C=0.05, solver="saga"),
    dict(l1_ratio=1.0, C=0.05, solver="saga"),                      # scikit-learn 1.8's spelling
    dict(penalty="elasticnet", l1_ratio=0.5, C=0.05, solver="saga"),
    dict(penalty="l1", C=0.05, solver="liblinear"),                  # intercept penalised
    dict(C=0.5, solver="liblinear", intercept_scaling=3.0),
    dict(C=0.5, solver="liblinear", dual=True),
])
def test_binary_penalties_reach_scikit_learns_optimum(params, digits):
    X, y = digits
    ours = _same_optimum(params, X, (y > 4).astype(int))
    if params.get("penalty") == "l1" or params.get("l1_ratio") == 1.0:
        assert np.sum(ours.coef_ == 0) > 5           # L1 sets weights to exactly zero


def test_multinomial_l1_reaches_scikit_learns_optimum(digits):
    X, y = digits
    keep = y < 3         # three classes (an odd count: with L1 the shift shared by all classes is unique)
    _same_optimum(dict(penalty="l1", C=0.2, solver="saga"), X[keep][:, 20:36], y[keep], atol=5e-4)


def test_l1_sparsity_grows_as_c_shrinks(cancer):
    X, y = cancer
    zeros = [np.sum(LogisticRegression(penalty="l1", C=C, solver="saga").fit(X, y).coef_ == 0)
             for C in (10.0, 1.0, 0.1, 0.01)]
    assert zeros == sorted(zeros) and zeros[-1] > zeros[0] + 10


@pytest.mark.parametrize("class_weight", ["balanced", {0: 5.0}])
def test_class_weight_as_scikit_learn(class_weight, cancer):
    X, y = cancer
    ours = _same_optimum(dict(class_weight=class_weight), X, y)
    plain = LogisticRegression().fit(X, y)
    assert not np.allclose(ours.coef_, plain.coef_, atol=1e-3)


def test_class_weight_equals_sample_weight(cancer):
    X, y = cancer
    a = LogisticRegression(class_weight={1: 3.0}, tol=1e-8).fit(X, y)
    b = LogisticRegression(tol=1e-8).fit(X, y, sample_weight=np.where(y == 1, 3.0, 1.0))
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-6)


def test_signature_only_arguments_change_nothing(cancer):
    X, y = cancer
    base = LogisticRegression().fit(X, y)
    other = LogisticRegression(random_state=3, n_jobs=2, verbose=1).fit(X, y)
    np.testing.assert_array_equal(base.coef_, other.coef_)
    for solver in ("sag", "newton-cg", "newton-cholesky"):
        np.testing.assert_allclose(LogisticRegression(solver=solver, tol=1e-8).fit(X, y).coef_,
                                   LogisticRegression(tol=1e-8).fit(X, y).coef_, atol=1e-5)


def test_no_penalty_by_c_inf_equals_penalty_none(cancer):
    X, y = cancer
    X = X[:, :5]
    a = LogisticRegression(C=np.inf, tol=1e-8).fit(X, y)
    b = LogisticRegression(penalty=None, tol=1e-8).fit(X, y)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-6)


@pytest.mark.parametrize("params, fragment", [
    (dict(penalty="l1"), "solver='saga'"),
    (dict(penalty="elasticnet", l1_ratio=None, solver="saga"), "l1_ratio"),
    (dict(l1_ratio=1.5, solver="saga"), "'l1_ratio'"),
    (dict(penalty="elasticnet", l1_ratio=0.5, solver="liblinear"), "elasticnet"),
    (dict(penalty=None, solver="liblinear"), "liblinear"),
    (dict(dual=True), "dual=True"),
    (dict(solver="sgd"), "'solver'"),
    (dict(class_weight={7: 2.0}), "[7]"),
])
def test_bad_settings_name_the_argument(params, fragment):
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    with pytest.raises(ValueError) as info:
        LogisticRegression(**params).fit(X, [0, 0, 1, 1])
    assert fragment in str(info.value)


def test_liblinear_refuses_three_classes():
    X = np.arange(6.0)[:, None]
    with pytest.raises(ValueError, match="two classes"):
        LogisticRegression(solver="liblinear").fit(X, [0, 0, 1, 1, 2, 2])


def test_fista_solves_the_orthogonal_lasso_in_closed_form():
    """With f(θ) = ½‖θ − v‖², the minimiser of f + λ‖θ‖₁ is the soft threshold S(v, λ)."""
    v = np.array([3.0, -0.2, 0.5, -2.0, 0.0])
    theta, value, _, converged = fista(lambda t: (0.5 * float((t - v) @ (t - v)), t - v), np.zeros(5), 0.4,
                                       tol=1e-10)
    assert converged
    np.testing.assert_allclose(theta, soft_threshold(v, 0.4), atol=1e-12)
    np.testing.assert_allclose(theta, [2.6, 0.0, 0.1, -1.6, 0.0], atol=1e-12)
