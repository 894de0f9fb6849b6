"""
Lesson 8: sequences and autoencoders
====================================

A recurrent network reads a sequence one step at a time and keeps a *state* that summarises
what it has read so far. An autoencoder squeezes its input through a narrow *code* and learns,
without labels, to rebuild it. Both are in glassnet with Keras's names, and both are glass
boxes: every state, every gate and every gradient over time can be printed and drawn.
"""

# %%
# A series to forecast
# --------------------
# ``make_sine_series`` cuts windows of 20 steps out of noisy sums of two sines; the target is
# the value 3 steps after the window. The naive forecast repeats the last value it saw.
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

import glassnet as keras  # noqa: E402
from glassnet import layers  # noqa: E402

keras.utils.set_random_seed(0)
X, y = keras.datasets.make_sine_series(800, timesteps=20, horizon=3, noise=0.05, seed=0)
x_train, y_train, x_test, y_test = X[:600], y[:600], X[600:], y[600:]
naive_mse = np.mean((x_test[:, -1, 0] - y_test) ** 2)
print(f"naive forecast, test MSE {naive_mse:.4f}")

# %%
# Elman's recurrence, by hand and by the layer
# --------------------------------------------
# ``SimpleRNN`` computes h_t = tanh(x_t·W + h_{t−1}·U + b) from h_0 = 0. Five lines of NumPy
# with the layer's own weights give the layer's answer.
rnn = layers.SimpleRNN(8, return_sequences=True)
out = rnn(x_test[:2])
W, U, b = rnn.get_weights()
h = np.zeros((2, 8), dtype=np.float32)
for t in range(x_test.shape[1]):
    h = np.tanh(x_test[:2, t] @ W + h @ U + b)
print("by hand = by the layer:", np.allclose(h, out.data[:, -1], atol=1e-5))

# %%
# Training recurrent forecasters
# ------------------------------
# The same Keras code trains a SimpleRNN, an LSTM and a GRU.
for cell in (layers.SimpleRNN, layers.LSTM, layers.GRU):
    model = keras.Sequential([keras.Input(shape=(20, 1)), cell(16), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="mse")
    model.fit(x_train, y_train, epochs=6, batch_size=32, verbose=0)
    mse = model.evaluate(x_test, y_test, verbose=0)
    print(f"{cell.__name__:9s} test MSE {mse:.4f}  ({naive_mse / mse:.1f}× better than naive)")

# %%
# Looking inside an LSTM
# ----------------------
# After a forward pass the layer keeps every state (``lstm.h``, ``lstm.c``) and gate
# (``lstm.gates``); after ``backward()`` it keeps the gradient that reached each step
# (``lstm.h_grads``): backpropagation through time, step by step.
from glassnet.ops import math as m  # noqa: E402

lstm = layers.LSTM(8, return_sequences=True)
sequence = keras.Tensor(x_test[:1])
m.sum(lstm(sequence)).backward()
print("forget gate at the last step:", np.round(lstm.gates["f"][0, -1], 2))
figure = keras.viz.plot_recurrent_states(lstm)

# %%
# Vanishing gradients
# -------------------
# Only the last output counts in the loss below. How much gradient reaches the first step?
# Through a SimpleRNN it is multiplied at every step by diag(1 − h_t²)·Uᵀ; through an LSTM's
# cell state by the forget gate f. Untrained, f ≈ σ(1) ≈ 0.73 (Keras starts the forget bias at
# 1), and 0.73⁶⁰ ≈ 10⁻⁸: both fade. What the gate adds is a way out: training can push f
# towards 1 for the units that must remember, which a SimpleRNN cannot do.
long = keras.Tensor(np.random.default_rng(1).normal(size=(1, 60, 1)).astype(np.float32))
for cell in (layers.SimpleRNN(16, return_sequences=True), layers.LSTM(16, return_sequences=True)):
    states = cell(long)
    pick = np.zeros(states.shape, dtype=np.float32)
    pick[:, -1] = 1
    m.sum(states * keras.Tensor(pick)).backward()
    norms = np.linalg.norm(cell.h_grads[0], axis=-1)
    print(f"{type(cell).__name__:9s} ‖dL/dh_1‖ / ‖dL/dh_60‖ = {norms[0] / norms[-1]:.2e}")

# %%
# Padding and masks
# -----------------
# Sentences have different lengths; short ones are padded with 0. ``Embedding(mask_zero=True)``
# marks the padding, and the LSTM after it carries its state over those steps: the padded
# sentence gives exactly the answer of the short one.
model = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(20, 4, mask_zero=True), layers.LSTM(3)])
padded = model(np.array([[7, 3, 9, 0, 0, 0]])).data
short = layers.LSTM(3)
short.build((None, 3, 4))
short.set_weights(model.layers[1].get_weights())
print("padded = short:", np.allclose(padded, short(model.layers[0](np.array([[7, 3, 9]]))).data, atol=1e-6))

# %%
# An autoencoder: compression without labels
# ------------------------------------------
# 784 pixels → 32 numbers → 784 pixels, trained to rebuild its input. The codes of digits the
# network was never told the labels of still gather by digit.
(digits, _), (test_digits, test_labels) = keras.datasets.mnist.load_sample()
digits = digits.reshape(-1, 784).astype(np.float32) / 255
test_digits = test_digits.reshape(-1, 784).astype(np.float32) / 255
inputs = keras.Input(shape=(784,))
code = layers.Dense(32)(layers.Dense(128, activation="relu")(inputs))
outputs = layers.Dense(784, activation="sigmoid")(layers.Dense(128, activation="relu")(code))
autoencoder, encoder = keras.Model(inputs, outputs), keras.Model(inputs, code)
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(digits, digits, epochs=5, batch_size=128, verbose=0)
print(f"test reconstruction MSE {autoencoder.evaluate(test_digits, test_digits, verbose=0):.4f}")
figure = keras.viz.plot_latent_space(encoder.predict(test_digits, verbose=0), test_labels)
