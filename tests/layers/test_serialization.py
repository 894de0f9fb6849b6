"""Layers as data (layers/serialization.py): plain constructor arguments as the config, objects in a
config written as data, and clear refusal of a description that is not one."""
import json

import numpy as np
import pytest

from glassnet import layers, regularizers
from glassnet.layers import Layer


class _Sizes(Layer):
    """No get_config: its plain constructor arguments are its config."""

    def __init__(self, sizes, **settings):
        super().__init__(**{key: settings.pop(key) for key in ("name", "dtype", "trainable") if key in settings})
        self.sizes, self.settings = list(sizes), settings

    def call(self, inputs):
        return inputs * float(sum(self.sizes))


def test_list_and_extra_keyword_arguments_are_the_config_of_a_layer_without_get_config():
    layer = _Sizes([3, 4], scale=2.5, mode="fast", name="sizes")
    config = json.loads(json.dumps(layer.get_config()))
    assert config["sizes"] == [3, 4] and config["scale"] == 2.5 and config["mode"] == "fast"
    clone = _Sizes.from_config(config)
    assert clone.sizes == [3, 4] and clone.settings == {"scale": 2.5, "mode": "fast"} and clone.name == "sizes"
    np.testing.assert_array_equal(clone(np.ones((1, 2), np.float32)).data, [[7.0, 7.0]])


class _Penalised(Layer):
    def __init__(self, penalties=None, **kwargs):
        super().__init__(**kwargs)
        self.penalties = penalties or []

    def get_config(self):
        return {**super().get_config(), "penalties": self.penalties}


def test_objects_in_a_list_of_a_config_are_written_as_data():
    layer = _Penalised([regularizers.L2(0.1), regularizers.L1(0.2)])
    written = json.loads(json.dumps(layers.serialize(layer)))
    penalties = written["config"]["penalties"]
    assert [entry["class_name"] for entry in penalties] == ["L2", "L1"]
    assert [regularizers.get(entry).get_config() for entry in penalties] == [{"l2": 0.1}, {"l1": 0.2}]


@pytest.mark.parametrize("description", [{"config": {}}, "Dense", ["Dense"]])
def test_a_description_without_a_class_name_is_refused(description):
    with pytest.raises(ValueError, match=r"layers.deserialize: expected \{'class_name': ..., 'config': ...\}"):
        layers.deserialize(description)
