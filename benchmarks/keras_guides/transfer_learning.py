"""keras.io guide "Transfer learning & fine-tuning", section by section, imports changed. No pretrained
weights can be downloaded here: the "pretrained" base is a small convnet trained in this script on MNIST
digits 0-4, and the new task is telling the even digits from the odd ones among 5-9 (in place of
Xception on ImageNet, then cats vs dogs). The model code of each section is the guide's."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
layer = keras.layers.Dense(3)
layer.build((None, 4))  # Create the weights

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (2, 2, 0)

# %%
layer = keras.layers.BatchNormalization()
layer.build((None, 4))  # Create the weights

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 2, 2)

# %%
layer = keras.layers.Dense(3)
layer.build((None, 4))  # Create the weights
layer.trainable = False  # Freeze the layer

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (2, 0, 2)

# %%
# Make a model with 2 layers
layer1 = keras.layers.Dense(3, activation="relu")
layer2 = keras.layers.Dense(3, activation="sigmoid")
model = keras.Sequential([keras.Input(shape=(3,)), layer1, layer2])

# Freeze the first layer
layer1.trainable = False

# Keep a copy of the weights of layer1 for later reference
initial_layer1_weights_values = layer1.get_weights()
initial_layer2_weights_values = layer2.get_weights()

# Train the model
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.random((2, 3)), np.random.random((2, 3)))

# Check that the weights of layer1 have not changed during training
final_layer1_weights_values = layer1.get_weights()
np.testing.assert_allclose(initial_layer1_weights_values[0], final_layer1_weights_values[0])
np.testing.assert_allclose(initial_layer1_weights_values[1], final_layer1_weights_values[1])
# layer2 did train (its bias at least: layer1's relu may give zeros for these two samples)
assert not all(np.array_equal(a, b) for a, b in zip(initial_layer2_weights_values, layer2.get_weights()))

# %%
inner_model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(3, activation="relu"),
        keras.layers.Dense(3, activation="relu"),
    ]
)

model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        inner_model,
        keras.layers.Dense(3, activation="sigmoid"),
    ]
)

model.trainable = False  # Freeze the outer model

assert inner_model.trainable == False  # All layers in `model` are now frozen
assert inner_model.layers[0].trainable == False  # `trainable` is propagated recursively

# %%
# The "pretrained" model: a small convnet with batch normalization, trained on digits 0-4.
(x_all, y_all), _ = keras.datasets.mnist.load_data()
x_all = np.expand_dims(x_all[:6000], -1).astype("float32")
y_all = y_all[:6000]
old = y_all < 5
pretrained = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Rescaling(1.0 / 255),
        layers.Conv2D(16, 3, strides=2, activation="relu"),
        layers.BatchNormalization(),
        layers.Conv2D(32, 3, strides=2, activation="relu"),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(5, activation="softmax"),
    ]
)
pretrained.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
pretrained.fit(x_all[old][:1500], y_all[old][:1500], batch_size=64, epochs=1, verbose=0)
base_weights_file = "transfer_base.weights.h5"
keras.Model(pretrained.inputs, pretrained.layers[-2].output).save_weights(base_weights_file)

def make_base_model():
    # what keras.applications.Xception(weights="imagenet", include_top=False) gives in the guide
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(16, 3, strides=2, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(32, 3, strides=2, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.GlobalAveragePooling2D()(x)
    base = keras.Model(inputs, x, name="base")
    base.load_weights(base_weights_file)
    return base

new = ~old
new_x, new_y = x_all[new][:1200], (y_all[new][:1200] % 2 == 0).astype("float32")
train_x, train_y, val_x, val_y = new_x[:1000], new_y[:1000], new_x[1000:], new_y[1000:]

# %%
base_model = make_base_model()
base_model.trainable = False
inputs = keras.Input(shape=(28, 28, 1))
# We make sure that the base_model is running in inference mode here,
# by passing `training=False`. This is important for fine-tuning, as you will
# learn in a few paragraphs.
x = base_model(inputs, training=False)
# A Dense classifier with a single unit (binary classification)
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

before = [w.copy() for w in base_model.get_weights()]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],
)
history = model.fit(train_x, train_y, epochs=3, batch_size=32, validation_data=(val_x, val_y))
assert history.history["loss"][-1] < history.history["loss"][0]
# the frozen base, its batch-normalization statistics included, did not move
assert all(np.array_equal(a, b) for a, b in zip(before, base_model.get_weights()))

# %%
# Unfreeze the base model
base_model.trainable = True

# It's important to recompile your model after you make any changes
# to the `trainable` attribute of any inner layer, so that your changes
# are take into account
model.compile(
    optimizer=keras.optimizers.Adam(1e-5),  # Very low learning rate
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],
)

# Train end-to-end. Be careful to stop before you overfit!
start_loss = model.evaluate(train_x, train_y, verbose=0)[0]
moving_mean = base_model.layers[3].moving_mean.numpy().copy()
history = model.fit(train_x, train_y, epochs=2, batch_size=32, validation_data=(val_x, val_y))
assert history.history["loss"][-1] < start_loss
kernel = base_model.layers[2].kernel.numpy()
assert not np.array_equal(kernel, before[0])                      # the base is fine-tuned now
np.testing.assert_array_equal(base_model.layers[3].moving_mean.numpy(), moving_mean)  # BN stays in inference mode

# %%
# The end-to-end example: augmentation, scaling, a frozen base in inference mode, dropout, a new head.
data_augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]

def data_augmentation(x):
    for layer in data_augmentation_layers:
        x = layer(x)
    return x

augmented = data_augmentation(train_x[:9])
assert augmented.shape == (9, 28, 28, 1) and not np.allclose(np.asarray(augmented), train_x[:9])

# %%
base_model = make_base_model()
base_model.trainable = False

inputs = keras.Input(shape=(28, 28, 1))
x = data_augmentation(inputs)  # Apply random data augmentation
scale_layer = keras.layers.Rescaling(scale=1.0, offset=0.0)  # the base scales its own inputs here
x = scale_layer(x)
x = base_model(x, training=False)
x = keras.layers.Dropout(0.2)(x)  # Regularize with dropout
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.summary(show_trainable=True)

model.compile(
    optimizer=keras.optimizers.Adam(),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],
)
history = model.fit(train_x, train_y, epochs=2, batch_size=32, validation_data=(val_x, val_y))
assert history.history["loss"][-1] < history.history["loss"][0]
