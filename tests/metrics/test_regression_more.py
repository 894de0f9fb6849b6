"""explained variance, max error, median absolute error, MAPE and MSLE against scikit-learn."""
import numpy as np
import pytest

import glassnet.metrics as gm

sm = pytest.importorskip("sklearn.metrics")
rng = np.random.RandomState(0)
y = rng.rand(50) * 10
pred = y + rng.randn(50)
weight = rng.rand(50)
Y = rng.rand(50, 2)
PRED = Y + rng.randn(50, 2) * 0.3
NAMES = ["explained_variance_score", "median_absolute_error", "mean_absolute_percentage_error",
         "mean_squared_log_error"]


@pytest.mark.parametrize("name", NAMES)
def test_matches_scikit_learn(name):
    ours, theirs = getattr(gm, name), getattr(sm, name)
    assert ours(y, pred) == pytest.approx(theirs(y, pred))
    assert ours(y, pred, sample_weight=weight) == pytest.approx(theirs(y, pred, sample_weight=weight))
    np.testing.assert_allclose(ours(Y, PRED, multioutput="raw_values"), theirs(Y, PRED, multioutput="raw_values"))


def test_max_error_and_hand_values():
    assert gm.max_error(y, pred) == pytest.approx(sm.max_error(y, pred))
    assert gm.max_error([1, 2, 3], [1, 5, 2]) == 3.0
    assert gm.explained_variance_score([1, 2, 3], [2, 3, 4]) == 1.0   # a constant bias is not penalised
    assert gm.mean_absolute_percentage_error([100, 200], [110, 180]) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="-1"):
        gm.mean_squared_log_error([0, 1], [-2, 1])
