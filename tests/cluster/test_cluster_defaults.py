"""Every clustering estimator's defaults are scikit-learn's (code that leaves a parameter out gets
the same model)."""
import pytest

import glassnet.cluster as ours

theirs = pytest.importorskip("sklearn.cluster")


@pytest.mark.parametrize("name", ["KMeans", "DBSCAN", "AgglomerativeClustering"])
def test_defaults_are_scikit_learns(name):
    mine = getattr(ours, name)().get_params()
    reference = getattr(theirs, name)().get_params()
    assert mine == reference
