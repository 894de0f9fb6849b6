"""Finite values whose arithmetic overflows give a clear error, never inf/NaN results or a hang."""
import numpy as np
import pytest

from glassnet.cluster import KMeans
from glassnet.decomposition import PCA
from glassnet.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from glassnet.tree import DecisionTreeRegressor

ESTIMATORS = [LinearRegression(), Ridge(), Lasso(), ElasticNet(), KMeans(n_clusters=2, n_init=1, random_state=0),
              PCA(n_components=2)]


def huge_data():
    rng = np.random.default_rng(0)
    return rng.uniform(-1, 1, (20, 3)) * 1e308, rng.uniform(-1, 1, 20) * 1e308


@pytest.mark.timeout(60)
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_values_near_the_float64_limit_give_a_clear_error(estimator):
    X, y = huge_data()
    assert np.isfinite(X).all() and np.isfinite(y).all()
    with pytest.raises(ValueError, match=f"{type(estimator).__name__}.*too large for float64.*Scale"):
        estimator.fit(X, y)


def test_a_tree_on_huge_targets_gives_a_clear_error():
    X, y = huge_data()
    with pytest.raises(ValueError, match="too large for float64"):
        DecisionTreeRegressor(random_state=0).fit(X / 1e300, y)


def test_predictions_that_overflow_give_a_clear_error():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    model = LinearRegression().fit(X, X @ [3.0, -2.0] + 1)
    with pytest.raises(ValueError, match="output of predict"):
        model.predict(np.array([[1e308, -1e308]]))


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_ordinary_data_is_untouched(estimator):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, 2.0, -1.0] + 0.1 * rng.normal(size=40)
    fitted = estimator.fit(X, y)
    assert fitted is estimator
    out = estimator.predict(X) if hasattr(estimator, "predict") else estimator.transform(X)
    assert np.isfinite(out).all()
