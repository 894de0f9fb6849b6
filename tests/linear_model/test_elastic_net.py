import numpy as np
import pytest

from glassnet.linear_model import ElasticNet
from glassnet.linear_model.elastic_net import soft_threshold
from tests.linear_model.conftest import run_check_estimator

sklm = pytest.importorskip("sklearn.linear_model")
skd = pytest.importorskip("sklearn.datasets")


def test_check_estimator():
    run_check_estimator(ElasticNet())


def test_soft_threshold():
    assert [soft_threshold(z, 1.0) for z in (-3.0, -0.5, 0.0, 0.5, 3.0)] == [-2.0, 0.0, 0.0, 0.0, 2.0]


@pytest.mark.parametrize("alpha,l1_ratio", [(0.001, 0.5), (0.01, 0.2), (0.1, 0.9)])
def test_matches_sklearn_on_diabetes(alpha, l1_ratio):
    X, y = skd.load_diabetes(return_X_y=True)
    kw = dict(alpha=alpha, l1_ratio=l1_ratio, tol=1e-10, max_iter=100000)
    ours, theirs = ElasticNet(**kw).fit(X, y), sklm.ElasticNet(**kw).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-5, atol=1e-6)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-8)


def test_sample_weight_positive_random_selection_and_warm_start():
    X, y = skd.make_regression(100, 10, noise=3.0, random_state=0)
    w = np.random.RandomState(0).uniform(0.5, 2, 100)
    kw = dict(alpha=0.5, tol=1e-10, max_iter=10000)
    np.testing.assert_allclose(ElasticNet(**kw).fit(X, y, sample_weight=w).coef_,
                               sklm.ElasticNet(**kw).fit(X, y, sample_weight=w).coef_, rtol=1e-5, atol=1e-6)
    positive = ElasticNet(positive=True, **kw).fit(X, y)
    assert np.all(positive.coef_ >= 0)
    np.testing.assert_allclose(positive.coef_, sklm.ElasticNet(positive=True, **kw).fit(X, y).coef_, atol=1e-5)
    random = ElasticNet(selection="random", random_state=0, **kw).fit(X, y)
    np.testing.assert_allclose(random.coef_, sklm.ElasticNet(**kw).fit(X, y).coef_, rtol=1e-5, atol=1e-6)
    model = ElasticNet(warm_start=True, **kw).fit(X, y)
    first = model.n_iter_
    model.fit(X, y)
    assert model.n_iter_ < first  # started at the solution


def test_bad_input():
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=2).fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="inconsistent"):
        ElasticNet().fit([[1.0], [2.0]], [1.0])
