"""The Layer base class: naming, lazy build, symbolic calls, weight tracking, freezing, errors."""
from __future__ import annotations

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers, ops
from glassnet.autodiff import Tensor
from glassnet.layers.layer import Layer


class Scale(Layer):
    """A custom layer as a user writes one: one weight per feature."""

    def __init__(self, factor_init="ones", **kwargs):
        super().__init__(**kwargs)
        self.factor_init = factor_init

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],), initializer=self.factor_init, name="factor")

    def call(self, inputs):
        return inputs * self.factor


class Block(Layer):
    """Sublayers in attributes and in a list are found automatically."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(4, activation="relu")
        self.rest = [layers.Dense(3), Scale()]

    def call(self, inputs, training=False):
        x = self.first(inputs)
        for layer in self.rest:
            x = layer(x)
        return x


def test_names_are_unique_per_class_and_restart_after_clear_session():
    layers.clear_session()
    assert [layers.Dense(1).name for _ in range(3)] == ["dense", "dense_1", "dense_2"]
    assert layers.Dropout(0.1).name == "dropout"
    assert Scale().name == "scale"
    assert layers.Dense(1, name="output").name == "output"
    layers.clear_session()
    assert layers.Dense(1).name == "dense"


def test_build_happens_on_first_call_with_a_none_batch():
    layer = Scale()
    assert not layer.built
    with pytest.raises(ValueError, match="has not been built yet"):
        layer.count_params()
    layer(np.ones((2, 5)))
    assert layer.built and layer.input_shape == (None, 5) and layer.count_params() == 5
    assert layer.weights[0].name == f"{layer.name}/factor"


def test_calling_build_directly_marks_the_layer_built():
    layer = layers.Dense(2)
    layer.build((None, 3))
    assert layer.built
    layer(np.ones((1, 3)))
    assert len(layer.weights) == 2


def test_symbolic_call_records_history_and_shapes():
    inputs = keras.Input(shape=(6,), name="features")
    layer = Scale()
    out = layer(inputs)
    assert isinstance(out, layers.KerasTensor)
    assert out.shape == (None, 6) and out.history == (layer, inputs) and inputs.history is None
    assert layer.input_shape == (None, 6) and layer.output_shape == (None, 6)
    assert keras.Input(shape=(6,), batch_size=8).shape == (8, 6)
    assert keras.Input(batch_shape=(None, 2, 3)).shape == (None, 2, 3)
    with pytest.raises(TypeError, match="holds no values"):
        np.asarray(inputs)


def test_default_compute_output_shape_runs_call_on_zeros():
    class Twice(Layer):
        def call(self, inputs):
            return ops.concatenate([inputs, inputs], axis=-1)
    assert Twice()(keras.Input(shape=(3,))).shape == (None, 6)


def test_sublayers_are_tracked_and_their_weights_found():
    block = Block()
    block(np.ones((2, 5), dtype=np.float32))
    assert block.layers == [block.first, block.rest[0], block.rest[1]]
    assert len(block.weights) == 5 and len(block.trainable_weights) == 5
    assert block.count_params() == 5 * 4 + 4 + 4 * 3 + 3 + 3


def test_freezing_stops_gradients_and_hides_trainable_weights():
    block = Block()
    x = np.ones((2, 5), dtype=np.float32)
    block(x)
    block.trainable = False
    assert block.trainable_weights == [] and len(block.non_trainable_weights) == 5
    assert not block.first.trainable and not block.first.kernel.requires_grad
    block.trainable = True
    out = block(x)
    ops.sum(out).backward()
    assert all(w.grad is not None for w in block.trainable_weights)


def test_non_trainable_weight_stays_frozen():
    class WithStat(Layer):
        def build(self, input_shape):
            self.w = self.add_weight((2,), "ones", name="w")
            self.stat = self.add_weight((2,), "zeros", name="stat", trainable=False)

        def call(self, inputs):
            return inputs * self.w + self.stat
    layer = WithStat()
    layer(np.ones((1, 2)))
    assert layer.trainable_weights == [layer.w] and layer.non_trainable_weights == [layer.stat]
    layer.trainable = False
    layer.trainable = True
    assert not layer.stat.requires_grad and layer.w.requires_grad


def test_get_and_set_weights_are_checked():
    dense = layers.Dense(2, name="checked")
    dense(np.ones((1, 3)))
    weights = dense.get_weights()
    weights[0] += 1
    dense.set_weights(weights)
    np.testing.assert_array_equal(dense.kernel.data, weights[0])
    with pytest.raises(ValueError, match=r"layer 'checked' has 2 weight arrays \(checked/kernel, checked/bias\), got 1"):
        dense.set_weights(weights[:1])
    with pytest.raises(ValueError, match=r"weight 'checked/kernel' has shape \(3, 2\), got an array of shape \(2, 3\)"):
        dense.set_weights([weights[0].T, weights[1]])


def test_inputs_are_cast_to_the_layer_dtype():
    layer = Scale()
    assert layer(np.ones((2, 3), dtype=np.float64)).dtype == np.float32
    assert layer(np.ones((2, 3), dtype=np.uint8)).dtype == np.float32
    assert Scale(dtype="float64")(np.ones((2, 3), dtype=np.float32)).dtype == np.float64
    with pytest.raises(ValueError, match="dtype must be a float type"):
        Scale(dtype="int32")


def test_training_flag_reaches_call_only_if_accepted():
    seen = []

    class Spy(Layer):
        def call(self, inputs, training=False):
            seen.append(training)
            return inputs
    Spy()(np.ones((1, 1)), training=True)
    Scale()(np.ones((1, 1)), training=True)  # its call has no training argument
    assert seen == [True]


def test_unknown_keyword_and_bad_name():
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['units'\]"):
        Scale(units=3)
    with pytest.raises(TypeError, match="name must be a string"):
        Scale(name=3)


def test_registry_and_custom_objects():
    config = layers.serialize(Scale(name="s"))
    with pytest.raises(ValueError, match="unknown layer class 'Scale'"):
        layers.deserialize(config)
    assert isinstance(layers.deserialize(config, custom_objects={"Scale": Scale}), Scale)
    layers.register(Scale)
    assert layers.deserialize(config).get_config() == Scale(name="s").get_config()
    with pytest.raises(ValueError, match="expected"):
        layers.deserialize(["Dense"])


class Linear(Layer):
    """Keras's guide layer: constructor arguments but no get_config of its own."""

    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")

    def call(self, inputs):
        return ops.matmul(inputs, self.w)


