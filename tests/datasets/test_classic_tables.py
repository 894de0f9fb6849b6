"""The bundled classic tables equal scikit-learn's, in values, names and return shapes."""
import numpy as np
import pytest

from glassnet import datasets as gd

sd = pytest.importorskip("sklearn.datasets")

LOADERS = ["load_iris", "load_wine", "load_breast_cancer", "load_digits", "load_diabetes"]


@pytest.mark.parametrize("name", LOADERS)
def test_same_numbers_and_names_as_scikit_learn(name):
    ours, theirs = getattr(gd, name)(), getattr(sd, name)()
    assert ours.data.dtype == theirs.data.dtype == np.float64
    np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(ours.target, theirs.target)
    assert ours.target.dtype == theirs.target.dtype
    assert list(ours.feature_names) == list(theirs.feature_names)
    if name != "load_diabetes":
        assert [str(t) for t in ours.target_names] == [str(t) for t in theirs.target_names]


@pytest.mark.parametrize("name", LOADERS)
def test_return_X_y_gives_the_pair(name):
    X, y = getattr(gd, name)(return_X_y=True)
    bunch = getattr(gd, name)()
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)
    assert X.shape[0] == y.shape[0]


def test_digits_images_and_n_class():
    ours, theirs = gd.load_digits(n_class=3), sd.load_digits(n_class=3)
    np.testing.assert_array_equal(ours.images, theirs.images)
    assert set(np.unique(ours.target)) == {0, 1, 2}
    with pytest.raises(ValueError, match="n_class"):
        gd.load_digits(n_class=11)


def test_diabetes_unscaled():
    np.testing.assert_array_equal(gd.load_diabetes(scaled=False).data, sd.load_diabetes(scaled=False).data)
    scaled = gd.load_diabetes().data
    np.testing.assert_allclose((scaled ** 2).sum(axis=0), 1.0)


def test_as_frame_gives_pandas_with_feature_columns():
    pd = pytest.importorskip("pandas")
    X, y = gd.load_wine(return_X_y=True, as_frame=True)
    assert isinstance(X, pd.DataFrame) and isinstance(y, pd.Series)
    assert list(X.columns) == list(sd.load_wine().feature_names)
    bunch = gd.load_iris(as_frame=True)
    assert list(bunch.frame.columns)[-1] == "target" and bunch.frame.shape == (150, 5)


def test_bad_flag_names_the_argument():
    with pytest.raises(TypeError, match="return_X_y"):
        gd.load_iris(return_X_y="yes")
