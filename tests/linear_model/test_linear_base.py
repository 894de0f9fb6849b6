"""What every linear model shares (glassnet/linear_model/_base.py), seen through the estimators:
the class of a score of exactly 0, the intercept without fit_intercept, the checks of numbers and
of sample weights."""
import numpy as np
import pytest

import glassnet.linear_model as ours

theirs = pytest.importorskip("sklearn.linear_model")

# symmetric about the origin: without an intercept the score of the origin is exactly 0
X_SYM = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [2.0, 1.0], [-2.0, -1.0]])
Y_SYM = np.array([1, 1, 0, 0, 1, 0])


@pytest.mark.parametrize("labels", [["no", "yes"], [3, 7]])
def test_a_score_of_exactly_zero_is_the_first_class_like_sklearn(labels):
    y = np.asarray(labels)[Y_SYM]
    model = ours.LogisticRegression(fit_intercept=False).fit(X_SYM, y)
    reference = theirs.LogisticRegression(fit_intercept=False).fit(X_SYM, y)
    points = np.array([[0.0, 0.0], [1.0, -1.0], [-1.0, 0.5]])
    assert model.decision_function(points)[0] == 0.0
    assert model.predict(points).tolist() == reference.predict(points).tolist() == [labels[0], labels[1], labels[0]]


@pytest.mark.parametrize("name", ["LinearRegression", "Ridge", "Lasso", "ElasticNet"])
def test_without_intercept_the_intercept_is_zero_and_predictions_match_sklearn(name):
    y = Y_SYM + 3.0
    model = getattr(ours, name)(fit_intercept=False).fit(X_SYM, y)
    reference = getattr(theirs, name)(fit_intercept=False).fit(X_SYM, y)
    assert model.intercept_ == 0.0 and isinstance(model.intercept_, float)
    np.testing.assert_allclose(model.predict(X_SYM), reference.predict(X_SYM), rtol=1e-6)


def test_multi_target_without_intercept_gives_one_zero_per_target():
    Y = np.c_[Y_SYM, 2.0 * Y_SYM - 1]
    model = ours.Ridge(fit_intercept=False).fit(X_SYM, Y)
    np.testing.assert_array_equal(model.intercept_, [0.0, 0.0])
    np.testing.assert_allclose(model.predict(X_SYM), theirs.Ridge(fit_intercept=False).fit(X_SYM, Y).predict(X_SYM))


@pytest.mark.parametrize("value", [0, -1.0, "1", True, None])
def test_a_positive_number_is_checked_by_name(value):
    with pytest.raises(ValueError, match=f"The 'C' parameter must be a number > 0, got {value!r}"):
        ours.LogisticRegression(C=value).fit(X_SYM, Y_SYM)


@pytest.mark.parametrize("value", [-1, 2.5, False])
def test_an_integer_is_checked_by_name(value):
    with pytest.raises(ValueError, match=f"The 'max_iter' parameter must be an integer > 0, got {value!r}"):
        ours.LogisticRegression(max_iter=value).fit(X_SYM, Y_SYM)


def test_zero_is_accepted_where_it_is_allowed():
    # tol=0 means "until the gradient is exactly 0 or no progress is left": it must fit, not refuse
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ours.LogisticRegression(tol=0.0, max_iter=50).fit(X_SYM, Y_SYM)
    reference = theirs.LogisticRegression().fit(X_SYM, Y_SYM)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-3)
    with pytest.raises(ValueError, match="The 'tol' parameter must be a number >= 0, got -0.1"):
        ours.LogisticRegression(tol=-0.1).fit(X_SYM, Y_SYM)


@pytest.mark.parametrize("name", ["LinearRegression", "Ridge", "ElasticNet", "LogisticRegression"])
def test_bad_sample_weights_are_refused(name):
    make = getattr(ours, name)
    with pytest.raises(ValueError, match="Negative values in data passed to sample_weight"):
        make().fit(X_SYM, Y_SYM, sample_weight=[1, 1, 1, 1, 1, -1])
    with pytest.raises(ValueError, match="Sample weights sum to zero"):
        make().fit(X_SYM, Y_SYM, sample_weight=np.zeros(6))
