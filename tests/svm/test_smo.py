"""Tests for glassnet/svm/_smo.py and _smo_batch.py: libsvm's iterations, rows on demand, problems side by side."""
import numpy as np
import pytest
from sklearn import svm as sk_svm
from sklearn.datasets import load_digits, make_classification
from sklearn.preprocessing import StandardScaler

from glassnet.svm import SVC, SVR
from glassnet.svm._kernels import kernel_diagonal, kernel_matrix
from glassnet.svm._smo import KernelRows, smo
from glassnet.svm._smo_batch import smo_many


class ReferenceSVC(SVC):
    _reference_solver = True          # libsvm's exact iterations, kernel in double precision


class ReferenceSVR(SVR):
    _reference_solver = True


def _problem(n=300, seed=0):
    X, y = make_classification(n, 8, random_state=seed)
    X = StandardScaler().fit_transform(X)
    return X, np.where(y == 1, 1.0, -1.0), kernel_matrix(X, X, "rbf", gamma=0.1, coef0=0.0, degree=3)


def _kernel_fn(A, B, sq_norms_b=None):
    return kernel_matrix(A, B, "rbf", gamma=0.1, coef0=0.0, degree=3, sq_norms_b=sq_norms_b)


def test_rows_on_demand_and_full_matrix_give_the_same_solution():
    X, y, K = _problem()
    C = np.full(len(y), 2.0)
    full = smo(KernelRows(X, _kernel_fn, np.ones(len(y)), full=K), -np.ones(len(y)), y, C)
    # a cache of 0.01 MB holds 4 rows of 300: rows are recomputed and dropped all the time
    lazy = smo(KernelRows(X, _kernel_fn, np.ones(len(y)), cache_size=0.01), -np.ones(len(y)), y, C)
    assert full[2] == lazy[2] > 10
    np.testing.assert_allclose(lazy[0], full[0], atol=1e-10)
    assert abs(lazy[1] - full[1]) < 1e-10
    assert np.sum(full[0] > 0) > 10 and abs(full[0] @ y) < 1e-10     # a real solution: yᵀα = 0


def test_problems_side_by_side_take_the_single_loops_steps():
    X, y, K = _problem(400, seed=1)
    rng = np.random.RandomState(0)
    samples = [np.sort(rng.choice(400, size, replace=False)) for size in (50, 400, 233, 120)]
    Cs = [np.full(len(s), c) for s, c in zip(samples, (0.5, 1.0, 10.0, 3.0))]
    diag = np.ones(400)
    many = smo_many(K, diag, samples, [-np.ones(len(s)) for s in samples], [y[s] for s in samples], Cs)
    for s, C, (alpha, rho, it) in zip(samples, Cs, many):
        one = smo(KernelRows(X[s], _kernel_fn, diag[s], full=K[np.ix_(s, s)]), -np.ones(len(s)), y[s], C)
        assert it == one[2] > 5
        np.testing.assert_allclose(alpha, one[0], atol=1e-12)
        assert abs(rho - one[1]) < 1e-12


def test_iteration_counts_are_libsvms():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X[:600])
    ours, theirs = ReferenceSVC().fit(X, y[:600]), sk_svm.SVC().fit(X, y[:600])     # 45 pairs side by side
    # the same working sets; libsvm's kernel values differ in the last bits (it sums (x − x')²
    # itself), which can turn a near tie the other way in a pair or two
    assert np.sum(ours.n_iter_ != theirs.n_iter_) <= 3
    assert abs(int(ours.n_iter_.sum()) - int(theirs.n_iter_.sum())) <= 0.01 * theirs.n_iter_.sum()
    np.testing.assert_array_equal(ours.support_, theirs.support_)
    np.testing.assert_allclose(ours.dual_coef_, theirs.dual_coef_, atol=5e-3)     # both solved to tol = 1e-3
    X, y, _ = _problem(200, seed=2)
    ours, theirs = ReferenceSVR(C=10).fit(X, y + X[:, 0]), sk_svm.SVR(C=10).fit(X, y + X[:, 0])
    theirs_iter = int(np.ravel(theirs.n_iter_)[0])
    assert theirs_iter > 10 and abs(ours.n_iter_ - theirs_iter) <= 0.01 * theirs_iter
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), atol=1e-3)


def test_max_iter_stops_every_problem_and_warns():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X[:300])
    with pytest.warns(Warning, match="max_iter=5"):
        model = SVC(max_iter=5).fit(X, y[:300])
    assert model.n_iter_.max() == 5


def test_kernel_diagonal_is_what_the_rows_use():
    X, _, _ = _problem(50)
    for kernel in ("linear", "poly", "rbf", "sigmoid"):
        K = kernel_matrix(X, X, kernel, gamma=0.1, coef0=1.0, degree=3)
        np.testing.assert_allclose(kernel_diagonal(X, kernel, gamma=0.1, coef0=1.0, degree=3), np.diagonal(K),
                                   atol=1e-12)


def test_svr_rows_on_demand_match_the_full_matrix():
    X, y, _ = _problem(200, seed=3)
    target = X[:, 0] - 2 * X[:, 1] + 0.3 * y
    # 0.01 MB: no full matrix. A row from its own product rounds differently from the same row of
    # the full product, which can tip a near tie: the same solution to tol, not the same steps
    lazy, full = ReferenceSVR(C=5, cache_size=0.01).fit(X, target), ReferenceSVR(C=5).fit(X, target)
    assert full.n_iter_ > 10 and abs(lazy.n_iter_ - full.n_iter_) <= 0.02 * full.n_iter_
    np.testing.assert_allclose(lazy.predict(X), full.predict(X), atol=2e-3)
    labels = (target > 0).astype(int) + (target > 1)
    multi, side_by_side = ReferenceSVC(cache_size=0.01).fit(X, labels), ReferenceSVC().fit(X, labels)   # one by one
    assert np.abs(multi.n_iter_ - side_by_side.n_iter_).max() <= 0.02 * side_by_side.n_iter_.max()
    np.testing.assert_allclose(multi.decision_function(X), side_by_side.decision_function(X), atol=2e-3)


def test_the_array_step_is_the_scalar_step():
    from glassnet.svm._smo import _two_variable_step
    from glassnet.svm._smo_batch import two_variable_steps
    rng = np.random.RandomState(0)
    n = 4000
    y_i, y_j = rng.choice([-1.0, 1.0], n), rng.choice([-1.0, 1.0], n)
    C_i, C_j = rng.choice([0.5, 1.0, 3.0], n), rng.choice([0.5, 1.0, 3.0], n)
    a_i, a_j = rng.uniform(0, 1, n) * C_i * (rng.rand(n) > 0.3), rng.uniform(0, 1, n) * C_j * (rng.rand(n) > 0.3)
    G_i, G_j, quad = rng.normal(0, 2, n), rng.normal(0, 2, n), rng.uniform(0.01, 3, n)
    new_i, new_j = two_variable_steps(y_i, y_j, a_i, a_j, G_i, G_j, C_i, C_j, quad)
    expected = np.array([_two_variable_step(*args) for args in zip(y_i, y_j, a_i, a_j, G_i, G_j, C_i, C_j, quad)])
    clipped = (expected == 0) | (expected == np.c_[C_i, C_j])
    assert clipped.any(axis=1).mean() > 0.3 and (~clipped).all(axis=1).mean() > 0.1    # every branch is taken
    np.testing.assert_array_equal(np.c_[new_i, new_j], expected)
