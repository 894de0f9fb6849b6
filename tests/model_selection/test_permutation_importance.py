"""Tests for glassnet/model_selection/_permutation_importance.py (glassnet.inspection.permutation_importance)."""
import numpy as np
import pytest
from sklearn.inspection import permutation_importance as sk_permutation_importance

from glassnet.inspection import permutation_importance
from glassnet.linear_model import LinearRegression, LogisticRegression


def test_same_numbers_as_scikit_learn_and_useless_features_near_zero():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 4))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=200)      # features 2 and 3 are noise
    model = LinearRegression().fit(X, y)
    ours = permutation_importance(model, X, y, n_repeats=4, random_state=3)
    theirs = sk_permutation_importance(model, X, y, n_repeats=4, random_state=3)
    np.testing.assert_allclose(ours.importances, theirs.importances, rtol=1e-10, atol=1e-12)
    assert ours.importances.shape == (4, 4)
    assert ours.importances_mean[0] > ours.importances_mean[1] > 0.5
    assert np.all(np.abs(ours.importances_mean[2:]) < 0.01)
    np.testing.assert_allclose(ours["importances_std"], theirs.importances_std, atol=1e-12)


def test_scoring_several_scorers_max_samples_and_jobs():
    from sklearn.datasets import load_breast_cancer
    from sklearn.preprocessing import StandardScaler
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)[:, :6]
    model = LogisticRegression().fit(X, y)
    both = permutation_importance(model, X, y, scoring=["accuracy", "neg_log_loss"], n_repeats=3, random_state=0,
                                  n_jobs=2)
    ref = sk_permutation_importance(model, X, y, scoring=["accuracy", "neg_log_loss"], n_repeats=3, random_state=0)
    for name in ("accuracy", "neg_log_loss"):
        np.testing.assert_allclose(both[name].importances, ref[name].importances, atol=1e-10)
    half = permutation_importance(model, X, y, n_repeats=2, random_state=0, max_samples=0.5)
    assert half.importances.shape == (6, 2) and np.any(half.importances != 0)
    with pytest.raises(ValueError, match="max_samples"):
        permutation_importance(model, X, y, max_samples=2.0)
