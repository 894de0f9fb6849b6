"""keras.io guide "Save, serialize, and export models", section by section (imports changed, synthetic data)."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
def get_model():
    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
    return model

model = get_model()
test_input = np.random.random((128, 32))
test_target = np.random.random((128, 1))
model.fit(test_input, test_target)
model.save("my_model.keras")
reconstructed_model = keras.models.load_model("my_model.keras")
np.testing.assert_allclose(model.predict(test_input), reconstructed_model.predict(test_input))

# %%
@keras.saving.register_keras_serializable(package="my_package", name="custom_fn")
def custom_fn(x):
    return x**2

@keras.saving.register_keras_serializable(package="MyLayers")
class CustomLayer(keras.layers.Layer):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {"factor": self.factor}

@keras.saving.register_keras_serializable(package="my_package", name="CustomModel")
class CustomModel(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)

    def get_config(self):
        return {"units": self.dense.units}

# %%
inputs = keras.Input(shape=(4,))
x = CustomLayer(2.0)(inputs)
outputs = keras.layers.Dense(1, activation=custom_fn)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.random((16, 4)), np.random.random((16, 1)), verbose=0)
model.save("custom_model.keras")
reconstructed = keras.models.load_model("custom_model.keras")
x = np.random.random((3, 4))
np.testing.assert_allclose(model.predict(x), reconstructed.predict(x))

# %%
model = CustomModel(4)
model(np.ones((2, 3)))
model.save("custom_subclass.keras")
reloaded = keras.models.load_model("custom_subclass.keras")
np.testing.assert_allclose(model.predict(np.ones((2, 3))), reloaded.predict(np.ones((2, 3))), rtol=1e-6)

# %%
model = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="d")])
model.save_weights("model.weights.h5")
clone = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="d")])
clone.load_weights("model.weights.h5")
np.testing.assert_allclose(model.get_weights()[0], clone.get_weights()[0])

# %%
layer = keras.layers.Dense(3, activation="relu")
layer_config = layer.get_config()
new_layer = keras.layers.Dense.from_config(layer_config)
model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
config = model.get_config()
new_model = keras.Sequential.from_config(config)
assert len(new_model.layers) == 1

# %%
inputs = keras.Input((32,))
outputs = keras.layers.Dense(1)(inputs)
model = keras.Model(inputs, outputs)
config = model.get_config()
new_model = keras.Model.from_config(config)
json_config = model.to_json()
new_model = keras.models.model_from_json(json_config)

# %%
my_layer = keras.layers.Dense(4, activation="relu")
serialized = keras.saving.serialize_keras_object(my_layer)
rebuilt = keras.saving.deserialize_keras_object(serialized)
assert isinstance(rebuilt, keras.layers.Dense) and rebuilt.units == 4

# %%
def create_layer():
    layer = keras.layers.Dense(64, activation="relu", input_shape=(784,))
    layer.build((None, 784))
    return layer

layer_1 = create_layer()
layer_2 = create_layer()
layer_2.set_weights(layer_1.get_weights())
np.testing.assert_allclose(layer_1.get_weights()[0], layer_2.get_weights()[0])

# %%
class ThreeLayerMLP(keras.Model):
    def __init__(self, hidden_units):
        super().__init__()
        self.hidden_units = hidden_units
        self.dense_layers = [keras.layers.Dense(u) for u in hidden_units]

    def call(self, inputs):
        x = inputs
        for layer in self.dense_layers:
            x = layer(x)
        return x

    def get_config(self):
        return {"hidden_units": self.hidden_units}

model = ThreeLayerMLP([64, 64, 10])
serialized_model = keras.saving.serialize_keras_object(model)
deserialized_model = keras.saving.deserialize_keras_object(serialized_model, custom_objects={"ThreeLayerMLP": ThreeLayerMLP})

# %%
@keras.saving.register_keras_serializable()
def custom_loss(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)

model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
model.compile(optimizer="adam", loss=custom_loss)
model.fit(np.random.random((8, 4)), np.random.random((8, 1)), verbose=0)
model.save("custom_loss.keras")
reloaded = keras.models.load_model("custom_loss.keras")
reloaded.fit(np.random.random((8, 4)), np.random.random((8, 1)), verbose=0)
print(keras.saving.get_custom_objects().keys())
