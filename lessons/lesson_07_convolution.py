"""
Lesson 7: convolution
=====================

A convolution slides a small kernel over a signal or an image and computes, at each place,
a weighted sum of the values under it. This lesson defines convolution and the
cross-correlation that networks actually compute, works through the edge-detection numbers,
padding, stride and the output size W_out, pooling, and then trains LeNet-5 on the MNIST
sample and looks at its filters and feature maps.
"""

# %%
# Two definitions in 1-D
# ----------------------
# Cross-correlation: y[i] = Σₖ x[i + k] w[k]. Convolution: y[i] = Σₖ x[i − k] w[k], the
# same with the kernel flipped. Convolution layers (in glassnet, Keras and PyTorch)
# compute the cross-correlation: the kernel is learned, so the flip does not matter.
import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import layers, ops, viz
from glassnet.inspection import conv_filters, feature_maps

x = np.array([0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 3.0])
w = np.array([1.0, 0.0, -1.0])
print("cross-correlation (valid):", ops.correlate1d(x, w, "valid").numpy())
print("convolution       (valid):", ops.convolve1d(x, w, "valid").numpy())
print("convolution       (full): ", ops.convolve1d(x, w).numpy(), "= numpy:", np.convolve(x, w))

# %%
# Edge detection, number by number
# --------------------------------
# A 6×6 image, bright (10) on the left and dark (0) on the right, and the vertical-edge kernel.
# Each output number is the sum of the 3×3 window times the kernel: it is large only where
# the window straddles the edge. The red frame is the window of the output's top-left number.
image = np.array([[10, 10, 10, 0, 0, 0]] * 6, dtype=float)
kernel = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float)
edges = ops.correlate2d(image, kernel)
print("true convolution flips the kernel, so the edge comes out negative:\n", ops.convolve2d(image, kernel, "valid").numpy())
figure, axes = plt.subplots(1, 3, figsize=(12, 4), gridspec_kw={"width_ratios": [6, 3, 4]})
viz.show_matrix(image, ax=axes[0], title="image", highlight=(0, 0, 3, 3))
viz.show_matrix(kernel, ax=axes[1], title="kernel", cmap="coolwarm")
viz.show_matrix(edges, ax=axes[2], title="cross-correlation (valid)", cmap="Greens")
figure.tight_layout()

# %%
# Padding, stride and W_out
# -------------------------
# With an input of width W, a kernel K, padding P and stride S the output has
# W_out = ⌊(W − K + 2P) / S⌋ + 1 positions. 'same' padding (P = (K − 1)/2, S = 1) keeps the
# size; a stride of 2 halves it. The zeros padded around the image make false edges at its
# border (the −30 and −20 on the left): padding keeps the size, not the content.
for W, K, P, S in [(6, 3, 0, 1), (6, 3, 1, 1), (7, 3, 0, 2), (28, 5, 2, 1), (32, 5, 0, 1)]:
    print(f"W = {W:2d}, K = {K}, P = {P}, S = {S}:  W_out = {ops.output_length(W, K, P, S)}")
padded = ops.correlate2d(image, kernel, "same")
strided = keras.layers.Conv2D(1, 3, strides=2, use_bias=False)
strided.build((1, 6, 6, 1))
strided.kernel.data[...] = kernel[:, :, None, None]
out = strided(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]
figure, axes = plt.subplots(1, 2, figsize=(9, 4))
viz.show_matrix(padded, ax=axes[0], title="padding 'same': 6×6", cmap="Greens")
viz.show_matrix(out, ax=axes[1], title="Conv2D, stride 2: 2×2", cmap="Greens")
figure.tight_layout()

# %%
# Pooling
# -------
# Max pooling keeps the largest value of each 2×2 window, average pooling their mean: the
# map shrinks by 2 in each direction and small shifts of the input barely change it.
values = np.arange(16, dtype="float32").reshape(1, 4, 4, 1) % 7
pooled_max = layers.MaxPooling2D(2)(values).numpy()[0, :, :, 0]
pooled_mean = layers.AveragePooling2D(2)(values).numpy()[0, :, :, 0]
figure, axes = plt.subplots(1, 3, figsize=(11, 3.6))
viz.show_matrix(values[0, :, :, 0], ax=axes[0], title="input 4×4", highlight=(0, 0, 2, 2))
viz.show_matrix(pooled_max, ax=axes[1], title="max pooling 2×2")
viz.show_matrix(pooled_mean, ax=axes[2], title="average pooling 2×2")
figure.tight_layout()

# %%
# LeNet-5
# -------
# Two convolution-and-pooling stages, then three dense layers: 61,706 parameters. A short
# training (two epochs) on the 5,000 sample images already passes 90 % on the 1,000 test images.
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_sample()
x_train = (x_train.astype("float32") / 255)[..., None]
x_test = (x_test.astype("float32") / 255)[..., None]
keras.utils.set_random_seed(0)
lenet = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(6, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
    layers.Conv2D(16, 5, activation="relu"), layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(120, activation="relu"), layers.Dense(84, activation="relu"),
    layers.Dense(10, activation="softmax"),
], name="lenet5")
lenet.summary()
lenet.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = lenet.fit(x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test), verbose=0)
print(f"test accuracy after 2 epochs: {history.history['val_accuracy'][-1]:.3f}")
viz.plot_history(history)

# %%
# What the first layer learned, and what it sees
# ----------------------------------------------
# The six 5×5 filters of the first layer (red adds, blue subtracts), and the six feature
# maps they produce on one test digit: each filter responds to strokes of its own direction.
first = lenet.layers[0].name
viz.plot_filters(conv_filters(lenet)[first], title="first-layer filters")
viz.plot_feature_maps(feature_maps(lenet, x_test[0])[first], title=f"feature maps of a {y_test[0]}")
