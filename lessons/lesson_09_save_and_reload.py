"""
Lesson 9: train, save, share, reload
====================================

A lesson's network does not have to be trained again in the next lesson, or by every student.
A ``.keras`` file holds the architecture, the weights and the optimizer's state; loading it gives
the same answers, number for number. This is also what the playground's "Download model" button
writes.
"""

# %%
# A digit classifier on the MNIST sample that ships with glassnet
# ---------------------------------------------------------------
# 5 000 training and 1 000 test images, inside the package: no download.
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.viz import plot_history, show_images

keras.utils.set_random_seed(0)
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_sample()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=64, epochs=5, validation_split=0.1, verbose=0)
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy {accuracy:.3f}")

# %%
# The learning curves: the training loss falls epoch after epoch; the validation loss shows
# when more epochs stop helping.
plot_history(history)
plt.show()

# %%
# Saving and loading
# ------------------
# The file is a zip of JSON (the architecture) and NumPy arrays (the weights): data, never code,
# so loading a file from someone else cannot run anything.
folder = Path(tempfile.mkdtemp())
model.save(folder / "digits.keras")
print(f"{(folder / 'digits.keras').stat().st_size / 1024:.0f} KiB")

reloaded = keras.models.load_model(folder / "digits.keras")
same = np.array_equal(model.predict(x_test, verbose=0), reloaded.predict(x_test, verbose=0))
print("same predictions after reloading:", same)

# %%
# The reloaded network at work: each image titled with its label and the network's answer.
predictions = reloaded.predict(x_test[:16], verbose=0).argmax(axis=1)
show_images(x_test[:16], labels=y_test[:16], predictions=predictions)
plt.show()
