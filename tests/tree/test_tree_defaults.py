"""The trees' defaults are scikit-learn's, for every parameter both libraries have."""
import pytest

import glassnet.tree as ours

theirs = pytest.importorskip("sklearn.tree")


@pytest.mark.parametrize("name", ["DecisionTreeClassifier", "DecisionTreeRegressor"])
def test_defaults_shared_with_scikit_learn_are_equal(name):
    mine = getattr(ours, name)().get_params()
    reference = getattr(theirs, name)().get_params()
    shared = set(mine) & set(reference)
    assert {"criterion", "max_depth", "min_samples_split", "min_samples_leaf", "max_features"} <= shared
    assert {key: mine[key] for key in shared} == {key: reference[key] for key in shared}
