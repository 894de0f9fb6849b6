"""Tests for glassnet/svm/_smo_newton.py: the fast path solves the reference loop's QP to the same tolerance."""
import numpy as np
import pytest
from sklearn import svm as sk_svm
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris
from sklearn.preprocessing import StandardScaler

from glassnet.svm import SVC, SVR
from glassnet.svm._kernels import kernel_diagonal, kernel_matrix, resolve_gamma
from glassnet.svm._smo import KernelRows, smo
from glassnet.svm._smo_newton import newton_steps_on_faces, smo_newton


def _binary(loader=load_breast_cancer, kernel="rbf", C=1.0, classes=None):
    X, y = loader(return_X_y=True)
    if classes is not None:
        keep = np.isin(y, classes)
        X, y = X[keep], y[keep]
    X = StandardScaler().fit_transform(X)
    gamma = resolve_gamma("scale", X)
    K = kernel_matrix(X, X, kernel, gamma=gamma, coef0=0.0, degree=3)
    diag = kernel_diagonal(X, kernel, gamma=gamma, coef0=0.0, degree=3)
    y_pm = np.where(y == y.max(), 1.0, -1.0)
    return (lambda: KernelRows(X, None, diag, full=K)), K, -np.ones(len(y)), y_pm, np.full(len(y), C)


def _kkt_gap(K, p, y, C, alpha):
    """max_{I_up} s − min_{I_low} s on the exact gradient: SMO's stopping rule, recomputed."""
    s = -y * ((K * np.outer(y, y)) @ alpha + p)
    up, low = np.where(y > 0, alpha < C, alpha > 0), np.where(y > 0, alpha > 0, alpha < C)
    return s[up].max() - s[low].min()


def _objective(K, p, y, alpha):
    return 0.5 * alpha @ (K * np.outer(y, y)) @ alpha + p @ alpha


@pytest.mark.parametrize("kernel, C", [("rbf", 1.0), ("rbf", 100.0), ("linear", 1.0), ("poly", 1.0), ("sigmoid", 1.0)])
def test_same_optimum_as_the_reference_loop_to_tolerance(kernel, C):
    rows, K, p, y, Cv = _binary(kernel=kernel, C=C)
    ref_alpha, ref_rho, ref_it = smo(rows(), p, y, Cv)
    alpha, rho, it = smo_newton(rows(), p, y, Cv)
    assert _kkt_gap(K, p, y, Cv, alpha) < 1e-3                       # the same stopping rule, on exact scores
    assert abs(y @ alpha) < 1e-9 and np.all(alpha >= 0) and np.all(alpha <= Cv)
    f, f_ref = _objective(K, p, y, alpha), _objective(K, p, y, ref_alpha)
    assert abs(f - f_ref) <= 1e-5 * abs(f_ref)                       # the same convex QP's minimum
    decision, ref_decision = (K @ (alpha * y) - rho), (K @ (ref_alpha * y) - ref_rho)
    np.testing.assert_allclose(decision, ref_decision, atol=2e-3 * np.abs(ref_decision).max())
    # support vectors: the same, but for α at the tolerance's edge
    assert np.sum((alpha > 1e-3 * C) != (ref_alpha > 1e-3 * C)) <= 0.02 * np.sum(ref_alpha > 0) + 1


def test_newton_steps_replace_most_pair_steps_on_rbf():
    rows, K, p, y, C = _binary(C=100.0)
    _, _, ref_it = smo(rows(), p, y, C)
    _, _, it = smo_newton(rows(), p, y, C)
    assert ref_it > 500 and it < ref_it / 4          # libsvm: 833 pair steps; here far fewer iterations


def test_a_newton_phase_reaches_the_optimum_of_a_face_in_one_step():
    from glassnet.svm._smo import smo_steps
    rows, K, p, y, C = _binary(load_digits, classes=[1, 7])
    kernel = rows()
    alpha, score, _, done = smo_steps(kernel, y, C, np.zeros(len(p)), -y * p, 1e-3, 60)
    assert not done and _kkt_gap(K, p, y, C, alpha) > 1e-2
    f_before = _objective(K, p, y, alpha)
    alpha, score, steps, done = newton_steps_on_faces(kernel, y, C, alpha.copy(), score.copy(), 1e-3)
    assert done and 1 <= steps <= 3 and _objective(K, p, y, alpha) < f_before
    np.testing.assert_allclose(score, -y * ((K * np.outer(y, y)) @ alpha + p), atol=1e-9)   # scores kept exact


