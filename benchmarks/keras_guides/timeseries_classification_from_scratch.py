"""keras.io example timeseries/timeseries_classification_from_scratch (fully convolutional network on FordA),
imports changed; a synthetic two-class series set stands in for the FordA download; smaller sizes and epochs."""
# %%
import numpy as np
import glassnet as keras
from glassnet import layers

# %%
rng = np.random.default_rng(0)
t = np.linspace(0, 1, 100)
y_train = rng.integers(0, 2, 400)
x_train = np.sin(2 * np.pi * (3 + 3 * y_train[:, None]) * t) + 0.5 * rng.standard_normal((400, 100))
y_test = rng.integers(0, 2, 100)
x_test = np.sin(2 * np.pi * (3 + 3 * y_test[:, None]) * t) + 0.5 * rng.standard_normal((100, 100))
x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))
num_classes = len(np.unique(y_train))
idx = np.random.permutation(len(x_train))
x_train = x_train[idx]
y_train = y_train[idx]

# %%
def make_model(input_shape):
    input_layer = keras.layers.Input(input_shape)
    conv1 = keras.layers.Conv1D(filters=16, kernel_size=3, padding="same")(input_layer)
    conv1 = keras.layers.BatchNormalization()(conv1)
    conv1 = keras.layers.ReLU()(conv1)
    conv2 = keras.layers.Conv1D(filters=16, kernel_size=3, padding="same")(conv1)
    conv2 = keras.layers.BatchNormalization()(conv2)
    conv2 = keras.layers.ReLU()(conv2)
    gap = keras.layers.GlobalAveragePooling1D()(conv2)
    output_layer = keras.layers.Dense(num_classes, activation="softmax")(gap)
    return keras.models.Model(inputs=input_layer, outputs=output_layer)

model = make_model(input_shape=x_train.shape[1:])
keras.utils.plot_model(model, show_shapes=True)

# %%
epochs = 4
batch_size = 32
callbacks = [
    keras.callbacks.ModelCheckpoint("best_model.keras", save_best_only=True, monitor="val_loss"),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=20, min_lr=0.0001),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=50, verbose=1),
]
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, callbacks=callbacks, validation_split=0.2, verbose=1)
assert history.history["loss"][-1] < history.history["loss"][0]

# %%
model = keras.models.load_model("best_model.keras")
test_loss, test_acc = model.evaluate(x_test, y_test)
print("Test accuracy", test_acc)
print("Test loss", test_loss)

# %%
metric = "sparse_categorical_accuracy"
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.figure()
plt.plot(history.history[metric])
plt.plot(history.history["val_" + metric])
plt.close()
