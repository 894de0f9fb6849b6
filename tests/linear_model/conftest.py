"""Shared by the linear-model tests: the scikit-learn checks glassnet is known to fail, and why."""
import numpy as np
import pytest

EXPECTED_FAILED_CHECKS: dict[str, str] = {}


def run_check_estimator(estimator, extra=None):
    estimator_checks = pytest.importorskip("sklearn.utils.estimator_checks")
    expected = dict(EXPECTED_FAILED_CHECKS, **(extra or {}))
    estimator_checks.check_estimator(estimator, expected_failed_checks=expected)


def scaled_split(name):
    """A bundled scikit-learn data set, split with random_state=0, standardised on the training part."""
    datasets = pytest.importorskip("sklearn.datasets")
    from sklearn.model_selection import train_test_split
    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


# scikit-learn expects this check to fail for its own SGD estimators, for the same reason
SGD_WEIGHT_CHECKS = {"check_sample_weight_equivalence_on_dense_data":
                     "SGD moves once per visit: a sample of weight 2 takes one double step, two copies take two "
                     "steps from different weights, so the answers differ (scikit-learn's SGD fails it too)."}
