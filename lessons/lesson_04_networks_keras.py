"""
Lesson 4: networks the Keras way
================================

glassnet speaks Keras: ``import glassnet as keras`` and the code of a Keras tutorial runs,
and does what it does there. This lesson builds the same small network with Keras's three
APIs, counts its 19 parameters, trains a digit classifier on the MNIST sample shipped with
glassnet, compares ReLU with the sigmoid, and watches dropout hold back over-fitting.
"""

# %%
# Three ways to build the same network
# ------------------------------------
# 4 inputs → 3 hidden neurons → 1 output: 4·3 + 3 = 15 parameters, then 3·1 + 1 = 4.
import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import layers, ops, viz

sequential = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="relu"), layers.Dense(1)])

inputs = keras.Input(shape=(4,))
hidden = layers.Dense(3, activation="relu")(inputs)
functional = keras.Model(inputs, layers.Dense(1)(hidden))


class Small(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(3, activation="relu")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


subclassed = Small()
subclassed(np.zeros((1, 4), dtype="float32"))      # a subclassed model builds on its first call
for model in (sequential, functional, subclassed):
    print(type(model).__name__, model.count_params())
sequential.summary()

# %%
# Its weights, drawn
# ------------------
viz.plot_network(sequential)

# %%
# Watching the weights move
# -------------------------
# A callback sees the model after every step. ``WeightHistory`` keeps a copy of chosen
# weights, so the path the optimizer took can be drawn on the loss landscape, here for one
# linear neuron ŷ = w x + b fitted to y = 2x + 1 by SGD in mini-batches of 8.
line_x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
line_y = 2 * line_x + 1
keras.utils.set_random_seed(0)
neuron = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1, name="neuron")])
neuron.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
recorder = keras.callbacks.WeightHistory(["neuron"])
neuron.fit(line_x, line_y, epochs=5, batch_size=8, verbose=0, callbacks=[recorder])
path = recorder.path(("neuron/kernel", (0, 0)), ("neuron/bias", 0))
viz.plot_loss_landscape(lambda t: ops.mean((t[0] * line_x + t[1] - line_y) ** 2, axis=0), path,
                        labels=[f"SGD, {len(path) - 1} steps"], param_names=("w", "b"))

# %%
# Digits: the MNIST sample
# ------------------------
# 5,000 training and 1,000 test images of 28×28 pixels ship with glassnet, so this lesson
# needs no download. Pixels are scaled to [0, 1] and each image is flattened to 784 numbers.
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_sample()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255
viz.show_images(x_train[:16], labels=y_train[:16])


# %%
# ReLU against the sigmoid
# ------------------------
# The same network, 784 → 64 → 64 → 10, trained the same way; only the hidden activation
# differs. The sigmoid's derivative is at most ¼, so its gradients are smaller and it learns
# more slowly at the same learning rate.
def classifier(activation, dropout=0.0, units=64):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)),
                              layers.Dense(units, activation=activation), layers.Dropout(dropout),
                              layers.Dense(units, activation=activation), layers.Dropout(dropout),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


histories = {}
for activation in ("relu", "sigmoid"):
    model = classifier(activation)
    histories[activation] = model.fit(x_train, y_train, epochs=8, batch_size=32, verbose=0,
                                      validation_data=(x_test, y_test))
    print(f"{activation}: test accuracy {model.evaluate(x_test, y_test, verbose=0)[1]:.3f}")

figure, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, (activation, history) in zip(axes, histories.items()):
    viz.plot_history(history, "accuracy", ax=ax, title=activation)
figure.tight_layout()

# %%
# Over-fitting, and dropout
# -------------------------
# With only 500 training images and 256 units per layer the network memorises them: its
# training loss falls towards 0 while the validation loss stops improving after a few epochs;
# the gap between the two curves is over-fitting. Dropout switches off a random half of the
# hidden units at each step (never at prediction time), so no unit can rely on another: the
# training loss stays higher, the gap narrows, and the validation loss ends a little lower.
small_x, small_y = x_train[:500], y_train[:500]
figure, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, rate in zip(axes, (0.0, 0.5)):
    model = classifier("relu", dropout=rate, units=256)
    history = model.fit(small_x, small_y, epochs=40, batch_size=32, verbose=0, validation_data=(x_test, y_test))
    viz.plot_history(history, "loss", ax=ax, title=f"Dropout({rate})")
    print(f"dropout {rate}: training loss {history.history['loss'][-1]:.3f}, validation loss "
          f"{history.history['val_loss'][-1]:.3f}, validation accuracy {history.history['val_accuracy'][-1]:.3f}")
figure.tight_layout()

# %%
# What the network gets wrong
# ---------------------------
predictions = model.predict(x_test, verbose=0).argmax(axis=1)
wrong = np.flatnonzero(predictions != y_test)[:8]
viz.show_images(x_test[wrong], labels=y_test[wrong], predictions=predictions[wrong])
