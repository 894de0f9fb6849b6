"""Unknown names say what exists: an AttributeError naming the closest public names."""
from __future__ import annotations

import pytest

import glassnet as keras
from glassnet.utils.names import closest_names


@pytest.mark.parametrize("module, wrong, right", [
    (keras, "Sequentail", "Sequential"),
    (keras.ops, "onez", "ones"),
    (keras.layers, "Dens", "Dense"),
    (keras.losses, "MeanSquareError", "MeanSquaredError"),
    (keras.optimizers, "Adamm", "Adam"),
    (keras.metrics, "Precison", "Precision"),
    (keras.random, "unifrom", "uniform"),
    (keras.utils, "to_categorial", "to_categorical"),
])
def test_unknown_name_suggests_the_closest(module, wrong, right):
    with pytest.raises(AttributeError, match=rf"no attribute '{wrong}'; did you mean .*\b{right}\b"):
        getattr(module, wrong)


def test_nothing_close_still_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'zzzqqq'"):
        keras.ops.zzzqqq
    assert not hasattr(keras.layers, "__wrapped__")   # dunder lookups stay plain AttributeErrors


def test_closest_names_ignores_private_and_case():
    assert closest_names("dense", ["Dense", "_dense", "Dropout"]) == ["Dense"]
