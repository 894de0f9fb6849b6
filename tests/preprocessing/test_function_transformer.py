"""FunctionTransformer applies the function, checks the inverse and passes check_estimator."""
import numpy as np
import pytest

from glassnet.preprocessing import FunctionTransformer


def test_applies_the_function_with_keyword_arguments_and_inverts():
    X = np.abs(np.random.RandomState(0).randn(10, 2))
    t = FunctionTransformer(np.log1p, np.expm1)
    np.testing.assert_allclose(t.fit_transform(X), np.log1p(X))
    np.testing.assert_allclose(t.inverse_transform(t.transform(X)), X)
    clip = FunctionTransformer(np.clip, kw_args={"a_min": 0.5, "a_max": 1.0})
    assert clip.fit_transform(X).min() >= 0.5


def test_warns_when_the_functions_are_not_inverse():
    with pytest.warns(UserWarning, match="not strictly inverse"):
        FunctionTransformer(np.sqrt, np.log).fit(np.ones((5, 1)) * 4)


def test_identity_and_validation():
    X = [[1.0, 2.0], [3.0, 4.0]]
    assert FunctionTransformer().transform(X) is X
    with pytest.raises(ValueError, match="expecting 2 features"):
        FunctionTransformer(validate=True).fit(X).transform([[1.0, 2.0, 3.0]])


def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    failed = [c for c in check_estimator(FunctionTransformer(), on_fail=None) if c["status"] == "failed"]
    assert not failed, [(c["check_name"], str(c["exception"])[:200]) for c in failed]
