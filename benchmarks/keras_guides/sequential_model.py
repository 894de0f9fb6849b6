"""keras.io guide "The Sequential model", section by section (imports changed, small sizes)."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers, ops

# %%
model = keras.Sequential(
    [
        layers.Dense(2, activation="relu", name="layer1"),
        layers.Dense(3, activation="relu", name="layer2"),
        layers.Dense(4, name="layer3"),
    ]
)
x = ops.ones((3, 3))
y = model(x)
assert tuple(y.shape) == (3, 4)

# %%
layer1 = layers.Dense(2, activation="relu", name="layer1")
layer2 = layers.Dense(3, activation="relu", name="layer2")
layer3 = layers.Dense(4, name="layer3")
x = ops.ones((3, 3))
y = layer3(layer2(layer1(x)))

# %%
model = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(3, activation="relu"), layers.Dense(4)])
print(model.layers)

# %%
model = keras.Sequential()
model.add(layers.Dense(2, activation="relu"))
model.add(layers.Dense(3, activation="relu"))
model.add(layers.Dense(4))
model.pop()
print(len(model.layers))
assert len(model.layers) == 2

# %%
model = keras.Sequential(name="my_sequential")
model.add(layers.Dense(2, activation="relu", name="layer1"))
model.add(layers.Dense(3, activation="relu", name="layer2"))
model.add(layers.Dense(4, name="layer3"))

# %%
layer = layers.Dense(3)
print(layer.weights)
assert layer.weights == []

# %%
x = ops.ones((1, 4))
y = layer(x)
print(layer.weights)
assert len(layer.weights) == 2

# %%
model = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(3, activation="relu"), layers.Dense(4)])
x = ops.ones((1, 4))
y = model(x)
print("Number of weights after calling the model:", len(model.weights))
assert len(model.weights) == 6

# %%
model.summary()

# %%
model = keras.Sequential()
model.add(keras.Input(shape=(4,)))
model.add(layers.Dense(2, activation="relu"))
model.summary()

# %%
print(model.layers)
assert len(model.layers) == 1

# %%
model = keras.Sequential()
model.add(keras.Input(shape=(250, 250, 3)))
model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))
model.summary()
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(2))
model.summary()
model.add(layers.GlobalMaxPooling2D())
model.add(layers.Dense(10))

# %%
initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(inputs=initial_model.inputs, outputs=[layer.output for layer in initial_model.layers])
x = ops.ones((1, 250, 250, 3))
features = feature_extractor(x)
assert len(features) == 3

# %%
initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(inputs=initial_model.inputs, outputs=initial_model.get_layer(name="my_intermediate_layer").output)
x = ops.ones((1, 250, 250, 3))
features = feature_extractor(x)
assert tuple(features.shape) == (1, 121, 121, 32)

# %%
model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(32, activation="relu"), layers.Dense(32, activation="relu"), layers.Dense(32, activation="relu"), layers.Dense(10)])
for layer in model.layers[:-1]:
    layer.trainable = False
model.compile(optimizer="adam", loss="mse")
before = model.layers[0].get_weights()[0].copy()
last_before = model.layers[-1].get_weights()[0].copy()
model.fit(np.random.rand(64, 784), np.random.rand(64, 10), epochs=1, verbose=0)
assert np.array_equal(before, model.layers[0].get_weights()[0])
assert not np.array_equal(last_before, model.layers[-1].get_weights()[0])