def test_max_iter_bounds_pair_and_newton_steps_and_warns():
    rows, K, p, y, C = _binary(C=100.0)
    with pytest.warns(Warning, match="max_iter=30"):
        _, _, it = smo_newton(rows(), p, y, C, max_iter=30)
    assert it <= 30


@pytest.mark.parametrize("loader, params", [(load_breast_cancer, {}), (load_breast_cancer, {"kernel": "linear"}),
                                            (load_breast_cancer, {"kernel": "poly"}),
                                            (load_breast_cancer, {"kernel": "sigmoid", "gamma": "auto"}),
                                            (load_breast_cancer, {"C": 100.0}), (load_iris, {}),
                                            (load_digits, {})])
def test_svc_decision_function_is_libsvms_to_a_thousandth(loader, params):
    X, y = loader(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    # 'ovo': the pairs' own scores (the 'ovr' shape counts votes, which a score near 0 can flip)
    params = dict(params, decision_function_shape="ovo")
    ours, theirs = SVC(**params).fit(X, y), sk_svm.SVC(**params).fit(X, y)
    ref = theirs.decision_function(X)
    np.testing.assert_allclose(ours.decision_function(X), ref, atol=1e-3 * np.abs(ref).max())
    assert np.mean(ours.predict(X) == theirs.predict(X)) > 0.99
    mismatch = np.setxor1d(ours.support_, theirs.support_)
    assert len(mismatch) <= 0.02 * len(theirs.support_) + 1        # α at the tolerance's edge only


@pytest.mark.parametrize("params", [{"C": 100.0}, {"C": 1.0}, {"C": 10.0, "kernel": "linear"}])
def test_svr_prediction_is_libsvms_to_a_thousandth(params):
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    ours, theirs = SVR(**params).fit(X, y), sk_svm.SVR(**params).fit(X, y)
    ref = theirs.predict(X)
    np.testing.assert_allclose(ours.predict(X), ref, atol=1e-3 * np.abs(ref).max())
    assert len(np.setxor1d(ours.support_, theirs.support_)) <= 0.02 * len(theirs.support_) + 1


def test_problems_side_by_side_with_newton_steps_reach_each_optimum():
    from glassnet.svm._smo_batch import smo_many
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    K = kernel_matrix(X, X, "rbf", gamma=resolve_gamma("scale", X), coef0=0.0, degree=3)
    pairs = [(a, b) for a in range(5) for b in range(a + 1, 5)]              # 10 problems of 350-370 samples
    samples = [np.flatnonzero((y == a) | (y == b)) for a, b in pairs]
    ys = [np.where(y[s] == a, 1.0, -1.0) for s, (a, b) in zip(samples, pairs)]
    Cs = [np.full(len(s), c) for s, c in zip(samples, (1.0, 10.0) * 5)]
    ps = [-np.ones(len(s)) for s in samples]
    plain = smo_many(K, np.ones(len(y)), samples, ps, ys, Cs)
    fast = smo_many(K, np.ones(len(y)), samples, ps, ys, Cs, newton=True)
    for s, y_r, C_r, p_r, (a0, rho0, it0), (a1, rho1, it1) in zip(samples, ys, Cs, ps, plain, fast):
        K_r = K[np.ix_(s, s)]
        assert _kkt_gap(K_r, p_r, y_r, C_r, a1) < 1e-3 and abs(y_r @ a1) < 1e-9
        assert np.all(a1 >= 0) and np.all(a1 <= C_r)
        f0, f1 = _objective(K_r, p_r, y_r, a0), _objective(K_r, p_r, y_r, a1)
        assert abs(f1 - f0) <= 1e-5 * abs(f0)
        d0, d1 = K_r @ (a0 * y_r) - rho0, K_r @ (a1 * y_r) - rho1
        np.testing.assert_allclose(d1, d0, atol=2e-3 * np.abs(d0).max())
    assert max(r[2] for r in fast) < 0.5 * max(r[2] for r in plain)       # Newton steps cut the passes
