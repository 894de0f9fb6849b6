"""TimeDistributed: the same layer (same weights) at every step, shapes, training, config."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def test_each_step_is_the_inner_layer_with_shared_weights():
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    wrapper = layers.TimeDistributed(layers.Dense(4))
    out = wrapper(x).numpy()
    assert out.shape == (2, 5, 4) and len(wrapper.weights) == 2
    for t in range(5):
        np.testing.assert_allclose(out[:, t], wrapper.layer(x[:, t]).numpy(), rtol=1e-6)


def test_on_images_per_step_and_symbolic_shape():
    inputs = keras.Input((4, 8, 8, 1))
    out = layers.TimeDistributed(layers.Conv2D(2, 3))(inputs)
    assert tuple(out.shape) == (None, 4, 6, 6, 2)
    with pytest.raises(ValueError, match="rank"):
        layers.TimeDistributed(layers.Dense(2))(np.zeros((2, 3), dtype="float32"))


def test_trains_and_round_trips_config():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 6, 2)).astype("float32")
    y = x[..., :1] * 3.0 - x[..., 1:]
    model = keras.Sequential([keras.Input((6, 2)), layers.TimeDistributed(layers.Dense(1))])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=20, batch_size=4, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]
    clone = layers.TimeDistributed.from_config(layers.TimeDistributed(layers.Dense(3), name="td").get_config())
    assert clone.name == "td" and clone.layer.units == 3
