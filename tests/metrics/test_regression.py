"""glassnet.metrics regression scores against scikit-learn's on random inputs."""
import numpy as np
import pytest

from glassnet import metrics as gm

skm = pytest.importorskip("sklearn.metrics")

RNG = np.random.RandomState(1)
Y = RNG.normal(size=100)
P = Y + RNG.normal(scale=0.5, size=100)
Y2 = RNG.normal(size=(100, 3))
P2 = Y2 + RNG.normal(scale=[0.1, 1.0, 3.0], size=(100, 3))
W = RNG.rand(100)


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "r2_score",
                                  "root_mean_squared_error"])
def test_single_output(name):
    assert getattr(gm, name)(Y, P) == pytest.approx(getattr(skm, name)(Y, P), rel=1e-12)
    assert getattr(gm, name)(Y, P, sample_weight=W) == pytest.approx(
        getattr(skm, name)(Y, P, sample_weight=W), rel=1e-12)


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "r2_score"])
@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", [0.2, 0.3, 0.5]])
def test_multi_output(name, multioutput):
    np.testing.assert_allclose(getattr(gm, name)(Y2, P2, multioutput=multioutput),
                               getattr(skm, name)(Y2, P2, multioutput=multioutput), rtol=1e-12)


def test_r2_variance_weighted_and_constant_target():
    assert gm.r2_score(Y2, P2, multioutput="variance_weighted") == pytest.approx(
        skm.r2_score(Y2, P2, multioutput="variance_weighted"))
    assert gm.r2_score([1.0, 1.0, 1.0], [1.0, 1.0, 1.0]) == 1.0
    assert gm.r2_score([1.0, 1.0, 1.0], [1.0, 2.0, 1.0]) == 0.0
    assert gm.r2_score(Y, np.full_like(Y, Y.mean())) == pytest.approx(0.0, abs=1e-12)


def test_bad_inputs():
    with pytest.raises(ValueError, match="inconsistent"):
        gm.mean_squared_error([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        gm.r2_score([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="multioutput"):
        gm.r2_score(Y, P, multioutput="bogus")
