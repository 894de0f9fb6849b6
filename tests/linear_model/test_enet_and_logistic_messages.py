"""What ElasticNet/Lasso and LogisticRegression tell their user: the duality gap of a fit stopped
early (scikit-learn's number), the warnings of alpha=0 and of a fit stopped by max_iter (pointing
at the caller's line), and the alpha check by name."""
import warnings

import numpy as np
import pytest

import glassnet.linear_model as ours
from glassnet.exceptions import ConvergenceWarning

theirs = pytest.importorskip("sklearn.linear_model")
datasets = pytest.importorskip("sklearn.datasets")

X, Y = datasets.load_diabetes(return_X_y=True)


# each fit is called right in the test function: the warning must name this file's line, not a
# helper's frame (a helper in this file would hide a stacklevel one too high)
@pytest.mark.parametrize("name", ["ElasticNet", "Lasso"])
def test_a_fit_stopped_early_reports_sklearns_duality_gap_and_warns_at_the_callers_line(name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = getattr(ours, name)(alpha=0.01, max_iter=3).fit(X, Y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Warning)
        reference = getattr(theirs, name)(alpha=0.01, max_iter=3).fit(X, Y)
    assert model.n_iter_ == reference.n_iter_ == 3
    np.testing.assert_allclose(model.dual_gap_, reference.dual_gap_, rtol=1e-9)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-9)
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert caught[0].filename == __file__ and "max_iter=3" in str(caught[0].message)


def test_a_converged_fit_reports_a_gap_below_the_tolerance():
    model = ours.ElasticNet(alpha=0.01, tol=1e-4).fit(X, Y)
    assert 0 <= model.dual_gap_ < 1e-4 * float(np.sum((Y - Y.mean()) ** 2)) / len(Y)


def test_alpha_zero_warns_to_use_linear_regression_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours.ElasticNet(alpha=0, max_iter=5).fit(X, Y)
    advice = [w for w in caught if w.category is UserWarning]
    assert len(advice) == 1 and "LinearRegression" in str(advice[0].message)
    assert advice[0].filename == __file__


@pytest.mark.parametrize("name", ["ElasticNet", "Lasso"])
@pytest.mark.parametrize("alpha", [-1, -0.5, "1", None])
def test_alpha_is_checked_by_name(name, alpha):
    with pytest.raises(ValueError, match=f"The 'alpha' parameter must be a number >= 0, got {alpha!r}"):
        getattr(ours, name)(alpha=alpha).fit(X, Y)


@pytest.mark.parametrize("solver", ["lbfgs", "newton"])
def test_logistic_regression_stopped_by_max_iter_warns_at_the_callers_line(solver):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = ours.LogisticRegression(solver=solver, max_iter=1).fit(X, Y > 140)
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert caught[0].filename == __file__ and "max_iter=1" in str(caught[0].message)
    assert model.n_iter_[0] == 1
