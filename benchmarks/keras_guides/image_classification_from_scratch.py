"""keras.io example vision/image_classification_from_scratch ("Image classification from scratch"),
imports changed. The cats-vs-dogs JPEG folders (image_dataset_from_directory, tf.data) are out of reach: the
task here is telling Fashion-MNIST's T-shirts (label 0) from its shirts (label 6), 32×32 grey images
padded from 28×28, 800 for training and 200 for validation, 2 epochs; the model is the example's
make_model with its widths divided by 8 (128 → 16 ... 1024 → 128) and the 180×180×3 input made 32×32×1."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
(x_all, y_all), _ = keras.datasets.fashion_mnist.load_data()
keep = (y_all == 0) | (y_all == 6)
images = np.pad(x_all[keep][:1000], ((0, 0), (2, 2), (2, 2)))[..., None].astype("float32")
labels = (y_all[keep][:1000] == 6).astype("float32")
train_x, train_y, val_x, val_y = images[:800], labels[:800], images[800:], labels[800:]
image_size = (32, 32)
print(train_x.shape, train_y.mean())

# %%
data_augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]


def data_augmentation(images):
    for layer in data_augmentation_layers:
        images = layer(images)
    return images

augmented = np.asarray(data_augmentation(train_x[:9]))
assert augmented.shape == (9, 32, 32, 1) and not np.allclose(augmented, train_x[:9])

# %%
def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)

    # Entry block
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(16, 3, strides=2, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    previous_block_activation = x  # Set aside residual

    for size in [32, 64, 96]:
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same")(x)
        x = layers.BatchNormalization()(x)

        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same")(x)
        x = layers.BatchNormalization()(x)

        x = layers.MaxPooling2D(3, strides=2, padding="same")(x)

        # Project residual
        residual = layers.Conv2D(size, 1, strides=2, padding="same")(previous_block_activation)
        x = layers.add([x, residual])  # Add back residual
        previous_block_activation = x  # Set aside next residual

    x = layers.SeparableConv2D(128, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    x = layers.GlobalAveragePooling2D()(x)
    if num_classes == 2:
        units = 1
    else:
        units = num_classes

    x = layers.Dropout(0.25)(x)
    # We specify activation=None so as to return logits
    outputs = layers.Dense(units, activation=None)(x)
    return keras.Model(inputs, outputs)


model = make_model(input_shape=image_size + (1,), num_classes=2)
model.summary()
assert tuple(model.output_shape) == (None, 1)

# %%
# the example augments inside its tf.data pipeline (dataset.map); here, on each epoch's arrays
epochs = 2

callbacks = [
    keras.callbacks.ModelCheckpoint("save_at_{epoch}.keras"),
]
model.compile(
    optimizer=keras.optimizers.Adam(3e-4),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(name="acc")],
)
losses, accuracies = [], []
for epoch in range(epochs):
    history = model.fit(np.asarray(data_augmentation(train_x)), train_y, epochs=1, batch_size=32,
                        callbacks=callbacks, validation_data=(val_x, val_y))
    losses.append(history.history["loss"][0])
    accuracies.append(history.history["val_acc"][0])
print(losses, accuracies)
assert losses[-1] < losses[0]

# %%
img = val_x[:1]
predictions = model.predict(img)
score = float(keras.ops.sigmoid(predictions[0][0]))
print(f"This image is {100 * (1 - score):.2f}% T-shirt and {100 * score:.2f}% shirt.")
assert 0.0 <= score <= 1.0
