"""set_output(transform="pandas"): DataFrames out, named columns, the input's index, kept by clone."""
import numpy as np
import pytest

from glassnet.base import clone
from glassnet.pipeline import make_pipeline
from glassnet.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler

pd = pytest.importorskip("pandas")


@pytest.fixture
def frame():
    rng = np.random.RandomState(0)
    return pd.DataFrame(rng.rand(6, 2) * 10, columns=["height", "weight"], index=list("abcdef"))


def test_pandas_output_keeps_names_index_and_values(frame):
    scaler = StandardScaler().set_output(transform="pandas")
    out = scaler.fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["height", "weight"] and list(out.index) == list("abcdef")
    np.testing.assert_allclose(out.to_numpy(), StandardScaler().fit_transform(frame.to_numpy()))
    assert isinstance(scaler.transform(frame), pd.DataFrame)


def test_default_output_stays_an_array(frame):
    assert isinstance(MinMaxScaler().fit_transform(frame), np.ndarray)
    scaler = MinMaxScaler().set_output(transform="pandas").set_output(transform="default")
    assert isinstance(scaler.fit_transform(frame), np.ndarray)


def test_clone_and_pipeline_carry_the_setting(frame):
    assert isinstance(clone(StandardScaler().set_output(transform="pandas")).fit_transform(frame), pd.DataFrame)
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(2, include_bias=False)).set_output(transform="pandas")
    out = pipe.fit_transform(frame)
    assert list(out.columns) == ["height", "weight", "height^2", "height weight", "weight^2"]


def test_unknown_container_is_refused():
    with pytest.raises(ValueError, match="transform must be one of"):
        StandardScaler().set_output(transform="arrow")
