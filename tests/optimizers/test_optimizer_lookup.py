"""optimizers.get / serialize / deserialize: every form of identifier Keras accepts, and clear
errors for the others."""
import pytest

from glassnet import optimizers
from glassnet.optimizers import SGD, Adam, RMSprop


def test_get_accepts_a_name_a_config_or_an_object():
    assert type(optimizers.get("RMSprop")) is RMSprop
    from_config = optimizers.get({"class_name": "SGD", "config": {"learning_rate": 0.5, "momentum": 0.2}})
    assert type(from_config) is SGD and (from_config.learning_rate, from_config.momentum) == (0.5, 0.2)
    adam = Adam()
    assert optimizers.get(adam) is adam


def test_deserialize_accepts_a_name_or_a_lowercase_class_name():
    assert type(optimizers.deserialize("adam")) is Adam
    assert type(optimizers.deserialize({"class_name": "adam", "config": {"learning_rate": 0.1}})) is Adam
    assert type(optimizers.deserialize({"class_name": "SGD"})) is SGD


@pytest.mark.parametrize("config, message", [
    ({"config": {}}, "expected {'class_name'"),
    (["SGD"], "expected {'class_name'"),
    ({"class_name": "Ftrl", "config": {}}, "unknown optimizer 'Ftrl'"),
])
def test_deserialize_explains_what_it_expected(config, message):
    with pytest.raises(ValueError, match=message):
        optimizers.deserialize(config)


def test_serialize_needs_an_optimizer_and_get_a_known_identifier():
    with pytest.raises(TypeError, match="expected an Optimizer, got 'adam'"):
        optimizers.serialize("adam")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        optimizers.get(3)