def test_plain_constructor_arguments_are_the_config_without_a_get_config(tmp_path):
    # Keras 3 records them, so a custom layer saves and loads with only custom_objects
    config = Linear(3, name="lin").get_config()
    assert config["units"] == 3 and config["name"] == "lin"
    assert Linear.from_config(config).units == 3
    assert Linear(units=4, input_shape=(2,)).get_config()["batch_input_shape"] == [None, 2]
    assert "factor_init" not in Scale(factor_init=np.ones).get_config()  # not JSON: left out
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, Linear(3)(inputs))
    path = str(tmp_path / "custom.keras")
    model.save(path)
    loaded = keras.models.load_model(path, custom_objects={"Linear": Linear})
    x = np.ones((2, 2), dtype=np.float32)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_input_shape_keywords_are_stored_for_sequential():
    assert Scale(input_shape=(28, 28))._batch_input_shape == (None, 28, 28)
    assert Scale(input_shape=5, batch_size=16)._batch_input_shape == (16, 5)
    assert Scale(batch_input_shape=(None, 7))._batch_input_shape == (None, 7)
    assert "batch_input_shape" in layers.Dense(2, input_dim=3).get_config()


def test_layer_is_part_of_a_hand_written_training_step():
    dense = layers.Dense(1, kernel_initializer="zeros")
    x = Tensor(np.array([[1.0, 2.0]], dtype=np.float32))
    loss = ops.mean(ops.square(dense(x) - 3.0))
    loss.backward()
    np.testing.assert_allclose(dense.kernel.grad, [[-6.0], [-12.0]])
    np.testing.assert_allclose(dense.bias.grad, [-6.0])


def test_nested_lists_of_numbers_are_one_input():
    out = layers.Dense(2, kernel_initializer="ones")([[0, 1], [1, 1]])
    np.testing.assert_allclose(out.data, [[1, 1], [2, 2]])


def test_activity_regularizer_on_any_layer_and_symbolic_input_output():
    from glassnet import regularizers
    layer = Scale(activity_regularizer=regularizers.L2(0.5))
    out = layer(np.full((2, 3), 2.0, dtype=np.float32))
    assert [p.item() for p in layer.losses] == [pytest.approx(0.5 * 4 * 6 / 2)]
    config = layer.get_config()
    assert config["activity_regularizer"]["class_name"] == "L2"
    assert Scale.from_config(config).activity_regularizer.get_config() == {"l2": 0.5}
    assert out.shape == (2, 3)
    inputs = keras.Input(shape=(3,))
    symbolic = layer(inputs)
    assert layer.input is inputs and layer.output is symbolic
    assert layer.variables == layer.weights == layer.trainable_variables
    with pytest.raises(AttributeError, match="has not been called on a keras.Input"):
        Scale().output


def test_layers_kept_in_a_dict_attribute_are_tracked():
    class Branches(Layer):
        def __init__(self):
            super().__init__()
            self.heads = {"mean": layers.Dense(2), "spread": layers.Dense(3)}

        def call(self, inputs):
            return ops.concatenate([self.heads["mean"](inputs), self.heads["spread"](inputs)], axis=-1)

    block = Branches()
    block(np.ones((1, 4), np.float32))
    assert block.layers == [block.heads["mean"], block.heads["spread"]]
    assert [tuple(w.shape) for w in block.trainable_weights] == [(4, 2), (2,), (4, 3), (3,)]


def test_the_gradient_reaches_an_input_of_another_dtype_that_asks_for_it():
    # a saliency map: d(score)/d(image) for a float64 image through a float32 layer
    dense = layers.Dense(1, kernel_initializer="ones")
    image = Tensor(np.array([[1.0, -2.0, 3.0]]), requires_grad=True)
    dense(image).sum().backward()
    np.testing.assert_allclose(image.grad, [[1.0, 1.0, 1.0]])


def test_build_gets_the_shape_of_every_tensor_argument():
    seen = {}

    class Attend(Layer):
        def build(self, query_shape, value_shape):
            seen.update(query=tuple(query_shape), value=tuple(value_shape))

        def call(self, query, value):
            return query

    Attend()(np.ones((2, 4, 3), np.float32), Tensor(np.ones((2, 5, 6), np.float32)))
    assert seen["query"][1:] == (4, 3) and seen["value"][1:] == (5, 6)
    assert len(seen["query"]) == len(seen["value"]) == 3


def test_non_trainable_variables_are_the_frozen_statistics():
    norm = layers.BatchNormalization()
    norm(np.ones((2, 3), np.float32))
    assert norm.non_trainable_variables == norm.non_trainable_weights
    assert [w.name.split("/")[-1] for w in norm.non_trainable_variables] == ["moving_mean", "moving_variance"]
