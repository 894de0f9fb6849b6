"""Ridge at its edges: constant features with alpha=0 (every singular value 0), the solver named
when refused, and ``n_iter_`` as scikit-learn's direct solvers report it."""
import warnings

import numpy as np
import pytest

from glassnet.linear_model import Ridge

theirs = pytest.importorskip("sklearn.linear_model")


@pytest.mark.parametrize("solver", ["svd", "auto", "cholesky"])
def test_constant_features_without_penalty_give_zero_weights_like_sklearn(solver):
    # centred, a constant X is all zeros: no direction to fit, so w = 0 and b = mean(y)
    X, y = np.ones((6, 2)), np.arange(6.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        model = Ridge(alpha=0.0, solver=solver).fit(X, y)   # 'auto': the singular solve falls back to SVD
    reference = theirs.Ridge(alpha=0.0, solver="svd").fit(X, y)
    np.testing.assert_array_equal(model.coef_, reference.coef_)
    assert model.intercept_ == pytest.approx(reference.intercept_) == 2.5


@pytest.mark.parametrize("solver", ["bogus", "newton"])
def test_an_unknown_solver_is_refused_by_name(solver):
    with pytest.raises(ValueError, match=f"The 'solver' parameter must be one of \\['auto', 'cholesky', 'svd', "
                                         f"'lsqr', .*\\], got '{solver}'"):
        Ridge(solver=solver).fit(np.eye(3), np.arange(3.0))


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd"])
def test_n_iter_is_none_for_a_direct_solve_like_sklearn(solver):
    X = np.random.RandomState(0).normal(size=(10, 3))
    model = Ridge(solver=solver).fit(X, X[:, 0])
    assert model.n_iter_ is None and theirs.Ridge(solver=solver).fit(X, X[:, 0]).n_iter_ is None
