"""KMeans as a transformer in a pipeline: the columns of ``transform`` are named as in scikit-learn."""
import numpy as np
import pytest

from glassnet.cluster import KMeans
from glassnet.exceptions import NotFittedError
from glassnet.pipeline import make_pipeline
from glassnet.preprocessing import StandardScaler

sk_cluster = pytest.importorskip("sklearn.cluster")

X = np.random.RandomState(0).normal(size=(40, 2))


@pytest.mark.parametrize("k", [1, 4])
def test_feature_names_out_name_one_column_per_centre_like_sklearn(k):
    model = KMeans(k, random_state=0).fit(X)
    names = model.get_feature_names_out()
    assert names.tolist() == sk_cluster.KMeans(k, random_state=0).fit(X).get_feature_names_out().tolist()
    assert len(names) == model.transform(X).shape[1] == k
    pipeline = make_pipeline(StandardScaler(), KMeans(k, random_state=0)).fit(X)
    assert pipeline.get_feature_names_out().tolist() == names.tolist()


def test_feature_names_out_checks_the_input_names_and_needs_a_fit():
    model = KMeans(3, random_state=0).fit(X)
    assert model.get_feature_names_out(["a", "b"]).tolist() == ["kmeans0", "kmeans1", "kmeans2"]
    with pytest.raises(ValueError, match="input_features should have length equal to number of features"):
        model.get_feature_names_out(["a"])
    with pytest.raises(NotFittedError):
        KMeans(3).get_feature_names_out()
